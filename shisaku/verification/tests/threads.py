"""Run one write from many threads at the same moment, each on its own DB connection."""

import threading
from collections import Counter

import pytest
from django.db import connection

needs_row_locks = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="real-thread concurrency runs on PostgreSQL (DATABASE_URL=postgres://…): the "
           "SQLite test database lives in shared-cache memory, where concurrent writers get "
           "table locks instead of waiting, so it cannot stand for a real server")


def run_together(count: int, work) -> list[tuple[str, object]]:
    """Call work(i) in `count` threads released together; each result is ("ok", value) or
    (exception class name, exception)."""
    from django.db import connections

    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = ("ok", work(i))
        except Exception as exc:  # noqa: BLE001 — every outcome is counted by the test
            results[i] = (type(exc).__name__, exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a client never finished"
    return results


def outcome(results) -> Counter:
    return Counter(kind for kind, _ in results)
