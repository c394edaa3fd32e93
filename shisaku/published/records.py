"""What the public may read, as querysets and plain values.

The rule, once (ordinance art. 23 obliges the city to publish the implementation status;
the published record is final):

- a fiscal year is public when its cycle is 公表済;
- a sheet is public when it is published in a public year and no published correction
  supersedes it; what it says is its frozen snapshot (`published_snapshot`), never the
  live rows, which a later year's sheet may carry on;
- an opinion, its response and the article's main opinions are public with their year;
  a follow-up is public with the year that checked it (a follow-up written in a year still
  in progress is not);
- the plan: programs that have begun, with their hierarchy and placements;
- statistics: datasets with the periods released by today.

Never public: drafts, submitted or returned sheets, return comments, staff names
(author, updated_by), change history, unpublished corrections, years in progress.
"""

import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from shisaku.lib.era import fiscal_year_of
from shisaku.plan.models import Program
from shisaku.sheets.models import Cycle, Sheet
from shisaku.stats.models import Dataset, Period
from shisaku.verification.models import ArticleMainOpinion, FollowUp, Opinion


def cycles() -> QuerySet[Cycle]:
    """The published years, newest first."""
    return Cycle.objects.published().order_by("-fiscal_year")


def published_years() -> list[int]:
    return list(cycles().values_list("fiscal_year", flat=True))


def cycle(fiscal_year: int) -> Cycle | None:
    return cycles().filter(fiscal_year=fiscal_year).first()


def sheets(fiscal_year: int | None = None) -> QuerySet[Sheet]:
    """The public revision of each published sheet (its snapshot is what it says)."""
    queryset = (Sheet.objects.published()
                .filter(cycle__status=Cycle.Status.PUBLISHED)
                .exclude(corrected_by__state=Sheet.State.PUBLISHED)
                .select_related("cycle", "project", "project__section"))
    if fiscal_year is not None:
        queryset = queryset.filter(cycle__fiscal_year=fiscal_year)
    return queryset


def opinions(fiscal_year: int | None = None) -> QuerySet[Opinion]:
    """Opinions of published years with their responses (follow-ups: see `follow_ups`)."""
    queryset = (Opinion.objects.filter(cycle__status=Cycle.Status.PUBLISHED)
                .select_related("cycle", "article", "sheet__project", "response",
                                "response__section")
                .order_by("cycle__fiscal_year", "number"))
    if fiscal_year is not None:
        queryset = queryset.filter(cycle__fiscal_year=fiscal_year)
    return queryset


def follow_ups() -> QuerySet[FollowUp]:
    """Follow-ups checked in a published year, of opinions of a published year."""
    return (FollowUp.objects.filter(cycle__status=Cycle.Status.PUBLISHED,
                                    response__opinion__cycle__status=Cycle.Status.PUBLISHED)
            .select_related("cycle", "response__opinion"))


def main_opinions(fiscal_year: int) -> QuerySet[ArticleMainOpinion]:
    return (ArticleMainOpinion.objects
            .filter(cycle__status=Cycle.Status.PUBLISHED, cycle__fiscal_year=fiscal_year)
            .select_related("article", "opinion__response")
            .order_by("article__number", "order"))


def current_fiscal_year(today: datetime.date | None = None) -> int:
    return fiscal_year_of(today or timezone.localdate())


def programs(today: datetime.date | None = None) -> QuerySet[Program]:
    """Adopted programs that have begun (a program being drafted is not the city's yet)."""
    return (Program.objects.adopted().filter(first_fy__lte=current_fiscal_year(today))
            .select_related("plan").order_by("ordinal"))


def datasets() -> QuerySet[Dataset]:
    """Statistics, with their periods; read only the released ones (`released_periods`)."""
    return Dataset.objects.order_by("order", "kind", "slug").prefetch_related(
        Prefetch("periods", queryset=Period.objects.select_related("dataset").order_by("order")))


def released_periods(dataset: Dataset, today: datetime.date | None = None) -> list[Period]:
    """The dataset's periods whose figures are public by today (`Period.released_by`)."""
    day = today or timezone.localdate()
    return [period for period in dataset.periods.all() if period.released_by(day)]


def snapshot_values(sheet: Sheet) -> list[dict]:
    """The indicators as the sheet published them: [{name, unit, values: [...]}, ...]."""
    return list((sheet.published_snapshot or {}).get("indicators", []))
