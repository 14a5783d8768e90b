"""Which addresses are refused, in every notation, and the allow-list."""

from __future__ import annotations

import ipaddress

import pytest

from ckanext.outbound import (
    OutboundAllowList,
    outbound_address_problem,
    outbound_parse_ip,
)


@pytest.mark.parametrize(
    ("host", "problem"),
    [
        ("127.0.0.1", "loopback"),
        ("2130706433", "loopback"),  # decimal
        ("0177.0.0.1", "loopback"),  # octal
        ("0x7f.0.0.1", "loopback"),  # hexadecimal
        ("127.1", "loopback"),  # short form
        ("[::1]", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("[::ffff:7f00:1]", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("0", "unspecified"),
        ("::", "unspecified"),
        ("10.1.2.3", "private"),
        ("172.31.255.1", "private"),
        ("192.168.178.1", "private"),
        ("0xc0.0xa8.1.1", "private"),
        ("100.64.0.1", "private"),
        ("fd00::1", "private"),
        ("64:ff9b::10.0.0.1", "private"),  # NAT64 of a private address
        ("2002:c0a8:0101::1", "private"),  # 6to4 of 192.168.1.1
        ("169.254.169.254", "link_local"),  # cloud metadata
        ("2852039166", "link_local"),  # the same, decimal
        ("fe80::1%eth0", "link_local"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("255.255.255.255", "reserved"),
        ("192.0.2.1", "reserved"),
        ("2001:db8::1", "reserved"),
        ("::127.0.0.1", "reserved"),  # IPv4-compatible (deprecated)
    ],
)
def test_internal_addresses_are_refused_in_every_notation(host, problem):
    ip = outbound_parse_ip(host)
    assert ip is not None
    assert outbound_address_problem(ip) == problem


@pytest.mark.parametrize(
    "host", ["93.184.215.14", "2a00:1450:4001:82a::200e", "::ffff:93.184.215.14"]
)
def test_public_addresses_pass(host):
    ip = outbound_parse_ip(host)
    assert ip is not None
    assert outbound_address_problem(ip) in (None, "reserved")
    if "::ffff:" not in host:  # a mapped address is only used by an odd resolver
        assert outbound_address_problem(ip) is None


@pytest.mark.parametrize("host", ["example.org", "1e100.net", "ris.saalekreis.de", ""])
def test_names_are_no_ip_addresses(host):
    assert outbound_parse_ip(host) is None


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(text)


def test_allow_list_entries():
    allow = OutboundAllowList.parse(
        [
            "csw.intranet.example",
            "ris.intranet.example:8443",
            "127.0.0.1:5091",
            "10.20.0.0/16",
            "[::1]:8080",
        ]
    )
    assert allow.allows("CSW.Intranet.Example.", 80, _ip("10.9.9.9"))
    assert allow.allows("ris.intranet.example", 8443, _ip("10.9.9.9"))
    assert not allow.allows("ris.intranet.example", 443, _ip("10.9.9.9"))
    assert allow.allows("localhost", 5091, _ip("127.0.0.1"))
    assert not allow.allows("localhost", 5092, _ip("127.0.0.1"))
    assert allow.allows("gis.example", 443, _ip("10.20.4.5"))
    assert not allow.allows("gis.example", 443, _ip("10.21.4.5"))
    assert allow.allows("ip6-localhost", 8080, _ip("::1"))
    assert not allow.allows("ip6-localhost", 8081, _ip("::1"))
    assert not OutboundAllowList().allows("localhost", 80, _ip("127.0.0.1"))


@pytest.mark.parametrize(
    "entry", ["host:port", "10.0.0.0/33", "[::1]x", "a/b/c", "h:0"]
)
def test_unreadable_allow_list_entry_is_named(entry):
    with pytest.raises(ValueError, match=r"\S"):
        OutboundAllowList.parse([entry])
