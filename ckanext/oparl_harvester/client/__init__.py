"""HTTP client for OParl 1.0/1.1 servers: the harvester's wire layer.

The client fetches single objects and crawls external lists page by page
along ``links.next``. It is built for servers that misbehave: every request
has a timeout, failures are retried with capped exponential backoff, a
circuit breaker per host stops hammering a server that is down, crawls are
bounded in pages and time and detect pagination loops. Broken JSON is
repaired where that is safe; vendor quirks are fixed by the profile chosen
from the System object. A failed page never raises: the crawl records it
in its :class:`CrawlReport`, whose ``complete`` stays false.

No CKAN here (the outbound policy aside): the settings come in as
arguments, from :func:`ckanext.oparl_harvester.crawl.make_client` and the
``ckan oparl-harvester check`` command.

The package re-exports its public names; callers use ``client.<name>`` or
import them from here. Its modules, which import only each other:

- :mod:`.session`: :class:`OParlClient`, requests, retries and time limits;
- :mod:`.pagination`: :class:`ListCrawl`, one list page by page, and its
  :class:`CrawlReport`;
- :mod:`.wire`: tolerant JSON parsing, error objects, query parameters,
  timestamps, a Body's lists and embedded objects;
- :mod:`.breaker`: the per-host circuit breaker;
- :mod:`.errors`: :class:`OParlError` and its subclasses (German messages
  for the harvest report);
- :mod:`.vendors`: the vendor profiles (``vendors.yaml``) and their fix-ups.
"""

from __future__ import annotations

from .breaker import CircuitBreaker
from .errors import (
    OParlCircuitOpen,
    OParlConnectionError,
    OParlError,
    OParlHTTPError,
    OParlJSONError,
    OParlNotFoundError,
    OParlRefusedError,
    OParlServerError,
    OParlTimeout,
)
from .pagination import CrawlReport, ListCrawl
from .session import ClientLimits, OParlClient
from .vendors import VendorProfile, get_profile, object_type, profile_names
from .wire import body_lists, iter_embedded

__all__ = [
    "CircuitBreaker",
    "ClientLimits",
    "CrawlReport",
    "ListCrawl",
    "OParlCircuitOpen",
    "OParlClient",
    "OParlConnectionError",
    "OParlError",
    "OParlHTTPError",
    "OParlJSONError",
    "OParlNotFoundError",
    "OParlRefusedError",
    "OParlServerError",
    "OParlTimeout",
    "VendorProfile",
    "body_lists",
    "get_profile",
    "iter_embedded",
    "object_type",
    "profile_names",
]
