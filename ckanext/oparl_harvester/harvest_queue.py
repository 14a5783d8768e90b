"""ckanext-harvest's Redis queue kept blocking under redis-py 8.

CKAN 2.12 pins redis-py 8, which gives every connection a socket timeout of
5 seconds. ckanext-harvest 1.6.3's gather and fetch consumers wait for the
next job with ``BLPOP`` and no timeout, so each consumer dies with
``redis.exceptions.TimeoutError`` after five idle seconds and later harvest
jobs are never run (reported upstream as ckanext-harvest issue #581). Until
a release fixes it, the queue's connections are made without a socket
timeout, as they were before redis-py 8. Only the harvest queue is affected,
not CKAN's own Redis connections.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from ckanext.harvest import queue

_installed = False


def oparl_harvester_blocking_queue() -> None:
    """Make ckanext-harvest's Redis connections block without a socket timeout.

    Idempotent: wrapping happens once per process, however often plugins are
    loaded.
    """
    global _installed
    if _installed:
        return
    _installed = True
    original: Callable[[], Any] = queue.get_connection_redis

    @functools.wraps(original)
    def get_connection_redis() -> Any:
        client = original()
        # applies to every connection the pool makes from now on
        client.connection_pool.connection_kwargs["socket_timeout"] = None
        return client

    queue.get_connection_redis = get_connection_redis
