"""Sheets, indicators and values for tests."""

from decimal import Decimal

from shisaku.core.testing import make_project
from shisaku.sheets.models import Cycle, Indicator, IndicatorValue, Sheet

COMPLETE_TEXTS = {
    "goal": "市内での起業を増やす",
    "plan": "- 起業家を支援する拠点を運営する",
    "activities": "- 起業相談\n- オーディションの開催",
    "do_text": "○ 起業相談\n- 相談を受け付けた",
    "next_plan": "- 支援を続ける",
    "summary_results": "- 相談に対応した",
    "summary_next": "- 相談を続ける",
}


def make_cycle(fy: int = 2021, status: str = Cycle.Status.ENTERING, **fields) -> Cycle:
    return Cycle.objects.create(fiscal_year=fy, status=status, **fields)


def make_indicator(project, name="起業相談件数", unit="件", **fields) -> Indicator:
    return Indicator.objects.create(project=project, name=name, unit=unit, **fields)


def set_value(indicator, fy, target=None, actual=None, **fields) -> IndicatorValue:
    value, _ = IndicatorValue.objects.update_or_create(
        indicator=indicator, fiscal_year=fy,
        defaults={"target": None if target is None else Decimal(str(target)),
                  "actual": None if actual is None else Decimal(str(actual)), **fields})
    return value


def make_sheet(project=None, cycle=None, state=Sheet.State.DRAFT, complete=False, **fields):
    project = project or make_project()
    cycle = cycle or Cycle.objects.filter(fiscal_year=2021).first() or make_cycle()
    texts = dict(COMPLETE_TEXTS) if complete else {}
    texts.update(fields)
    sheet = Sheet.objects.create(project=project, cycle=cycle, state=state, **texts)
    if complete:
        indicator = make_indicator(project)
        set_value(indicator, cycle.fiscal_year, target=100, actual=90)
    return sheet
