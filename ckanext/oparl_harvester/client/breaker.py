"""Per-host circuit breaker of the OParl client.

After a number of failed requests in a row a host is blocked for a while,
so a server that is down is not hammered by retries; requests to it fail
fast with :class:`~.errors.OParlCircuitOpen` until the cooldown is over.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .errors import OParlCircuitOpen

log = logging.getLogger(__name__)


@dataclass
class _HostState:
    failures: int = 0
    opened_at: float | None = None


class CircuitBreaker:
    """Per-host breaker: after *threshold* failures in a row it opens for
    *cooldown* seconds, then lets one trial request through (half-open).

    :param threshold: consecutive failures that open the breaker
    :param cooldown: seconds the breaker stays open
    :param clock: monotonic time source (replaceable in tests)
    """

    def __init__(
        self,
        threshold: int,
        cooldown: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.threshold = max(1, threshold)
        self.cooldown = cooldown
        self._clock = clock
        self._hosts: dict[str, _HostState] = {}
        self._lock = threading.Lock()

    def check(self, host: str, url: str) -> None:
        """Raise :class:`OParlCircuitOpen` while the host is blocked.

        :param host: host name of the request
        :param url: the URL about to be requested (for the message)
        """
        with self._lock:
            state = self._hosts.setdefault(host, _HostState())
            if state.opened_at is None:
                return
            wait = self.cooldown - (self._clock() - state.opened_at)
            if wait <= 0:
                # Half-open: one trial; a single failure opens it again.
                state.opened_at = None
                state.failures = self.threshold - 1
                return
        raise OParlCircuitOpen(
            f"Server {host} vorübergehend gesperrt nach {state.failures} Fehlern "
            f"in Folge (noch {wait:.0f} s); Abruf von {url} übersprungen",
            url=url,
            host=host,
            retry_in=wait,
        )

    def failure(self, host: str) -> None:
        """Count a failed attempt; opens the breaker at the threshold.

        :param host: host name of the failed request
        """
        with self._lock:
            state = self._hosts.setdefault(host, _HostState())
            state.failures += 1
            if state.failures >= self.threshold and state.opened_at is None:
                state.opened_at = self._clock()
                log.warning(
                    "OParl: Server %s gesperrt (%d Fehler)", host, state.failures
                )

    def success(self, host: str) -> None:
        """Reset the host after a successful answer.

        :param host: host name of the request
        """
        with self._lock:
            self._hosts[host] = _HostState()

    def is_open(self, host: str) -> bool:
        """Return whether requests to *host* currently fail fast.

        :param host: host name
        """
        with self._lock:
            state = self._hosts.get(host)
            if state is None or state.opened_at is None:
                return False
            return self._clock() - state.opened_at < self.cooldown
