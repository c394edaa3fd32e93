"""The publication generation: a token that changes whenever what the public reads changes.

Published years are final, so a public page or table built once stays right until the city
publishes a year, publishes a correction of a sheet, edits the plan or imports statistics.
The tokens fold exactly those into a short hash (plus the day, since released statistics
and begun programs follow the calendar); cached pages and tables are keyed by them.

Each token is one query (counts and latest dates as scalar subqueries). A process reads it
at most once every `TTL` seconds, and at once again after any write it makes itself (every
save, delete or many-to-many change clears what it remembered): a publication is seen at
once by the server that made it, and within `TTL` seconds by every other.
"""

import hashlib
import time

from django.db import connection
from django.db.models import Count, IntegerField, Max, Value
from django.utils import timezone

from shisaku.sheets.models import Cycle, Sheet


def _facts(**querysets) -> tuple:
    """The values of one-value querysets (see `_aggregate`), read in one query:
    SELECT (subquery), (subquery), ... — valid on SQLite and PostgreSQL alike."""
    parts, params = [], []
    for queryset in querysets.values():
        sql, more = queryset.query.sql_with_params()
        parts.append(f"({sql})")
        params.extend(more)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return tuple(str(value) for value in cursor.fetchone())


def _aggregate(queryset, **expression):
    """A one-row, one-column query of the aggregate `expression` over `queryset` (grouped by
    a constant; no rows, and so NULL in `_facts`, when the queryset is empty)."""
    (name, aggregate), = expression.items()
    return (queryset.order_by().annotate(_all=Value(1, IntegerField())).values("_all")
            .annotate(**{name: aggregate}).values(name))


TTL = 2.0  # seconds another server may serve the generation before a write it did not see
_remembered: dict[str, tuple[float, str]] = {}


def forget(**_kwargs) -> None:
    """Drop the tokens this process remembers (connected to every model write)."""
    _remembered.clear()


def _once_in_a_while(compute):
    def token() -> str:
        now = time.monotonic()
        found = _remembered.get(compute.__name__)
        if found is not None and now - found[0] < TTL:
            return found[1]
        value = compute()
        _remembered[compute.__name__] = (now, value)
        return value

    token.__name__ = compute.__name__
    token.__doc__ = compute.__doc__
    token.uncached = compute
    return token


@_once_in_a_while
def published_token() -> str:
    """Published years and their published sheet revisions (a correction adds one)."""
    years = Cycle.objects.published()
    sheets = Sheet.objects.published().filter(cycle__status=Cycle.Status.PUBLISHED)
    return _digest(_facts(
        years=_aggregate(years, n=Count("pk")),
        last=_aggregate(years, m=Max("fiscal_year")),
        day=_aggregate(years, d=Max("published_on")),
        month=_aggregate(years, m=Max("published_month")),
        sheets=_aggregate(sheets, n=Count("pk")),
        at=_aggregate(sheets, t=Max("published_at")),
    ))


@_once_in_a_while
def plan_token() -> str:
    from shisaku.plan.models import Node, Plan, Program
    from shisaku.projects.models import Placement, Project

    return _digest(_facts(
        plans=_aggregate(Plan.objects.all(), n=Count("pk")),
        plan_at=_aggregate(Plan.objects.all(), t=Max("updated_at")),
        programs=_aggregate(Program.objects.all(), n=Count("pk")),
        program_at=_aggregate(Program.objects.all(), t=Max("updated_at")),
        nodes=_aggregate(Node.objects.all(), n=Count("pk")),
        node_at=_aggregate(Node.objects.all(), t=Max("updated_at")),
        placements=_aggregate(Placement.objects.all(), n=Count("pk")),
        placement_top=_aggregate(Placement.objects.all(), m=Max("pk")),
        projects=_aggregate(Project.objects.all(), n=Count("pk")),
        project_at=_aggregate(Project.objects.all(), t=Max("updated_at")),
    ))


@_once_in_a_while
def stats_token() -> str:
    from shisaku.stats.models import Dataset, Period

    return _digest(_facts(
        datasets=_aggregate(Dataset.objects.all(), n=Count("pk")),
        dataset_top=_aggregate(Dataset.objects.all(), m=Max("pk")),
        dataset_day=_aggregate(Dataset.objects.all(), d=Max("published_on")),
        periods=_aggregate(Period.objects.all(), n=Count("pk")),
        period_top=_aggregate(Period.objects.all(), m=Max("pk")),
        period_day=_aggregate(Period.objects.all(), d=Max("released_on")),
    ))


@_once_in_a_while
def ordinance_token() -> str:
    """What the public front page prints of the ordinance (its title, dates, article 1 and
    the measures' headings); the ordinance has no update stamp, so its text is the token."""
    from django.db.models import Q

    from shisaku.ordinance.models import Article

    return _digest(list(
        Article.objects.filter(Q(number=1) | Q(kind=Article.Kind.MEASURE))
        .order_by("ordinance_id", "number")
        .values_list("ordinance__title", "ordinance__in_force_on", "ordinance__summarised",
                     "number", "title", "text")))


def _digest(*parts) -> str:
    text = repr((timezone.localdate(), *parts))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
