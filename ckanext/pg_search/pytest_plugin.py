"""Run any CKAN-based test suite against pg_search instead of Solr.

    pytest -p ckanext.pg_search.pytest_plugin --ckan-ini=test.ini …

The backend is installed before CKAN's own pytest plugin builds the app and
stays installed whatever plugins a suite loads or unloads (``with_plugins``),
because it is not tied to the ``pg_search`` plugin being loaded. The index
table is created if missing; it lives outside CKAN's tables, so ``clean_db``
leaves it alone and ``clean_index`` empties it, as with Solr.
"""

from __future__ import annotations

import pytest

from . import backend


def pytest_configure(config: pytest.Config) -> None:
    backend.install()


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    # CKAN's pytest plugin has loaded the configuration by now
    import ckan.plugins.toolkit as tk

    from .model import upgrade_schema

    upgrade_schema(tk.config["sqlalchemy.url"])
    backend.install()


def pytest_collection_finish(session: pytest.Session) -> None:
    # test modules may have imported make_connection by name
    backend.install()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--pg-search-skip-list",
        action="store",
        default=None,
        help="file of tests that cannot pass on pg_search, one per line: "
        "'<node id suffix>  # reason'",
    )


def _skip_list(path: str) -> dict[str, str]:
    entries = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            test, _, reason = line.partition("#")
            entries[test.strip()] = reason.strip() or "listed in " + path
    return entries


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    path = config.getoption("--pg-search-skip-list")
    if not path:
        return
    entries = _skip_list(path)
    for item in items:
        for test, reason in entries.items():
            if item.nodeid.endswith(test) or test in item.nodeid:
                item.add_marker(pytest.mark.skip(reason=f"pg_search: {reason}"))
