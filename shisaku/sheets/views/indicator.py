"""An indicator across the years, following its lineage, with the target/actual chart."""

from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from shisaku.accounts.access import ALL_ROLES, role_required
from shisaku.lib.charts import ChartPoint, target_actual_chart
from shisaku.lib.era import format_fy
from shisaku.lib.svg import inline_svg

from ..models import Cycle, Indicator, IndicatorValue
from ..presentation import actual_text, number
from ..visibility import visible_values


@role_required(*ALL_ROLES)
def indicator_detail(request, pk):
    indicator = get_object_or_404(Indicator.objects.select_related("project"), pk=pk)
    chain = indicator.lineage()
    # Only the figures of sheets this user may read (a draft's figures stay with its section).
    values = visible_values(request.user, (
        IndicatorValue.objects.filter(indicator__in=chain).select_related("indicator__project")
        .order_by("fiscal_year", "indicator_id")
    ))
    bands = {c.fiscal_year: c.bands for c in Cycle.objects.all()}
    rows, points = [], []
    for value in values:
        band = bands.get(value.fiscal_year)
        rating = value.rating(band) if band else value.rating()
        rows.append({"value": value, "target": number(value.target),
                     "actual": actual_text(value), "rate": value.rate(), "rating": rating})
        note = "" if value.actual_status == "measured" else value.get_actual_status_display()
        points.append(ChartPoint(format_fy(value.fiscal_year, "short").replace(" 年度", ""),
                                 value.target, value.actual, note))
    svg = target_actual_chart(points, title=indicator.name, unit=indicator.unit,
                              target_label=_("目標"), actual_label=_("実績"),
                              no_data=_("データがありません"))
    svg = inline_svg(svg)  # no XML prolog, no inline CSS (the page's CSP allows none)
    return render(request, "sheets/indicator.html", {
        "indicator": indicator, "chain": chain, "rows": rows, "chart": mark_safe(svg),
    })
