"""A list that may hold only the first items of a longer one, and knows the whole length."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet


class Shortlist(list):
    """The first items of a list; `total` is the length of the whole list (the items shown
    and those left off). Built unlimited, it is the whole list."""

    def __init__(self, items: Iterable = (), total: int | None = None):
        super().__init__(items)
        self.total = len(self) if total is None else total

    @property
    def left_off(self) -> int:
        return self.total - len(self)

    def extend_with(self, other: Shortlist) -> None:
        """Append `other`'s items; the total counts both whole lists."""
        self.extend(other)
        self.total += other.total


def first(rows: QuerySet, limit: int | None, render: Callable[[Any], Any]) -> Shortlist:
    """`render(row)` of the first `limit` rows (all when None), with the number of rows:
    with a limit, two queries (the rows shown and the count), however many rows there are."""
    if limit is None:
        return Shortlist(render(row) for row in rows)
    shown = [render(row) for row in rows[:limit]] if limit > 0 else []
    return Shortlist(shown, rows.count())
