"""Which indicator values a user may see: the rule of `access.can_read_sheet`, applied to figures.

A value (indicator, fiscal year) belongs to the project's sheet of that year
(`editing` module doc). It is shown to a user who may read that sheet. When the current
revision is an unpublished correction the user may not read, the figure the published
revision printed (its snapshot) is shown instead. A value with no sheet of its year (the
year before a project's first sheet, or targets planned ahead) is shown to the planning
division and the owning section, to everyone once its year is published, and otherwise
with the next year's sheet, which prints it as last year's figure.
"""

from decimal import Decimal

from shisaku.accounts import access

from .models import Cycle, IndicatorValue, Sheet


def visible_values(user, values) -> list[IndicatorValue]:
    """`values` (IndicatorValue with `indicator` loaded) as this user may see them."""
    values = list(values)
    if access.can_manage_plan(user) or not values:
        return values
    keys = {(v.indicator.project_id, v.fiscal_year) for v in values}
    projects = {p for p, _ in keys}
    years = {fy for _, fy in keys}
    sheets: dict[tuple[int, int], list[Sheet]] = {}
    for sheet in (Sheet.objects.filter(project_id__in=projects,
                                       cycle__fiscal_year__in=years | {fy + 1 for fy in years})
                  .select_related("cycle", "project").order_by("revision")):
        sheets.setdefault((sheet.project_id, sheet.cycle.fiscal_year), []).append(sheet)
    published_years = set(Cycle.objects.published().filter(fiscal_year__in=years)
                          .values_list("fiscal_year", flat=True))
    out = []
    for value in values:
        shown = _shown(user, value, sheets, published_years)
        if shown is not None:
            out.append(shown)
    return out


def _shown(user, value, sheets, published_years):
    project = value.indicator.project_id
    revisions = sheets.get((project, value.fiscal_year))
    if revisions:
        current = revisions[-1]
        if access.can_read_sheet(user, current):
            return value
        published = [s for s in revisions if s.is_published and s.published_snapshot]
        if published and access.can_read_sheet(user, published[-1]):
            return _from_snapshot(value, published[-1].published_snapshot)
        return None
    if access.is_staff_for(user, value.indicator.project):
        return value
    if value.fiscal_year in published_years:
        return value
    following = sheets.get((project, value.fiscal_year + 1))
    if following and access.can_read_sheet(user, following[-1]):
        return value
    return None


def _from_snapshot(value, snapshot):
    """The value as the published revision printed it (None when it printed none)."""
    for item in snapshot.get("indicators", []):
        if item.get("id") != value.indicator_id:
            continue
        for printed in item.get("values", []):
            if printed.get("fiscal_year") == value.fiscal_year:
                shown = IndicatorValue(
                    pk=value.pk, indicator=value.indicator, fiscal_year=value.fiscal_year,
                    target=_decimal(printed.get("target")), actual=_decimal(printed.get("actual")),
                    actual_status=printed.get("actual_status") or value.actual_status,
                    breakdown=printed.get("breakdown") or [], comment=printed.get("comment", ""),
                    target_breakdown=printed.get("target_breakdown") or [])
                return shown
    return None


def _decimal(text):
    return None if text is None else Decimal(text)
