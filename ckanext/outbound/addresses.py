"""Which network addresses the portal may connect to (no CKAN, no I/O).

:func:`outbound_address_problem` says why an IP address is refused (its
reason from ``networks.yaml``), :func:`outbound_parse_ip` reads every notation
of an IP address a resolver would accept, and :class:`OutboundAllowList` holds
the exceptions an operator configured (``ckanext.outbound.allow``).
"""

from __future__ import annotations

import functools
import ipaddress
import socket
from dataclasses import dataclass
from pathlib import Path

import yaml

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_NETWORKS_FILE = Path(__file__).with_name("networks.yaml")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


@functools.cache
def _refused_networks() -> tuple[tuple[str, IPNetwork], ...]:
    table = yaml.safe_load(_NETWORKS_FILE.read_text(encoding="utf-8"))
    return tuple(
        (reason, ipaddress.ip_network(network))
        for reason, networks in table.items()
        for network in networks
    )


def outbound_parse_ip(host: str) -> IPAddress | None:
    """The IP address a host part of a URL stands for, or ``None`` for a name.

    Besides the usual forms this reads what the C resolver accepts for IPv4:
    decimal (``2130706433``), octal (``0177.0.0.1``), hexadecimal
    (``0x7f.0.0.1``) and short forms (``127.1``); IPv6 with or without
    brackets and zone index.

    :param host: host part of a URL
    """
    host = host.strip().removeprefix("[").removesuffix("]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if not host or not host[0].isdigit():
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.sixtofour


def outbound_address_problem(ip: IPAddress) -> str | None:
    """Why the portal must not connect to ``ip``, or ``None`` if it may.

    :param ip: an IPv4 or IPv6 address
    :returns: a reason of ``networks.yaml`` (``loopback``, ``private``,
        ``link_local``, ``multicast``, ``reserved``, ``unspecified``)
    """
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None and (problem := outbound_address_problem(inner)):
            return problem
    for reason, network in _refused_networks():
        if ip.version == network.version and ip in network:
            return reason
    return None if ip.is_global else "reserved"


@dataclass(frozen=True)
class _Entry:
    host: str | None = None
    network: IPNetwork | None = None
    port: int | None = None

    def matches(self, host: str, port: int, ip: IPAddress) -> bool:
        if self.port is not None and self.port != port:
            return False
        if self.network is not None:
            return ip.version == self.network.version and ip in self.network
        return self.host == host.lower().rstrip(".")


def _parse_entry(text: str) -> _Entry:
    """One allow-list entry: ``name``, ``name:port``, ``ip``, ``ip:port``,
    ``[ipv6]:port`` or a network in CIDR notation."""
    value, port = text.strip(), None
    if value.startswith("["):
        inside, _, rest = value[1:].partition("]")
        value = inside
        if rest:
            if not rest.startswith(":"):
                raise ValueError(text)
            port = _port(rest[1:], text)
    elif value.count(":") == 1:
        value, _, number = value.partition(":")
        port = _port(number, text)
    if "/" in value:
        return _Entry(network=ipaddress.ip_network(value, strict=False), port=port)
    ip = outbound_parse_ip(value)
    if ip is not None:
        return _Entry(network=ipaddress.ip_network(ip), port=port)
    name = value.lower().rstrip(".")
    if not name or any(c in name for c in "/@?#[] "):
        raise ValueError(text)
    return _Entry(host=name, port=port)


def _port(number: str, text: str) -> int:
    if not number.isdigit() or not 0 < int(number) < 65536:
        raise ValueError(text)
    return int(number)


@dataclass(frozen=True)
class OutboundAllowList:
    """Internal addresses an operator allowed (``ckanext.outbound.allow``).

    An entry names a host (as written in URLs; matched by name, so its
    resolution is trusted), a host and port, an IP address or a network, each
    optionally with a port.
    """

    entries: tuple[_Entry, ...] = ()

    @classmethod
    def parse(cls, items: list[str] | tuple[str, ...]) -> OutboundAllowList:
        """Read the entries of the setting.

        :raises ValueError: naming the first entry that cannot be read
        """
        return cls(tuple(_parse_entry(item) for item in items if item.strip()))

    def allows(self, host: str, port: int, ip: IPAddress) -> bool:
        """Whether a connection to ``ip`` for ``host:port`` is allowed anyway.

        :param host: the host part of the URL
        :param port: the port connected to
        :param ip: the address it resolved to
        """
        return any(entry.matches(host, port, ip) for entry in self.entries)
