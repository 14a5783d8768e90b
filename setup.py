"""ckanext-kommunal: CKAN extensions for municipal open-data portals in Germany."""

from pathlib import Path

from setuptools import find_namespace_packages, setup

PLUGINS = {
    "outbound": "ckanext.outbound.plugin:OutboundPlugin",
    "portal_security": "ckanext.portal_security.plugin:PortalSecurityPlugin",
    "pg_search": "ckanext.pg_search.plugin:PgSearchPlugin",
    "dcat_ap_de": "ckanext.dcat_ap_de.plugin:DcatApDePlugin",
    "privacy_clearance": "ckanext.privacy_clearance.plugin:PrivacyClearancePlugin",
    "oparl_harvester": "ckanext.oparl_harvester.plugin:OParlHarvesterPlugin",
}
# schemas/ and i18n/ at the top hold the data of all plugins; installed inside
# the wheel as packages of ckanext.kommunal, where the plugins find them
DATA_FOLDERS = {"ckanext.kommunal.schemas": "schemas", "ckanext.kommunal.i18n": "i18n"}


def _data_packages() -> list[str]:
    """The data folders and their subfolders as package names."""
    names = []
    for name, folder in DATA_FOLDERS.items():
        names += [name, *(f"{name}.{sub}" for sub in find_namespace_packages(folder))]
    return names


RDF_PROFILES = {
    "dcat_ap_de": "ckanext.dcat_ap_de.profile:DcatApDeProfile",
}

setup(
    name="ckanext-kommunal",
    version="0.1.0",
    description=(
        "CKAN 2.12 extensions for German municipal open-data portals: "
        "DCAT-AP.de, data-protection clearance, OParl and geodata harvesters, "
        "search on PostgreSQL"
    ),
    long_description=Path("README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="AGPL-3.0-or-later",
    # Debian 12 (bookworm) ships Python 3.11.2: the lowest Python supported, and
    # every pin in requirements.txt must install on it (tests/packaging).
    python_requires=">=3.11.2",
    packages=[*find_namespace_packages(include=["ckanext.*"]), *_data_packages()],
    package_dir=DATA_FOLDERS,
    include_package_data=True,
    package_data={
        # Everything a plugin reads at run time must be inside the wheel.
        "": [
            "*.yaml",
            "*.yml",
            "*.json",
            "*.ini",
            "*.mako",
            "*.sql",
            "templates/**/*",
            "assets/**/*",
            "public/**/*",
            "i18n/**/*",
            "*.po",
            "*.mo",
            "*.pot",
            "migration/**/*",
        ],
    },
    install_requires=[
        "ckan>=2.12,<2.13",
        "luqum>=1.0,<2",
        "ckanext-dcat>=2.4,<2.5",
        "ckanext-scheming>=3.1,<4",
        "pyshacl>=0.40,<0.41",
        "openpyxl>=3.1,<4",
        "pypdf>=5,<8",
        "segno>=1.6,<2",
    ],
    entry_points={
        "ckan.plugins": [f"{name} = {target}" for name, target in PLUGINS.items()],
        "ckan.rdf.profiles": [
            f"{name} = {target}" for name, target in RDF_PROFILES.items()
        ],
        "babel.extractors": [
            "ckan = ckan.lib.extract:extract_ckan",
        ],
    },
    message_extractors={
        "ckanext": [
            ("**.py", "python", None),
            ("**.js", "javascript", None),
            ("**/templates/**.html", "ckan", None),
        ],
    },
)
