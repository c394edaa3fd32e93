"""Querysets that load a page's sheets in a fixed number of queries, whatever their count."""

from django.db.models import Prefetch

from .models import Indicator, IndicatorValue, Sheet


def indicators_with_values(years: list[int] | None = None):
    values = IndicatorValue.objects.order_by("fiscal_year")
    if years is not None:
        values = values.filter(fiscal_year__in=years)
    return Indicator.objects.order_by("order", "pk").prefetch_related(Prefetch("values", values))


def sheets_for_listing(cycle_fy: int | None = None):
    sheets = Sheet.objects.current().select_related(
        "project__section", "cycle", "updated_by"
    ).prefetch_related("project__articles")
    years = [cycle_fy] if cycle_fy is not None else None
    return sheets.prefetch_related(Prefetch("project__indicators", indicators_with_values(years)))
