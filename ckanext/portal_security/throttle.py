"""Throttling of failed sign-ins, per account name and per address, in Redis.

Every failed sign-in counts for the name or e-mail address typed (whether
such an account exists or not) and for the client's IP address; the first
failure starts a window of ``login_lock_minutes``. Once a count reaches its
limit, signing in with that name, or from that address, is refused until the
window ends, even with the right password: an attacker learns nothing about
accounts or passwords from the answer, and the same German message appears
for every throttled attempt. A successful sign-in clears its account's
count, not the address's.
"""

from __future__ import annotations

import hashlib

from ckan.lib.redis import connect_to_redis

from . import config

_KEY = "ckanext-portal_security:login:{kind}:{value}"


def _key(kind: str, value: str) -> str:
    # hashed: the store holds no names or e-mail addresses in clear
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()
    return _KEY.format(kind=kind, value=digest)


def _keys(login: str, address: str) -> tuple[tuple[str, int], tuple[str, int]]:
    return (
        (_key("account", login), config.login_max_failures_account()),
        (_key("address", address), config.login_max_failures_address()),
    )


def portal_security_retry_after(login: str, address: str) -> int:
    """Seconds until a sign-in with ``login`` from ``address`` is accepted
    again; 0 if it is not throttled.

    :param login: the name or e-mail address typed
    :param address: the client's IP address
    """
    redis = connect_to_redis()
    waits = [0]
    for key, limit in _keys(login, address):
        count = redis.get(key)
        if count is not None and int(count) >= limit > 0:
            waits.append(max(1, int(redis.ttl(key))))
    return max(waits)


def portal_security_record_failure(login: str, address: str) -> None:
    """Count a failed sign-in for the name typed and for the address."""
    redis = connect_to_redis()
    window = config.login_lock_seconds()
    pipe = redis.pipeline()
    for key, _limit in _keys(login, address):
        pipe.incr(key)
        pipe.expire(key, window, nx=True)  # the window starts at the first
    pipe.execute()


def portal_security_clear_account(login: str) -> None:
    """Forget the failures of an account after it signed in."""
    connect_to_redis().delete(_key("account", login))
