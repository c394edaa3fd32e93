"""Saving sheets: history of every change, and no update ever lost to a concurrent edit."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.sheets.editing import EditConflict, ValueInput, save_sheet
from shisaku.sheets.models import IndicatorValue, Sheet, SheetChange

from .factories import make_indicator, make_sheet, set_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(section):
    return make_sheet(make_project(section=section), goal="旧い目標")


def test_every_changed_field_is_recorded_with_who_and_before_after(users, sheet):
    indicator = make_indicator(sheet.project)
    set_value(indicator, 2021, target=10)
    save_sheet(sheet, users["section_editor"], {"goal": "新しい目標", "plan": ""}, sheet.version,
               [ValueInput(indicator, 2021, D("10"), D("12"), "measured", [], "")])
    changes = {c.field: c for c in SheetChange.objects.filter(sheet=sheet)}
    assert changes["施策における目標"].before == "旧い目標"
    assert changes["施策における目標"].after == "新しい目標"
    assert changes["施策における目標"].user == users["section_editor"]
    value_change = changes["起業相談件数 令和3（2021）年度 実績"]
    assert (value_change.before, value_change.after) == ("", "12")
    assert "施策における目標" in {c.field for c in sheet.changes.all()}
    assert not any(c.field.endswith("目標") and "R3" in c.field for c in changes.values())


def test_second_save_of_the_same_version_is_refused_and_changes_nothing(users, sheet):
    opened = sheet.version
    save_sheet(sheet, users["planning_admin"], {"goal": "企画課の修正"}, opened)
    with pytest.raises(EditConflict) as exc:
        save_sheet(Sheet.objects.get(pk=sheet.pk), users["section_editor"],
                   {"goal": "所管課の修正"}, opened)
    assert exc.value.current.goal == "企画課の修正"
    sheet.refresh_from_db()
    assert sheet.goal == "企画課の修正"


def test_conflicting_editor_keeps_their_text_on_screen(client, users, sheet):
    client.force_login(users["section_editor"])
    url = reverse("sheets:edit", args=[sheet.pk])
    opened = sheet.version
    save_sheet(sheet, users["planning_admin"], {"goal": "企画課の修正"}, opened)
    response = client.post(url, {"version": opened, "goal": "所管課の長い修正文", "save": "1",
                                 "years": "2020,2021"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "先に保存しました" in html
    assert "所管課の長い修正文" in html and "企画課の修正" in html
    sheet.refresh_from_db()
    assert sheet.goal == "企画課の修正"
    # after merging, saving with the version shown succeeds
    response = client.post(url, {"version": response.context["form"]["version"].value(),
                                 "goal": "統合した目標", "save": "1", "years": "2020,2021"})
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.goal == "統合した目標"


def test_grid_refuses_non_numeric_target_naming_the_cell(client, users, sheet):
    indicator = make_indicator(sheet.project)
    client.force_login(users["section_editor"])
    prefix = f"v{indicator.pk}_2021"
    response = client.post(reverse("sheets:edit", args=[sheet.pk]), {
        "version": sheet.version, "goal": "変えた目標", "save": "1", "years": "2020,2021",
        f"{prefix}-target": "たくさん", f"{prefix}-actual_status": "measured",
        f"v{indicator.pk}_2020-actual_status": "measured",
    })
    html = response.content.decode()
    assert "「起業相談件数」R3 (2021) 年度の目標「たくさん」は数値ではありません" in html
    sheet.refresh_from_db()
    assert sheet.goal == "旧い目標"
    assert not IndicatorValue.objects.exists()


def test_grid_refuses_a_year_outside_the_program(client, users, sheet):
    from shisaku.core.testing import make_plan, make_program

    plan = make_plan(2016, 2025, "第1次")
    make_program(plan, 2, 2018, 2021)
    indicator = make_indicator(sheet.project)
    client.force_login(users["section_editor"])
    response = client.post(reverse("sheets:edit", args=[sheet.pk]), {
        "version": sheet.version, "goal": "x", "save": "1", "years": "2020,2021,2024",
        f"v{indicator.pk}_2024-target": "5", f"v{indicator.pk}_2024-actual_status": "measured",
        f"v{indicator.pk}_2020-actual_status": "measured",
        f"v{indicator.pk}_2021-actual_status": "measured",
    })
    assert "令和6（2024）年度は実行プログラムの期間外" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_breakdown_mismatch_saves_with_a_warning(client, users, sheet):
    indicator = make_indicator(sheet.project, name="相談件数")
    client.force_login(users["section_editor"])
    p = f"v{indicator.pk}_2021"
    response = client.post(reverse("sheets:edit", args=[sheet.pk]), {
        "version": sheet.version, "goal": "x", "save": "1", "years": "2020,2021",
        f"{p}-actual": "59", f"{p}-breakdown": "新規38件・変更20件", f"{p}-actual_status": "measured",
        f"v{indicator.pk}_2020-actual_status": "measured",
    }, follow=True)
    html = response.content.decode()
    assert "内訳の合計（58）が実績（59）と一致しません" in html
    value = IndicatorValue.objects.get(indicator=indicator, fiscal_year=2021)
    assert value.actual == 59 and len(value.breakdown) == 2


def test_validate_endpoint_reports_a_bad_cell_without_saving(client, users, sheet):
    indicator = make_indicator(sheet.project)
    client.force_login(users["section_editor"])
    url = reverse("sheets:validate_value", args=[sheet.pk, indicator.pk, 2021])
    response = client.post(url, {f"v{indicator.pk}_2021-actual": "-3",
                                 f"v{indicator.pk}_2021-actual_status": "measured"})
    assert "負の値" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_an_untouched_field_sent_with_crlf_is_not_a_change(client, users, section):
    sheet = make_sheet(make_project("生産性向上推進事業", section=section),
                       activities="- 相談\n- 補助")
    client.force_login(users["section_editor"])
    response = client.post(reverse("sheets:edit", args=[sheet.pk]), {
        "version": sheet.version, "activities": "- 相談\r\n- 補助", "goal": "新しい",
        "save": "1", "years": "2020,2021"})
    assert response.status_code == 302
    assert list(sheet.changes.values_list("field", flat=True)) == ["施策における目標"]


def test_a_changed_comment_is_recorded_as_text(users, sheet):
    indicator = make_indicator(sheet.project)
    save_sheet(sheet, users["section_editor"], {}, sheet.version,
               [ValueInput(indicator, 2021, None, None, "measured", [], "会場改修のため")])
    change = SheetChange.objects.get(sheet=sheet, field__endswith="備考")
    assert (change.before, change.after) == ("", "会場改修のため")
