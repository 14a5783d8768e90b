"""The policy against a real server on loopback: what is refused never
arrives there (the server counts), what is allowed works within bounds."""

from __future__ import annotations

import pytest

from ckanext.outbound import (
    OutboundError,
    OutboundPolicy,
    outbound_chunks,
    outbound_fetch,
    outbound_open,
    outbound_session,
)

from .conftest import ProbeServer


def policy(*allowed: str, **settings) -> OutboundPolicy:
    options = {"connect_timeout": 2.0, "read_timeout": 2.0}
    options.update(settings)
    return OutboundPolicy(**options).with_allowed(*allowed)


def refusal(url: str, pol: OutboundPolicy) -> OutboundError:
    with pytest.raises(OutboundError) as caught:
        outbound_fetch(url, policy=pol)
    return caught.value


def test_allowed_server_is_fetched(public_server):
    answer = outbound_fetch(
        f"{public_server.origin}/ok", policy=policy(public_server.hostport)
    )
    assert answer.status == 200
    assert answer.content == b"hallo"
    assert public_server.hits == ["/ok"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/ok",
        "http://2130706433:{port}/ok",
        "http://0177.0.0.1:{port}/ok",
        "http://0x7f.1:{port}/ok",
        "http://127.1:{port}/ok",
        "http://localhost:{port}/ok",
        "http://[::ffff:127.0.0.1]:{port}/ok",
    ],
)
def test_internal_address_is_never_contacted(internal_server, url):
    port = internal_server.server_address[1]
    error = refusal(url.format(port=port), policy())
    assert error.reason == "internal"
    assert error.refused
    assert internal_server.hits == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/x",
        "gopher://x/",
        "http:///x",
        "http://x:99999/",
    ],
)
def test_only_http_and_https(url):
    assert refusal(url, policy()).reason in ("scheme", "url")


def test_redirect_to_internal_address_is_refused(public_server, internal_server):
    target = f"{internal_server.origin}/ok"
    error = refusal(
        f"{public_server.origin}/redirect?to={target}", policy(public_server.hostport)
    )
    assert error.reason == "internal"
    assert public_server.hits == ["/redirect"]
    assert internal_server.hits == []


@pytest.mark.parametrize(
    "target", ["file:///etc/passwd", "http://169.254.169.254/latest/meta-data/"]
)
def test_redirect_elsewhere_is_refused(public_server, target):
    error = refusal(
        f"{public_server.origin}/redirect?to={target}", policy(public_server.hostport)
    )
    assert error.refused


def test_allowed_redirect_is_followed(public_server):
    answer = outbound_fetch(
        f"{public_server.origin}/redirect?to=/ok", policy=policy(public_server.hostport)
    )
    assert answer.content == b"hallo"
    assert public_server.hits == ["/redirect", "/ok"]


def test_redirect_limit(public_server):
    error = refusal(
        f"{public_server.origin}/loop", policy(public_server.hostport, max_redirects=3)
    )
    assert error.reason == "redirects"
    assert len(public_server.hits) == 4  # the first request and three redirects


class _RebindingResolver:
    """Answers the allowed address first and the internal one afterwards,
    as a DNS server with a short TTL does in a rebinding attack."""

    def __init__(self, first: str, later: str) -> None:
        self.answers = [first]
        self.later = later
        self.calls = 0

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls += 1
        return self.answers if self.calls == 1 else [self.later]


@pytest.fixture
def twin_servers():
    """Two servers on the same port: 127.0.0.2 (allowed) and 127.0.0.1."""
    for _ in range(20):
        allowed = ProbeServer("127.0.0.2")
        try:
            internal = ProbeServer("127.0.0.1", allowed.server_address[1])
        except OSError:
            allowed.stop()
            continue
        yield allowed, internal
        allowed.stop()
        internal.stop()
        return
    pytest.fail("no port free on both 127.0.0.1 and 127.0.0.2")


def test_dns_rebinding_is_defeated(twin_servers):
    allowed, internal = twin_servers
    port = allowed.server_address[1]
    resolver = _RebindingResolver("127.0.0.2", "127.0.0.1")
    pol = policy("127.0.0.2", resolver=resolver)
    answer = outbound_fetch(f"http://rebind.example:{port}/ok", policy=pol)
    assert answer.content == b"hallo"
    assert resolver.calls == 1  # resolved once: checked and connected alike
    assert allowed.hits == ["/ok"]
    assert internal.hits == []


def test_name_with_one_internal_answer_is_refused(twin_servers):
    allowed, internal = twin_servers
    port = allowed.server_address[1]
    pol = policy("127.0.0.2", resolver=lambda host, port: ["127.0.0.2", "127.0.0.1"])
    error = refusal(f"http://mixed.example:{port}/ok", pol)
    assert error.reason == "internal"
    assert allowed.hits == internal.hits == []


def test_unknown_host():
    def nothing(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    error = refusal("https://gibt-es-nicht.example/", policy(resolver=nothing))
    assert error.reason == "unknown_host"
    assert error.values["host"] == "gibt-es-nicht.example"
    assert "gibt-es-nicht.example" in error.message()


def test_size_cap_counts_after_decompression(public_server):
    pol = policy(public_server.hostport, max_bytes=1_000_000)
    url = f"{public_server.origin}/gzip?size=5000000"  # ~5 kB on the wire
    assert refusal(url, pol).reason == "too_large"
    small = outbound_fetch(f"{public_server.origin}/gzip?size=900000", policy=pol)
    assert small.content == b"\0" * 900_000


def test_size_cap_on_announced_and_streamed_length(public_server):
    pol = policy(public_server.hostport, max_bytes=50_000)
    assert refusal(f"{public_server.origin}/big?size=60000", pol).reason == "too_large"
    assert (
        refusal(f"{public_server.origin}/chunked?chunks=10", pol).reason == "too_large"
    )
    roomy = policy(public_server.hostport)
    url = f"{public_server.origin}/big?size=60000"
    with (
        outbound_open(url, policy=roomy) as response,
        pytest.raises(OutboundError, match="too_large"),
    ):
        b"".join(outbound_chunks(response, max_bytes=10_000, policy=roomy))


def test_trickling_body_hits_the_deadline(public_server):
    pol = policy(public_server.hostport, read_timeout=0.5)
    url = f"{public_server.origin}/chunked?chunks=50&chunk=10&pause=0.05"
    error = refusal(url, pol)
    assert error.reason == "timeout"


def test_http_error_status(public_server):
    error = refusal(
        f"{public_server.origin}/status?code=404", policy(public_server.hostport)
    )
    assert (error.reason, error.status) == ("status", 404)


def test_refused_connection_is_a_connection_error(public_server):
    probe = ProbeServer()
    hostport = probe.hostport
    probe.stop()  # nothing listens there any more
    error = refusal(f"http://{hostport}/ok", policy(hostport))
    assert error.reason == "connection"


def test_session_for_own_clients(public_server, internal_server):
    with outbound_session(policy(public_server.hostport)) as session:
        assert session.get(f"{public_server.origin}/ok", timeout=2).text == "hallo"
        with pytest.raises(OutboundError):
            session.get(f"{internal_server.origin}/ok", timeout=2)
        assert session.headers["User-Agent"]
    assert internal_server.hits == []


def test_proxies_are_not_used(public_server, internal_server):
    with (
        outbound_session(policy(public_server.hostport)) as session,
        pytest.raises(OutboundError),
    ):
        session.get(
            f"{public_server.origin}/ok",
            proxies={"http": internal_server.origin},
            timeout=2,
        )
    assert internal_server.hits == public_server.hits == []
