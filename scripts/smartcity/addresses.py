"""Which IP addresses the external-link check may connect to: the project's own, explicit table.

Why not ``ipaddress``'s ``is_global``/``is_private``: their tables change between Python patch releases
(CPython's fix for gh-113171 / CVE-2024-4032 was backported into patch releases), and they do not look inside
IPv6 forms that carry an IPv4 address. Measured on this machine's Python 3.11.7: ``is_global`` is True for
``2002:7f00:1::1`` (6to4 of 127.0.0.1), ``2002:a00:1::1`` (6to4 of 10.0.0.1), ``fec0::1`` (site-local),
``64:ff9b::a00:1`` (NAT64 of 10.0.0.1), ``::127.0.0.1`` (IPv4-compatible loopback) and ``192.0.0.8``.
``ipaddress`` is used here only to parse an address and to test membership of a network written below.

The rule: an address is public when no row of the table below contains it, and, for an IPv6 address,
when it lies in global unicast space (``2000::/3``) or is a NAT64 address of the well-known prefix; where an
IPv6 form carries an IPv4 address (6to4, Teredo, NAT64), that IPv4 address must be public too.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Blocked:
    """A range the check never connects to, with what it is (for messages and tests)."""

    network: ipaddress.IPv4Network | ipaddress.IPv6Network
    name: str


def _table(rows: list[tuple[str, str]]) -> tuple[Blocked, ...]:
    return tuple(Blocked(ipaddress.ip_network(network), name) for network, name in rows)


# IPv4: the IANA special-purpose registry (RFC 6890 and its updates), every row not globally reachable.
BLOCKED_IPV4 = _table(
    [
        ("0.0.0.0/8", "this network (RFC 791)"),
        ("10.0.0.0/8", "private (RFC 1918)"),
        ("100.64.0.0/10", "shared address space, carrier-grade NAT (RFC 6598)"),
        ("127.0.0.0/8", "loopback (RFC 1122)"),
        ("169.254.0.0/16", "link-local (RFC 3927)"),
        ("172.16.0.0/12", "private (RFC 1918)"),
        ("192.0.0.0/24", "IETF protocol assignments (RFC 6890)"),
        ("192.0.2.0/24", "documentation TEST-NET-1 (RFC 5737)"),
        ("192.88.99.0/24", "6to4 relay anycast, deprecated (RFC 7526)"),
        ("192.168.0.0/16", "private (RFC 1918)"),
        ("198.18.0.0/15", "benchmarking (RFC 2544)"),
        ("198.51.100.0/24", "documentation TEST-NET-2 (RFC 5737)"),
        ("203.0.113.0/24", "documentation TEST-NET-3 (RFC 5737)"),
        ("224.0.0.0/4", "multicast (RFC 5771)"),
        ("240.0.0.0/4", "reserved, and the limited broadcast address (RFC 1112, RFC 919)"),
    ]
)

# IPv6: every special range that is not globally reachable, including those inside 2000::/3.
BLOCKED_IPV6 = _table(
    [
        ("::/96", "unspecified, loopback and IPv4-compatible, deprecated (RFC 4291)"),
        ("::ffff:0:0/96", "IPv4-mapped (RFC 4291)"),
        ("64:ff9b:1::/48", "local-use NAT64 prefix (RFC 8215)"),
        ("100::/64", "discard-only (RFC 6666)"),
        ("2001:2::/48", "benchmarking (RFC 5180)"),
        ("2001:10::/28", "ORCHID, deprecated (RFC 4843)"),
        ("2001:20::/28", "ORCHIDv2 (RFC 7343)"),
        ("2001:db8::/32", "documentation (RFC 3849)"),
        ("3fff::/20", "documentation (RFC 9637)"),
        ("5f00::/16", "segment routing SIDs (RFC 9602)"),
        ("fc00::/7", "unique local (RFC 4193)"),
        ("fe80::/10", "link-local (RFC 4291)"),
        ("fec0::/10", "site-local, deprecated (RFC 3879)"),
        ("ff00::/8", "multicast (RFC 4291)"),
    ]
)

GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")
NAT64_WELL_KNOWN = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the IPv4 address is the last 32 bits
SIX_TO_FOUR = ipaddress.ip_network("2002::/16")  # RFC 3056: the IPv4 address is bits 16 to 47
TEREDO = ipaddress.ip_network("2001::/32")  # RFC 4380: server IPv4 in bits 32-63, client IPv4 inverted in 96-127


def parse(text: str) -> IPAddress | None:
    """The IP address ``text`` spells (brackets and an IPv6 zone such as ``%eth0`` allowed), else None."""
    bare = text.strip().removeprefix("[").removesuffix("]")
    bare = bare.partition("%")[0]
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        return None


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries by its form (6to4, Teredo, NAT64); empty for other forms."""
    value = int(address)
    if address in SIX_TO_FOUR:
        return [ipaddress.IPv4Address((value >> 80) & 0xFFFFFFFF)]
    if address in TEREDO:
        server = ipaddress.IPv4Address((value >> 64) & 0xFFFFFFFF)
        client = ipaddress.IPv4Address(~value & 0xFFFFFFFF)
        return [server, client]
    if address in NAT64_WELL_KNOWN:
        return [ipaddress.IPv4Address(value & 0xFFFFFFFF)]
    return []


def blocked_by(address: IPAddress) -> Blocked | None:
    """The row of the table that stops ``address``, or None when the address is public.

    For an IPv6 form that carries an IPv4 address, a blocked IPv4 address inside is reported with the form's name.
    """
    if isinstance(address, ipaddress.IPv4Address):
        return next((row for row in BLOCKED_IPV4 if address in row.network), None)
    row = next((row for row in BLOCKED_IPV6 if address in row.network), None)
    if row is not None:
        return row
    if address not in GLOBAL_UNICAST and address not in NAT64_WELL_KNOWN:
        return Blocked(ipaddress.ip_network("::/0"), "outside global unicast 2000::/3 (RFC 4291)")
    for inner in embedded_ipv4(address):
        inner_row = blocked_by(inner)
        if inner_row is not None:
            return Blocked(inner_row.network, f"{inner_row.name}, carried inside {address}")
    return None


def is_public(address: IPAddress | str) -> bool:
    """True when the check may connect to ``address``; a string that is not an IP address is never public."""
    parsed = parse(address) if isinstance(address, str) else address
    if parsed is None:
        return False
    return blocked_by(parsed) is None
