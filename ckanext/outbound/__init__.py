"""outbound: every request the bundle makes to another server goes through here.

The policy: only http and https; the host resolved once and the socket
connected to exactly the address that was checked (no DNS rebinding);
loopback, private, link-local, multicast, reserved and unspecified addresses
refused in IPv4 and IPv6, whatever their notation, unless
``ckanext.outbound.allow`` names them; the same check on every redirect hop,
a redirect limit, connect and read timeouts, a size cap counted after
decompression. A failure is an :class:`OutboundError` whose
:meth:`~OutboundError.message` is a German sentence for people; the
exception text is for the log.

Callers use :func:`outbound_fetch` (whole body), :func:`outbound_open` with
:func:`outbound_chunks` (streamed), or :func:`outbound_session` where a
client manages its own requests (the OParl harvester). A test fails when a
module outside this package imports ``requests``, ``urllib`` or ``httpx``
for fetching.

The package re-exports its public names. Its modules:

- :mod:`.addresses`: which IP addresses are refused (``networks.yaml``),
  IP notations, the allow-list (no CKAN, no I/O);
- :mod:`.transport`: the requests/urllib3 seam that resolves, checks and
  connects to the checked address;
- :mod:`.fetch`: the policy from the settings, sessions, open/fetch, bounded
  bodies;
- :mod:`.errors`: the failure reasons and their messages;
- :mod:`.config`: typed settings (``config_declaration.yaml``);
- :mod:`.plugin`: wiring (declaration, translations, start-up check).
"""

from __future__ import annotations

from .addresses import OutboundAllowList, outbound_address_problem, outbound_parse_ip
from .errors import OutboundError
from .fetch import (
    OutboundPolicy,
    OutboundResponse,
    outbound_check_url,
    outbound_chunks,
    outbound_error,
    outbound_fetch,
    outbound_open,
    outbound_policy,
    outbound_session,
)
from .transport import (
    OutboundAdapter,
    OutboundGuard,
    OutboundResolver,
    outbound_system_resolver,
)

__all__ = [
    "OutboundAdapter",
    "OutboundAllowList",
    "OutboundError",
    "OutboundGuard",
    "OutboundPolicy",
    "OutboundResolver",
    "OutboundResponse",
    "outbound_address_problem",
    "outbound_check_url",
    "outbound_chunks",
    "outbound_error",
    "outbound_fetch",
    "outbound_open",
    "outbound_parse_ip",
    "outbound_policy",
    "outbound_session",
    "outbound_system_resolver",
]
