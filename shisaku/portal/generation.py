"""The publication generation: a token that changes whenever what the public reads changes.

Published years are final, so a public page rendered once stays right until the city
publishes a year, publishes a correction of a sheet, edits the plan or imports statistics.
The token folds exactly those into a short hash; cached pages are keyed by it (plus the
day, since released statistics and begun programs follow the calendar).
"""

import hashlib

from django.db.models import Count, Max
from django.utils import timezone

from shisaku.sheets.models import Cycle, Sheet


def published_token() -> str:
    """Published years and their published sheet revisions (a correction adds one)."""
    years = Cycle.objects.published().aggregate(
        n=Count("pk"), last=Max("fiscal_year"), day=Max("published_on"),
        month=Max("published_month"))
    sheets = Sheet.objects.published().filter(cycle__status=Cycle.Status.PUBLISHED).aggregate(
        n=Count("pk"), at=Max("published_at"))
    return _digest(years, sheets)


def plan_token() -> str:
    from shisaku.plan.models import Node, Plan, Program
    from shisaku.projects.models import Placement, Project

    return _digest(Plan.objects.aggregate(n=Count("pk"), at=Max("updated_at")),
                   Program.objects.aggregate(n=Count("pk"), at=Max("updated_at")),
                   Node.objects.aggregate(n=Count("pk"), at=Max("updated_at")),
                   Placement.objects.aggregate(n=Count("pk"), top=Max("pk")),
                   Project.objects.aggregate(n=Count("pk"), at=Max("updated_at")))


def stats_token() -> str:
    from shisaku.stats.models import Dataset, Period

    return _digest(Dataset.objects.aggregate(n=Count("pk"), top=Max("pk"), day=Max("published_on")),
                   Period.objects.aggregate(n=Count("pk"), top=Max("pk"), day=Max("released_on")))


def _digest(*parts) -> str:
    text = repr((timezone.localdate(), *parts))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
