"""Finding entries: who may see which rows, the terms, the engine, the ranking.

Both databases return the same rows in the same order. Every term must be a substring
of the folded title or body (the same LIKE on either database, which on PostgreSQL uses
the pg_trgm GIN indexes); on SQLite the terms of three characters and more first go
through the FTS5 trigram table. Terms of one or two characters ("農", "dx") are the LIKE
alone. The rank is computed in SQL with functions both databases have (a hit in the
title, then the number of hits in the body) and ordered in Python (then the newer year,
the kind, the title in code-point order), so no collation decides it.
"""

from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length, Replace

from shisaku.accounts import access
from shisaku.sheets.models import Cycle, Sheet

from .models import SearchEntry
from .normalize import parse_query

Kind = SearchEntry.Kind
KIND_ORDER = {kind: position for position, kind in enumerate(
    [Kind.PROJECT, Kind.SHEET, Kind.MAIN_OPINION, Kind.OPINION, Kind.RESPONSE, Kind.FOLLOW_UP,
     Kind.INDICATOR, Kind.DATASET])}
# Rows read as their fiscal year is read (the council's and the city's words of that year).
YEAR_ROWS = (Kind.OPINION, Kind.RESPONSE, Kind.FOLLOW_UP, Kind.MAIN_OPINION)
FTS_MIN_LENGTH = 3  # the trigram tokenizer's shortest term


@dataclass
class Filters:
    fiscal_year: int | None = None
    article: int | None = None
    kind: str = ""


@dataclass
class Found:
    terms: list[str]
    ids: list[int] = field(default_factory=list)  # ranked

    @property
    def count(self) -> int:
        return len(self.ids)


def visible(user=None) -> QuerySet[SearchEntry]:
    """Public rows for everyone; for a signed-in user also the unpublished rows
    `accounts.access` lets them read: a sheet's texts and indicators as they may read the
    sheet, opinions, responses, follow-ups and main opinions as they may read the year, projects of their own section."""
    rule = Q(public=True)
    if user is not None and user.is_authenticated:
        readable = access.readable_sheets(user, Sheet.objects.all()).values("pk")
        rule |= Q(kind__in=(Kind.SHEET, Kind.INDICATOR), sheet_id__in=readable)
        statuses = access.readable_year_statuses(user)
        year_rows = Q(kind__in=YEAR_ROWS)
        if statuses is None:
            rule |= year_rows
        elif statuses:
            years = Cycle.objects.filter(status__in=statuses).values("fiscal_year")
            rule |= year_rows & Q(fiscal_year__in=years)
        if access.can_manage_plan(user):
            rule |= Q(kind=Kind.PROJECT)
        elif access.has_role(user, access.Role.SECTION_EDITOR):
            rule |= Q(kind=Kind.PROJECT, section_id__in=user.sections.values("pk"))
    return SearchEntry.objects.filter(rule)


def _fts_expression(terms: list[str]) -> str:
    return " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)


def matching(queryset: QuerySet[SearchEntry], terms: list[str]) -> QuerySet[SearchEntry]:
    long_terms = [term for term in terms if len(term) >= FTS_MIN_LENGTH]
    if long_terms and connections[queryset.db].vendor == "sqlite":
        queryset = queryset.filter(id__in=RawSQL(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s",
            [_fts_expression(long_terms)]))
    for term in terms:
        queryset = queryset.filter(Q(norm_title__contains=term) | Q(norm_body__contains=term))
    return queryset


def _hits_in_body(term: str):
    removed = Length("norm_body") - Length(Replace("norm_body", Value(term), Value("")))
    return removed / Value(len(term))


def _rank_annotations(terms: list[str]) -> dict:
    title = None
    body = None
    for term in terms:
        hit = Case(When(norm_title__contains=term, then=Value(1)), default=Value(0),
                   output_field=IntegerField())
        title = hit if title is None else title + hit
        hits = _hits_in_body(term)
        body = hits if body is None else body + hits
    return {"title_hits": title, "body_hits": body}


def search(query: str, user=None, filters: Filters | None = None) -> Found:
    terms = parse_query(query)
    if not terms:
        return Found(terms=[])
    filters = filters or Filters()
    queryset = visible(user)
    if filters.fiscal_year:
        queryset = queryset.filter(fiscal_year=filters.fiscal_year)
    if filters.article:
        queryset = queryset.filter(articles__contains=f"|{filters.article}|")
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    rows = (matching(queryset, terms).annotate(**_rank_annotations(terms))
            .values_list("id", "kind", "fiscal_year", "title", "key", "title_hits", "body_hits"))
    ranked = sorted(rows, key=lambda row: (-row[5], -row[6], -(row[2] or 0),
                                           KIND_ORDER.get(row[1], 99), row[3], row[4]))
    return Found(terms=terms, ids=[row[0] for row in ranked])


def entries(ids: list[int]) -> list[SearchEntry]:
    """The rows of `ids`, in that order (one query: a page of results)."""
    by_id = SearchEntry.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
