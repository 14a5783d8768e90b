"""The pinned requirements and system packages install on a plain Debian 12.

Debian 12 ships Python 3.11.2; the lowest Python the bundle supports is the
floor of its ``python_requires``. A pin whose ``Requires-Python`` excludes
that version fails ``pip install`` there ("No matching distribution"), so
every pin is checked against the metadata installed in the virtualenv.
"""

from __future__ import annotations

import pathlib
import subprocess
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEBIAN_12_PYTHON = Version("3.11.2")


def pins() -> list[Requirement]:
    """The ``name==version`` lines of requirements.txt."""
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [Requirement(line) for line in lines if line and not line.startswith("#")]


def lowest_python() -> Version:
    """The floor of the bundle's own ``Requires-Python``."""
    spec = SpecifierSet(metadata.metadata("ckanext-kommunal")["Requires-Python"])
    floors = [Version(s.version) for s in spec if s.operator in (">=", "==")]
    assert len(floors) == 1, f"no single lower bound in {spec}"
    return floors[0]


def test_debian_12_python_is_supported() -> None:
    assert lowest_python() <= DEBIAN_12_PYTHON


@pytest.mark.parametrize("pin", pins(), ids=str)
def test_pin_installs_on_the_lowest_python(pin: Requirement) -> None:
    (spec,) = pin.specifier
    assert spec.operator == "==", f"{pin} is not pinned"
    installed = metadata.metadata(pin.name)
    assert installed["Version"] == spec.version, (
        f"{pin.name} {installed['Version']} is installed, {spec.version} pinned"
    )
    requires = SpecifierSet(installed.get("Requires-Python") or "")
    assert requires.contains(lowest_python(), prereleases=True), (
        f"{pin} needs Python {requires}; Debian 12 has {lowest_python()}"
    )


def missing_system_packages(*extra: str) -> list[str]:
    """What scripts/system-packages.sh would install."""
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "system-packages.sh"), "--missing", *extra],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.split()


def test_system_packages_installed_by_the_set_up_are_found() -> None:
    # make test ran the set-up first: a check that still lists a package
    # would reinstall it on every run
    assert missing_system_packages() == []


def test_system_package_check_notices_a_missing_package() -> None:
    assert missing_system_packages("kommunal-not-a-package") == [
        "kommunal-not-a-package"
    ]
