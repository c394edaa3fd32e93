"""What is computed from the published record, kept until the record changes.

A published year is final, so a table built from it (the API's rows, an open-data table,
the DCAT catalogue) is the same until the city publishes a year or a correction, edits the
plan or imports statistics. `remember(name, parts, build)` keeps `build()`'s result in
Django's cache under a key made of the name, the parts (filters, format) and the
publication generation (`generation.py`): any of those changes makes a new key.

Only for what every visitor may read: never for a staff caller's own unpublished data.
"""

import hashlib

from django.core.cache import cache

from .generation import plan_token, published_token, stats_token

TIMEOUT = 60 * 60 * 24  # a day: the key changes with the data anyway


def generation() -> str:
    return published_token() + plan_token() + stats_token()


def remember(name: str, parts, build):
    key = "published:" + name + ":" + hashlib.sha256(
        repr((parts, generation())).encode()).hexdigest()[:32]
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, TIMEOUT)
    return found
