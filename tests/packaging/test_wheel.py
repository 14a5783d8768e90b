"""The wheel portal admins install (`pip install .`) carries every run-time file."""

import pathlib
import shutil
import subprocess
import sys
import sysconfig
import tempfile
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


# the data folders at the top, as they are installed
DATA_FOLDERS = {"schemas": "ckanext/kommunal/schemas", "i18n": "ckanext/kommunal/i18n"}


def _tracked(folder: str) -> list[str]:
    return subprocess.run(
        ["git", "ls-files", folder],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()


def test_every_non_python_file_of_the_plugins_is_in_the_wheel(wheel_names):
    tracked = _tracked("ckanext")
    assert tracked
    missing = [f for f in tracked if f not in wheel_names]
    assert missing == []


@pytest.mark.parametrize("folder", sorted(DATA_FOLDERS))
def test_the_schemas_and_catalogues_are_in_the_wheel(wheel_names, folder):
    tracked = _tracked(folder)
    assert tracked
    installed = [DATA_FOLDERS[folder] + f.removeprefix(folder) for f in tracked]
    assert [f for f in installed if f not in wheel_names] == []


# run in a fresh venv that has the wheel installed beside the dependencies
# (this venv's site-packages, hard-linked, without its editable install)
LOAD_FROM_WHEEL = """
import ckanext.dcat_ap_de, ckanext.kommunal.schemas
from ckanext.scheming.plugins import _load_schema_module_path
from babel.support import Translations
from ckanext.kommunal.translation import kommunal_i18n_directory
import sys
for module in (ckanext.dcat_ap_de, ckanext.kommunal.schemas):
    assert module.__file__.startswith(sys.prefix + "/lib/"), module.__file__
schema = _load_schema_module_path("ckanext.kommunal.schemas:dcat_ap_de/dataset.yaml")
assert schema["scheming_version"] and schema["dataset_fields"], schema
from ckanext.dcat_ap_de import mapping
assert mapping.field_for("http://purl.org/dc/terms/title", "dataset")
for domain in DOMAINS:
    de = Translations.load(kommunal_i18n_directory(), ["de"], domain=domain)
    assert isinstance(de, Translations) and de._catalog, domain
print("ok")
"""


def test_plugins_load_schemas_and_catalogues_from_the_installed_wheel(wheel):
    # on the checkout's file system: hard links cannot cross to /tmp
    (ROOT / ".local").mkdir(exist_ok=True)
    venv = pathlib.Path(tempfile.mkdtemp(prefix="wheel-venv-", dir=ROOT / ".local"))
    try:
        _install(pathlib.Path(wheel.filename), venv)
        domains = sorted(
            pathlib.Path(f).stem
            for f in _tracked("i18n")
            if f.startswith("i18n/de/") and f.endswith(".po")
        )
        script = f"DOMAINS = {domains!r}\n" + LOAD_FROM_WHEEL
        result = subprocess.run(
            [str(venv / "bin" / "python"), "-c", script],
            cwd=venv,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        shutil.rmtree(venv)
    assert result.stdout.strip() == "ok", result.stderr


def _install(wheel_file: pathlib.Path, venv: pathlib.Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True
    )
    here = pathlib.Path(sysconfig.get_paths()["purelib"])
    (site,) = (venv / "lib").glob("python3*/site-packages")
    subprocess.run(["cp", "-al", f"{here}/.", str(site)], check=True)
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python")),
            *("install", "-q", "--no-deps", "--no-index", str(wheel_file)),
        ],
        check=True,
        timeout=300,
    )
