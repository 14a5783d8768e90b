"""The wheel portal admins install (`pip install .`) carries every run-time file."""

import pathlib
import subprocess
import sys
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        timeout=300,
    )
    (path,) = out.glob("ckanext_kommunal-*.whl")
    return zipfile.ZipFile(path)


@pytest.fixture(scope="module")
def wheel_names(wheel):
    return set(wheel.namelist())


def test_every_non_python_file_of_the_plugins_is_in_the_wheel(wheel_names):
    tracked = subprocess.run(
        ["git", "ls-files", "ckanext"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert tracked
    missing = [f for f in tracked if f not in wheel_names]
    assert missing == []


def test_plugins_are_registered(wheel, wheel_names):
    (name,) = [n for n in wheel_names if n.endswith("entry_points.txt")]
    entry_points = wheel.read(name).decode()
    assert "pg_search = ckanext.pg_search.plugin:PgSearchPlugin" in entry_points
