"""Fixtures every test package may use: the portal served on loopback and
one headless Chromium for the whole session (Debian's ``chromium``, driven
by Playwright; no browser is downloaded)."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium per session (skips where it is not installed:
    `make test` installs it with the system packages)."""
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # no sandbox: the tests run as root in CI, and load only loopback pages
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()


@pytest.fixture
def live_portal(app: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The portal of this test's settings served on 127.0.0.1 (a free port,
    threads), for the browser; yields its origin, which is also the site URL
    (CKAN redirects to it, e.g. after signing in)."""
    import ckan.plugins.toolkit as tk

    server = make_server("127.0.0.1", 0, app.app, threaded=True)
    origin = f"http://127.0.0.1:{server.server_port}"
    monkeypatch.setitem(tk.config, "ckan.site_url", origin)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield origin
    finally:
        server.shutdown()
        server.server_close()
