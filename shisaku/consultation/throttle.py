"""A limit on opinions sent from one address through the public form (Django's cache: shared by
every app server when CACHES is Redis). No third-party service is involved."""

import hashlib

from django.conf import settings
from django.core.cache import cache

from shisaku.accounts.lockout import client_address


def _limit() -> tuple[int, int]:
    """(opinions, seconds): at most this many accepted opinions per address in the window."""
    return settings.SHISAKU_COMMENT_LIMIT, settings.SHISAKU_COMMENT_WINDOW_SECONDS


def _key(request) -> str:
    address = client_address(request) or "unknown"
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]  # no address kept in the cache
    return f"consultation:sent:{digest}"


def exhausted(request) -> bool:
    count, _window = _limit()
    return (cache.get(_key(request)) or 0) >= count


def count(request) -> None:
    """One more accepted opinion from this address."""
    _count, window = _limit()
    key = _key(request)
    if cache.add(key, 1, window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
