"""Typed access to dcat_ap_de's settings (declared in config_declaration.yaml)."""

from __future__ import annotations

import os

import ckan.plugins.toolkit as tk

_PREFIX = "ckanext.dcat_ap_de."


def _text(key: str) -> str:
    return (tk.config.get(_PREFIX + key) or "").strip()


def _list(key: str) -> list[str]:
    value = tk.config.get(_PREFIX + key) or []
    return value.split() if isinstance(value, str) else list(value)


def site_url() -> str:
    """The portal's public base URL without a trailing slash."""
    return str(tk.config.get("ckan.site_url") or "").rstrip("/")


def catalog_title() -> str:
    """Title of the catalog, falling back to the portal's title."""
    return _text("catalog.title") or str(tk.config.get("ckan.site_title") or "")


def catalog_description() -> str:
    """Description of the catalog, falling back to the site description/title."""
    return (
        _text("catalog.description")
        or str(tk.config.get("ckan.site_description") or "").strip()
        or catalog_title()
    )


def catalog_homepage() -> str:
    """Homepage of the catalog, falling back to the portal URL."""
    return _text("catalog.homepage") or site_url()


def catalog_languages() -> list[str]:
    """Languages of the catalog as EU language IRIs."""
    return _list("catalog.language")


def catalog_license() -> str:
    """Licence IRI of the catalog's metadata."""
    return _text("catalog.license")


def catalog_publisher() -> dict[str, str]:
    """The catalog's publisher as ``uri, name, type, email, url``."""
    return {
        "uri": _text("catalog.publisher_uri") or site_url() + "/publisher",
        "name": _text("catalog.publisher_name") or catalog_title(),
        "type": _text("catalog.publisher_type"),
        "email": _text("catalog.publisher_email"),
        "url": _text("catalog.publisher_homepage"),
    }


def contributor_id() -> str:
    """Default ``dcatde:contributorID`` of the portal (IRI or empty)."""
    return _text("contributor_id")


def political_geocoding_level() -> str:
    """Default political geocoding level IRI (or empty)."""
    return _text("political_geocoding_level")


def political_geocoding() -> list[str]:
    """Default political geocoding IRIs."""
    return _list("political_geocoding")


def _storage_dir(name: str) -> str:
    return os.path.join(
        str(tk.config.get("ckan.storage_path") or ""), "dcat_ap_de", name
    )


def shapes_dir() -> str:
    """Folder of the official DCAT-AP.de SHACL shapes."""
    return _text("shapes_dir") or _storage_dir("shapes")


def quality_shapes_dir() -> str:
    """Folder of GovData's quality (dashboard) shapes."""
    return _text("quality_shapes_dir") or _storage_dir("quality-shapes")


def vocabularies_dirs() -> list[str]:
    """Folders of the code lists and ontologies used by the shapes."""
    return _list("vocabularies_dirs") or [_storage_dir("vocabularies")]
