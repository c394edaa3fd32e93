"""What is computed from the published record, kept until the record changes.

A published year is final, so a table built from it (the API's rows, an open-data table,
the DCAT catalogue) is the same until the city publishes a year or a correction, edits the
plan or imports statistics. `remember(name, parts, build)` keeps `build()`'s result in
Django's cache under a key made of the name, the parts (filters, format) and the
publication generation (`generation.py`): any of those changes makes a new key.

Only for what every visitor may read: never for a staff caller's own unpublished data.

The results stay in the process as they are (the last `KEEP` of them, least recently used
out first): a table of thousands of rows is not pickled and unpickled on every request, as
Django's cache would; each server builds a table once per generation.
"""

import hashlib
import threading
from collections import OrderedDict

from .generation import plan_token, published_token, stats_token

KEEP = 64
_kept: OrderedDict[str, object] = OrderedDict()
_lock = threading.Lock()


def forget() -> None:
    with _lock:
        _kept.clear()


def generation() -> str:
    return published_token() + plan_token() + stats_token()


def remember(name: str, parts, build):
    key = "published:" + name + ":" + hashlib.sha256(
        repr((parts, generation())).encode()).hexdigest()[:32]
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    found = build()
    with _lock:
        _kept[key] = found
        while len(_kept) > KEEP:
            _kept.popitem(last=False)
    return found
