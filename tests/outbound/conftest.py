"""A real HTTP server on loopback that counts what reaches it.

One :class:`ProbeServer` serves the routes the policy is tested with; a test
allows it (``host:port``) or not, and asserts on :attr:`ProbeServer.hits`
whether a request ever arrived.
"""

from __future__ import annotations

import gzip
import http.server
import threading
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest


class _Handler(http.server.BaseHTTPRequestHandler):
    server: ProbeServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.server.hits.append(parts.path)
        route = parts.path.strip("/").split("/")[0]
        getattr(self, f"_{route}", self._ok)(query)

    def _send(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        if "Content_Length" not in headers and "Transfer_Encoding" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _ok(self, query: dict[str, str]) -> None:
        self._send(200, b"hallo", Content_Type="text/plain")

    def _text(self, query: dict[str, str]) -> None:
        body = query.get("body", "").encode()
        self._send(200, body, Content_Type=query.get("type", "text/csv"))

    def _redirect(self, query: dict[str, str]) -> None:
        self._send(302, Location=query["to"])

    def _loop(self, query: dict[str, str]) -> None:
        self._send(302, Location="/loop")

    def _status(self, query: dict[str, str]) -> None:
        self._send(int(query.get("code", "404")), b"nope")

    def _big(self, query: dict[str, str]) -> None:
        self._send(200, b"x" * int(query["size"]))

    def _gzip(self, query: dict[str, str]) -> None:
        body = gzip.compress(b"\0" * int(query["size"]))
        self._send(200, body, Content_Encoding="gzip")

    def _chunked(self, query: dict[str, str]) -> None:
        self.send_response(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for _ in range(int(query.get("chunks", "100"))):
            data = b"y" * int(query.get("chunk", "10000"))
            try:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()
            except OSError:
                return
            time.sleep(float(query.get("pause", "0")))
        self.wfile.write(b"0\r\n\r\n")


class ProbeServer(http.server.ThreadingHTTPServer):
    """An HTTP server on ``host`` (a free port unless given) counting requests.

    :param host: the loopback address to listen on
    :param port: the port, 0 for a free one
    """

    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), _Handler)
        self.hits: list[str] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()

    @property
    def origin(self) -> str:
        """``http://host:port``"""
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def hostport(self) -> str:
        """``host:port``, as an allow-list entry"""
        host, port = self.server_address[:2]
        return f"{host}:{port}"

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


@pytest.fixture(scope="session")
def _probe_servers() -> Iterator[tuple[ProbeServer, ProbeServer]]:
    public, internal = ProbeServer(), ProbeServer()
    yield public, internal
    public.stop()
    internal.stop()


@pytest.fixture
def public_server(_probe_servers: tuple[ProbeServer, ProbeServer]) -> ProbeServer:
    """A server the test policy allows (stands for a server on the internet)."""
    _probe_servers[0].hits.clear()
    return _probe_servers[0]


@pytest.fixture
def internal_server(_probe_servers: tuple[ProbeServer, ProbeServer]) -> ProbeServer:
    """A loopback server the policy must never contact."""
    _probe_servers[1].hits.clear()
    return _probe_servers[1]
