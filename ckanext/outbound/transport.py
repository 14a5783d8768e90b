"""The seam into requests and urllib3: connections only to checked addresses.

A host is resolved once, every address it resolves to is checked
(:func:`~.addresses.outbound_address_problem`, the allow-list), and the
socket is connected to exactly such a checked address, so a DNS answer that
changes between the check and the connection (DNS rebinding) cannot lead
anywhere else. TLS still verifies the certificate for the host name (SNI),
and the ``Host`` header is the name from the URL. Every redirect hop opens
its connection here as well. This patches urllib3's connection classes, the
one place where the address is chosen; the rest of requests stays as it is.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.poolmanager import PoolManager
from urllib3.util import connection

from .addresses import OutboundAllowList, outbound_address_problem, outbound_parse_ip
from .errors import OutboundError

log = logging.getLogger(__name__)

#: host, port → the IP addresses it resolves to, as strings
OutboundResolver = Callable[[str, int], list[str]]


def outbound_system_resolver(host: str, port: int) -> list[str]:
    """Resolve through the system's resolver (``getaddrinfo``), in its order.

    :raises socket.gaierror: for unknown hosts
    """
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class OutboundGuard:
    """Resolves and checks the addresses of one connection.

    :param allow: the operator's exceptions
    :param resolver: how host names are resolved (tests pass a stub)
    """

    allow: OutboundAllowList = field(default_factory=OutboundAllowList)
    resolver: OutboundResolver = outbound_system_resolver

    def addresses(self, host: str, port: int, origin: str) -> list[str]:
        """The addresses to connect to for ``host:port``, all of them allowed.

        A name that resolves to any refused address is refused as a whole:
        a mix of public and internal answers is how rebinding is attempted.

        :param origin: ``scheme://host:port`` for the message
        :raises OutboundError: ``internal`` or ``unknown_host``
        """
        literal = outbound_parse_ip(host)
        if literal is not None:
            answers = [str(literal)]
        else:
            try:
                answers = self.resolver(host, port)
            except (OSError, UnicodeError) as error:
                raise OutboundError(
                    "unknown_host", origin, repr(error), host=host
                ) from None
            if not answers:
                raise OutboundError("unknown_host", origin, "no address", host=host)
        for answer in answers:
            ip = ipaddress.ip_address(answer.split("%", 1)[0])
            problem = outbound_address_problem(ip)
            if problem and not self.allow.allows(host, port, ip):
                log.warning("outbound: refused %s (%s is %s)", origin, ip, problem)
                raise OutboundError("internal", origin, f"{ip} is {problem}", host=host)
        return answers


class _GuardedConnection(HTTPConnection):
    """An HTTP connection whose socket goes to a checked address only."""

    def __init__(self, *args: Any, outbound_guard: OutboundGuard, **kwargs: Any):
        self._outbound_guard = outbound_guard
        super().__init__(*args, **kwargs)

    def _new_conn(self) -> socket.socket:
        scheme = "https" if isinstance(self, HTTPSConnection) else "http"
        origin = f"{scheme}://{self.host}:{self.port}"
        failure: OSError | None = None
        addresses = self._outbound_guard.addresses(self._dns_host, self.port, origin)
        for address in addresses:
            try:
                sock = connection.create_connection(
                    (address, self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError as error:
                raise ConnectTimeoutError(
                    self, f"Connection to {self.host} timed out"
                ) from error
            except OSError as error:
                failure = error  # try the next address, as urllib3 does
                continue
            sys.audit("http.client.connect", self, self.host, self.port)
            return sock
        raise NewConnectionError(
            self, f"Failed to establish a new connection: {failure}"
        ) from failure


class _GuardedTLSConnection(_GuardedConnection, HTTPSConnection):
    """The same for HTTPS; TLS verifies the host name of the URL."""


class _GuardedPool(HTTPConnectionPool):
    ConnectionCls = _GuardedConnection


class _GuardedTLSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedTLSConnection


class _GuardedPoolManager(PoolManager):
    def __init__(self, guard: OutboundGuard, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._outbound_guard = guard
        self.pool_classes_by_scheme = {"http": _GuardedPool, "https": _GuardedTLSPool}

    def _new_pool(
        self,
        scheme: str,
        host: str,
        port: int,
        request_context: dict[str, Any] | None = None,
    ) -> HTTPConnectionPool:
        given = self.connection_pool_kw if request_context is None else request_context
        context = dict(given)
        context["outbound_guard"] = self._outbound_guard
        return super()._new_pool(scheme, host, port, context)


class OutboundAdapter(HTTPAdapter):
    """A requests transport adapter that connects through an :class:`OutboundGuard`.

    Proxies are refused: the address check would see the proxy, not the
    server behind it.
    """

    def __init__(self, guard: OutboundGuard) -> None:
        self._outbound_guard = guard
        super().__init__(max_retries=0)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        self.poolmanager = _GuardedPoolManager(
            self._outbound_guard,
            num_pools=connections,
            maxsize=maxsize,
            block=block,
            **pool_kwargs,
        )

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        raise OutboundError("connection", proxy, "proxies are not used", host=proxy)
