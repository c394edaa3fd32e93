"""Querysets that load a page's sheets in a fixed number of queries, whatever their count."""

from django.db.models import Prefetch

from .models import Indicator, IndicatorValue, Sheet


def indicators_with_values(years: list[int] | None = None):
    values = IndicatorValue.objects.order_by("fiscal_year")
    if years is not None:
        values = values.filter(fiscal_year__in=years)
    return Indicator.objects.order_by("order", "pk").prefetch_related(Prefetch("values", values))


def sheets_for_listing(cycle_fy: int | None = None):
    """Current sheets with each project's articles (``project.listed_articles``) and its
    indicators (``project.listed_indicators``, each with ``listed_values``: those of
    `cycle_fy`, or of every year).

    The prefetched rows go into plain lists (``to_attr``): a page of hundreds of sheets
    would otherwise build one related manager's queryset per project and per indicator
    to hold them, which cost more than the queries (scale-10 planning dashboard:
    1,750 indicators, about a third of the page's time).
    """
    values = IndicatorValue.objects.order_by("fiscal_year")
    if cycle_fy is not None:
        values = values.filter(fiscal_year=cycle_fy)
    indicators = Indicator.objects.order_by("order", "pk").prefetch_related(
        Prefetch("values", values, to_attr="listed_values"))
    return Sheet.objects.current().select_related(
        "project__section", "cycle", "updated_by"
    ).prefetch_related(
        Prefetch("project__articles", to_attr="listed_articles"),
        Prefetch("project__indicators", indicators, to_attr="listed_indicators"),
    )
