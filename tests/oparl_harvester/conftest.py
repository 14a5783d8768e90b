"""Fixtures for the OParl harvester tests: one fake server per session.

Starting the server once keeps the suite fast; every test gets it freshly
reset (data, clock, faults, request log) through the ``oparl_server``
fixture and may switch version, vendor or size with ``reset(...)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk
import pytest
import requests

from ckanext.oparl_harvester import config
from ckanext.oparl_harvester.client import OParlClient
from ckanext.outbound import (
    OutboundAdapter,
    OutboundGuard,
    outbound_policy,
    outbound_session,
)

from .fake_oparl import FakeOParl

PUBLIC_HTTPS = "https://ris.musterkreis.test"


class ForwardingAdapter(OutboundAdapter):
    """Send requests for a public ``https://`` origin to the loopback server,
    through the outbound policy's guard like every other request.

    Lets tests model a server reached by HTTPS without TLS on loopback.

    :param public: the origin requests are addressed to
    :param target: the origin they are sent to
    """

    def __init__(self, public: str, target: str) -> None:
        super().__init__(OutboundGuard(outbound_policy().allow))
        self.public = public
        self.target = target

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> Any:
        assert request.url is not None
        if request.url.startswith(self.public):
            request.url = self.target + request.url[len(self.public) :]
        return super().send(request, **kwargs)


@pytest.fixture(scope="session")
def _oparl_session_server() -> Iterator[FakeOParl]:
    server = FakeOParl(papers=120, meetings=12, persons=15, page_size=25)
    server.start()
    yield server
    server.stop()


def _hostport(url: str) -> str:
    return urlsplit(url).netloc


@pytest.fixture(autouse=True)
def _outbound_allows_fake_server(
    _oparl_session_server: FakeOParl, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the fake council information system runs on loopback, which the
    # outbound policy refuses unless allowed, as `make run` allows its own
    monkeypatch.setitem(
        tk.config,
        "ckanext.outbound.allow",
        _hostport(_oparl_session_server.served_base),
    )


@pytest.fixture
def oparl_server(_oparl_session_server: FakeOParl) -> Iterator[FakeOParl]:
    """The session's fake OParl server, reset to its initial state."""
    _oparl_session_server.reset()
    yield _oparl_session_server
    _oparl_session_server.faults.clear()


def make_client(session: requests.Session | None = None, **limits: Any) -> OParlClient:
    """A client with test-sized limits (short timeouts, tiny backoff), the
    others the portal's defaults.

    :param session: the HTTP session to use
    :param limits: overrides for :class:`ClientLimits`
    """
    test_sized: dict[str, Any] = {
        "max_retries": 2,
        "backoff": 0.01,
        "backoff_cap": 0.05,
        "breaker_threshold": 100,
        "breaker_cooldown": 0.5,
    }
    chosen = replace(config.client_limits(0.5), **{**test_sized, **limits})
    return OParlClient(chosen, session=session)


@pytest.fixture
def client() -> Iterator[OParlClient]:
    """An :class:`OParlClient` with test-sized limits."""
    with make_client() as oparl_client:
        yield oparl_client


@pytest.fixture
def https_client(oparl_server: FakeOParl) -> Iterator[OParlClient]:
    """A client whose session forwards ``https://ris.musterkreis.test``."""
    oparl_server.reset(public_base=PUBLIC_HTTPS)
    session = outbound_session()
    session.mount(
        PUBLIC_HTTPS, ForwardingAdapter(PUBLIC_HTTPS, oparl_server.served_base)
    )
    with make_client(session=session) as oparl_client:
        yield oparl_client
    session.close()
