"""Keeping the index current: each function replaces the rows of what it is given.

Called by the signals (`shisaku.search.signals`) inside the writer's transaction, and by
`shisaku rebuild-search-index`. The database's own engine follows the rows: on SQLite
the FTS5 table is kept by triggers (migration 0002), on PostgreSQL the trigram indexes
are ordinary indexes.
"""

import threading
from collections import defaultdict
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Q

from shisaku.sheets.models import Sheet
from shisaku.stats.models import Dataset
from shisaku.verification.models import Opinion

from . import entries
from .models import SearchEntry

Kind = SearchEntry.Kind
YEAR_KINDS = (Kind.SHEET, Kind.INDICATOR, Kind.OPINION, Kind.RESPONSE, Kind.FOLLOW_UP,
              Kind.MAIN_OPINION)
BATCH = 1000  # rows per INSERT (Django lowers it to what the database accepts)


_pending = threading.local()


@contextmanager
def deferred():
    """Index once at the end what the signals ask for inside the block (a bulk load: the
    demo, an import), instead of after every save. Nothing is indexed when the block fails."""
    if getattr(_pending, "ids", None) is not None:  # already deferring: the outer block flushes
        yield
        return
    _pending.ids = defaultdict(set)
    try:
        yield
        asked = _pending.ids
    finally:
        _pending.ids = None
    projects(asked["projects"])
    sheets(asked["sheets"])
    opinions(asked["opinions"])
    main_opinions(asked["main_opinions"])
    datasets(asked["datasets"])
    for fiscal_year in sorted(asked["years"]):
        year(fiscal_year)


def _defer(kind: str, ids) -> bool:
    pending = getattr(_pending, "ids", None)
    if pending is None:
        return False
    pending[kind].update(ids)
    return True


FIELDS = [f.name for f in SearchEntry._meta.concrete_fields if f.name not in ("id", "key")]


def _replace(old: Q, rows: list[SearchEntry]) -> None:
    """Make the rows matching `old` be `rows`: an upsert by key (two writers indexing the same
    record at once each leave a whole row, never a duplicate key), then the rows that went."""
    keys = {row.key for row in rows}
    gone = [key for key in SearchEntry.objects.filter(old).values_list("key", flat=True)
            if key not in keys]
    for start in range(0, len(gone), BATCH):
        SearchEntry.objects.filter(key__in=gone[start:start + BATCH]).delete()
    SearchEntry.objects.bulk_create(rows, batch_size=BATCH, update_conflicts=True,
                                    unique_fields=["key"], update_fields=FIELDS)


def sheets(ids) -> None:
    """A sheet's own rows (its texts and indicators)."""
    ids = [pk for pk in set(ids) if pk]
    if ids and not _defer("sheets", ids):
        _replace(Q(sheet_id__in=ids),
                 entries.sheet_entries(entries.sheets_queryset(pk__in=ids)))


def remove_sheet(pk: int) -> None:
    SearchEntry.objects.filter(sheet_id=pk).delete()


def opinions(ids) -> None:
    """An opinion's row, its response's and its follow-up's."""
    ids = [pk for pk in set(ids) if pk]
    if ids and not _defer("opinions", ids):
        keys = [f"{kind}:{pk}" for pk in ids
                for kind in (Kind.OPINION, Kind.RESPONSE, Kind.FOLLOW_UP)]
        _replace(Q(key__in=keys), entries.opinion_entries(entries.opinions_queryset(pk__in=ids)))


def main_opinions(ids) -> None:
    """Lines of the table 条文ごとの主な検証意見 (a deleted one's row goes)."""
    ids = [pk for pk in set(ids) if pk]
    if ids and not _defer("main_opinions", ids):
        _replace(Q(key__in=[f"main_opinion:{pk}" for pk in ids]),
                 entries.main_opinion_entries(entries.main_opinions_queryset(pk__in=ids)))


def projects(ids, with_sheets: bool = True) -> None:
    """A project's row, and the rows of its sheets and their opinions (they carry its name and
    articles)."""
    ids = [pk for pk in set(ids) if pk]
    if not ids or (with_sheets and _defer("projects", ids)):
        return
    _replace(Q(key__in=[f"project:{pk}" for pk in ids]),
             entries.project_entries(entries.projects_queryset(pk__in=ids)))
    if with_sheets:
        sheet_ids = list(Sheet.objects.filter(project__in=ids).values_list("pk", flat=True))
        sheets(sheet_ids)
        if sheet_ids:
            opinions(Opinion.objects.filter(sheet__in=sheet_ids).values_list("pk", flat=True))


def datasets(ids) -> None:
    ids = [pk for pk in set(ids) if pk]
    if ids and not _defer("datasets", ids):
        _replace(Q(key__in=[f"dataset:{pk}" for pk in ids]),
                 entries.dataset_entries(Dataset.objects.filter(pk__in=ids)))


def year(fiscal_year: int) -> None:
    """Everything of one fiscal year, and its projects: what a publication makes public."""
    if _defer("years", [fiscal_year]):
        return
    # The opinions of the year, and those of earlier years whose follow-up was checked in it.
    year_opinions = entries.opinions_queryset(
        Q(cycle__fiscal_year=fiscal_year)
        | Q(response__follow_up__cycle__fiscal_year=fiscal_year))
    _replace(Q(fiscal_year=fiscal_year, kind__in=YEAR_KINDS),
             entries.sheet_entries(entries.sheets_queryset(cycle__fiscal_year=fiscal_year))
             + entries.opinion_entries(year_opinions)
             + entries.main_opinion_entries(
                 entries.main_opinions_queryset(cycle__fiscal_year=fiscal_year)))
    project_ids = (Sheet.objects.filter(cycle__fiscal_year=fiscal_year)
                   .values_list("project_id", flat=True).distinct())
    projects(list(project_ids), with_sheets=False)


@transaction.atomic
def rebuild() -> int:
    """The whole index from the records; the number of rows written."""
    SearchEntry.objects.all().delete()
    rows = (entries.sheet_entries(entries.sheets_queryset())
            + entries.opinion_entries(entries.opinions_queryset())
            + entries.main_opinion_entries(entries.main_opinions_queryset())
            + entries.project_entries(entries.projects_queryset())
            + entries.dataset_entries(Dataset.objects.all()))
    SearchEntry.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
