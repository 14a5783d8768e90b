"""Settings read with the defaults of a plugin's ``config_declaration.yaml``.

CKAN fills in declared defaults only for loaded plugins. Several parts of
the bundle work without their plugin loaded (the outbound policy for any
plugin that fetches, pg_search's backend in foreign test suites, the OParl
client in its tests); they read the defaults from the declaration itself,
so each default stays written once. CKAN-free code (the privacy scan) takes
its defaults from :func:`kommunal_declared_defaults` without CKAN.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml


@functools.cache
def kommunal_declared_defaults(declaration: Path) -> dict[str, Any]:
    """Every option's default in a config declaration, by key.

    :param declaration: the plugin's ``config_declaration.yaml``
    """
    data = yaml.safe_load(declaration.read_text(encoding="utf-8"))
    return {
        option["key"]: option.get("default")
        for group in data["groups"]
        for option in group["options"]
    }


def kommunal_setting(declaration: Path, key: str) -> Any:
    """The value of ``key``: as configured, else its declared default.

    :param declaration: the declaring plugin's ``config_declaration.yaml``
    :param key: the full key, e.g. ``ckanext.outbound.allow``
    """
    # here, not at the top: the defaults alone serve CKAN-free code (the scan)
    import ckan.plugins.toolkit as tk

    # not `config.get`: it warns about keys undeclared while unloaded
    value = tk.config[key] if key in tk.config else None  # noqa: SIM401
    return kommunal_declared_defaults(declaration)[key] if value is None else value
