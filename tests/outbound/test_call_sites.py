"""Every fetch of the bundle goes through the outbound policy.

Fails when a module outside ``ckanext/outbound`` opens a connection another
way: a ``requests`` call or session, ``urllib.request``, ``http.client``,
urllib3's pools, httpx or aiohttp, or a raw socket connection. Importing
``requests`` for its exception classes (as the OParl client does) is fine.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "ckanext" / "outbound"
FORBIDDEN_MODULES = ("http.client", "urllib.request", "httpx", "aiohttp", "pycurl")
REQUESTS_CALLS = {
    *("get", "post", "put", "patch", "delete", "head", "options", "request"),
    *("Session", "session"),
}
URLLIB3_NAMES = {
    *("PoolManager", "HTTPConnectionPool", "HTTPSConnectionPool"),
    *("request", "connection_from_url"),
}


def _plain_import(node: ast.AST) -> bool:
    if isinstance(node, ast.Import):
        return any(alias.name.startswith(FORBIDDEN_MODULES) for alias in node.names)
    if not isinstance(node, ast.ImportFrom):
        return False
    module = node.module or ""
    names = {alias.name for alias in node.names}
    return (
        module.startswith(FORBIDDEN_MODULES)
        or (module == "requests" and bool(names & REQUESTS_CALLS))
        or (module.startswith("urllib3") and bool(names & URLLIB3_NAMES))
        or (module == "urllib" and "request" in names)
    )


def _plain_call(node: ast.AST) -> bool:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    owner, attr = ast.unparse(node.func.value), node.func.attr
    return (
        (owner == "requests" and attr in REQUESTS_CALLS)
        or (owner.startswith("urllib3") and attr in URLLIB3_NAMES)
        or (owner == "socket" and attr in ("create_connection", "socket"))
    )


def plain_fetches(source: str) -> list[str]:
    """What in ``source`` would fetch around the policy, as ``line: code``."""
    return [
        f"{getattr(node, 'lineno', 0)}: {ast.unparse(node)[:80]}"
        for node in ast.walk(ast.parse(source))
        if _plain_import(node) or _plain_call(node)
    ]


def _modules() -> list[Path]:
    return sorted(
        path for path in (ROOT / "ckanext").rglob("*.py") if POLICY not in path.parents
    )


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_fetch_around_the_policy(path):
    assert plain_fetches(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "snippet",
    [
        "import requests\nrequests.get(url)",
        "import requests\nwith requests.Session() as s: pass",
        "from requests import get",
        "import urllib.request",
        "from urllib import request",
        "from urllib.request import urlopen",
        "import http.client",
        "import httpx",
        "import urllib3\nurllib3.PoolManager()",
        "from urllib3 import PoolManager",
        "import socket\nsocket.create_connection(('10.0.0.1', 80))",
    ],
)
def test_the_check_finds_plain_fetches(snippet):
    assert plain_fetches(snippet)


def test_the_check_lets_exceptions_and_the_policy_pass():
    source = (
        "import requests\n"
        "from urllib3.exceptions import ReadTimeoutError\n"
        "from ckanext.outbound import outbound_session\n"
        "try:\n    outbound_session().get(url)\nexcept requests.Timeout:\n    pass\n"
    )
    assert plain_fetches(source) == []
