"""Starting a cycle: a sheet per active project, prefilled from last year along the lineage."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from shisaku.core.testing import make_project
from shisaku.projects.lineage import record_event
from shisaku.sheets.cycle import start_cycle
from shisaku.sheets.models import Indicator, IndicatorValue, Sheet

from .factories import make_cycle, make_indicator, make_sheet, set_value

pytestmark = pytest.mark.django_db


def test_start_creates_a_sheet_for_every_active_project(users):
    make_project("続く事業")
    make_project("終わった事業", last_fy=2021)
    make_project("来年からの事業", first_fy=2023)
    cycle = start_cycle(2022, users["planning_admin"])
    assert sorted(cycle.sheets.values_list("project__name", flat=True)) == ["続く事業"]


def test_last_years_next_plan_becomes_this_years_plan(users):
    project = make_project("起業化総合支援事業")
    make_sheet(project, cycle=make_cycle(2021), goal="起業を増やす", activities="- 相談",
               next_plan="- 拠点の運営を続ける")
    indicator = make_indicator(project)
    set_value(indicator, 2021, target=100, actual=90)
    cycle = start_cycle(2022, users["planning_admin"])
    sheet = Sheet.objects.get(cycle=cycle, project=project)
    assert sheet.plan == "- 拠点の運営を続ける"
    assert sheet.goal == "起業を増やす" and sheet.activities == "- 相談"
    proposed = IndicatorValue.objects.get(indicator=indicator, fiscal_year=2022)
    assert proposed.target == D("100") and proposed.actual is None


def test_merged_projects_bring_their_indicators_and_texts(users):
    cycle21 = make_cycle(2021)
    sentan = make_project("先端産業等立地促進事業", last_fy=2021)
    nairiku = make_project("内陸部操業環境保全対策事業", last_fy=2021)
    merged = make_project("操業環境保全対策事業", first_fy=2022)
    record_event("merged", 2022, [sentan, nairiku], [merged])
    make_sheet(sentan, cycle=cycle21, goal="立地を促す", next_plan="- 立地誘導")
    make_sheet(nairiku, cycle=cycle21, goal="操業環境を守る", next_plan="- 相談対応")
    old = make_indicator(nairiku, name="操業環境相談件数")
    set_value(old, 2021, target=30, actual=35)
    make_indicator(sentan, name="立地件数")

    cycle22 = start_cycle(2022, users["planning_admin"])

    sheet = Sheet.objects.get(cycle=cycle22, project=merged)
    assert "- 立地誘導" in sheet.plan and "- 相談対応" in sheet.plan
    carried = Indicator.objects.get(project=merged, name="操業環境相談件数")
    assert carried.previous == old
    assert carried.values.get(fiscal_year=2022).target == D("30")
    assert Indicator.objects.filter(project=merged).count() == 2
    assert [i.project.name for i in carried.lineage()] == [
        "内陸部操業環境保全対策事業", "操業環境保全対策事業"]
    assert not Sheet.objects.filter(cycle=cycle22, project__in=[sentan, nairiku]).exists()


def test_a_cycle_starts_once(users):
    start_cycle(2022, users["planning_admin"])
    with pytest.raises(ValidationError, match="既にあります"):
        start_cycle(2022, users["planning_admin"])
