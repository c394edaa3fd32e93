"""The Excel round trip obeys value ownership: last year's figures are read-only in next year's
workbook, an untouched cell is never written back, a value saved since the download is refused."""

import io
from decimal import Decimal as D

import openpyxl
import pytest

from shisaku.core.testing import make_project
from shisaku.ingest.excel_upload import upload_workbook
from shisaku.sheets.editing import ValueInput, save_sheet
from shisaku.sheets.models import Cycle, IndicatorValue, Sheet, SheetChange
from shisaku.sheets.tests.factories import make_cycle, make_indicator, make_sheet, set_value

from .test_excel_support import OWN, address, download, edit, snapshot

pytestmark = pytest.mark.django_db


def _years(section, status21=Cycle.Status.PUBLISHED, state21=Sheet.State.PUBLISHED):
    project = make_project(OWN, section=section)
    sheet21 = make_sheet(project, cycle=make_cycle(2021, status=status21), state=state21)
    cycle22 = make_cycle(2022)
    sheet22 = make_sheet(project, cycle=cycle22, goal="来年度の目標")
    indicator = make_indicator(project)
    set_value(indicator, 2021, target=100, actual=90)
    set_value(indicator, 2022, target=110)
    set_value(indicator, 2023, target=130, comment="計画")
    return sheet21, sheet22, cycle22, indicator


def test_last_years_cells_are_grey_and_locked_in_next_years_workbook(client, users, section):
    _sheet21, _sheet22, _cycle22, _indicator = _years(section)
    data = download(client, users["section_editor"], fy=2022)
    ws = openpyxl.load_workbook(io.BytesIO(data))[OWN]
    last_year = ws[address(data, OWN, "起業相談件数", 2021, "actual")]
    this_year = ws[address(data, OWN, "起業相談件数", 2022, "actual")]
    assert last_year.value == 90 and last_year.protection.locked
    assert last_year.fill.fgColor.rgb.endswith("D9D9D9")
    assert not this_year.protection.locked
    headings = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "R3 (2021) 年度（参照のみ）" in headings and "R4 (2022) 年度" in headings


def test_changing_last_years_actual_in_next_years_workbook_is_refused_naming_the_cell(
        client, users, section):
    sheet21, sheet22, cycle22, indicator = _years(section)
    data = download(client, users["section_editor"], fy=2022)
    cell = address(data, OWN, "起業相談件数", 2021, "actual")
    goal = address(data, OWN, field="goal")
    changed = edit(data, {(OWN, cell): 999, (OWN, goal): "書き換えた目標"})
    before = snapshot()
    result = upload_workbook(changed, cycle22, users["section_editor"])
    assert result.errors == [
        f"{OWN}!{cell}: 「起業相談件数」R3 (2021) 年度は変更できません。令和3（2021）年度の値は"
        "令和3（2021）年度のシート（公表済）のものです。公表済の値を直すには、企画課がそのシートの"
        "「訂正版を作成」で訂正版を作り、訂正版で編集します。この欄を元に戻してからアップロードしてください。"]
    assert snapshot() == before
    assert IndicatorValue.objects.get(indicator=indicator, fiscal_year=2021).actual == 90
    assert not SheetChange.objects.exists()


def test_a_section_upload_does_not_undo_a_correction_made_after_the_download(
        client, users, section):
    sheet21, sheet22, cycle22, indicator = _years(
        section, status21=Cycle.Status.ENTERING, state21=Sheet.State.DRAFT)
    data = download(client, users["section_editor"], fy=2022)
    # Planning corrects last year's actual on last year's sheet, after the download.
    save_sheet(sheet21, users["planning_admin"], {}, sheet21.version,
               [ValueInput(indicator, 2021, D("100"), D("93"), "measured", [], "", version=1,
                           changed=frozenset({"actual"}))])
    changed = edit(data, {(OWN, address(data, OWN, "起業相談件数", 2022, "actual")): 105,
                          (OWN, address(data, OWN, field="goal")): "Bの新しい目標"})
    result = upload_workbook(changed, cycle22, users["section_editor"])
    assert result.ok, result.errors
    assert IndicatorValue.objects.get(indicator=indicator, fiscal_year=2021).actual == 93
    assert IndicatorValue.objects.get(indicator=indicator, fiscal_year=2022).actual == 105
    assert IndicatorValue.objects.get(indicator=indicator, fiscal_year=2023).comment == "計画"
    history = {(c.sheet_id, c.fiscal_year, c.field, c.user.username)
               for c in SheetChange.objects.select_related("user")}
    assert history == {
        (sheet21.pk, 2021, "起業相談件数 令和3（2021）年度 実績", "kikaku"),
        (sheet22.pk, None, "施策における目標", "kogyo"),
        (sheet22.pk, 2022, "起業相談件数 令和4（2022）年度 実績", "kogyo"),
    }


def test_a_value_saved_since_the_download_is_refused_and_nothing_is_written(
        client, users, section):
    """FY2023 has no sheet yet: both years' sheets plan its target; the version decides."""
    sheet21, _sheet22, cycle22, indicator = _years(
        section, status21=Cycle.Status.ENTERING, state21=Sheet.State.DRAFT)
    data = download(client, users["section_editor"], fy=2022)
    save_sheet(sheet21, users["planning_admin"], {}, sheet21.version,
               [ValueInput(indicator, 2023, D("140"), None, "measured", [], "計画", version=1,
                           changed=frozenset({"target"}))])
    cell = address(data, OWN, "起業相談件数", 2023)
    changed = edit(data, {(OWN, cell): 150, (OWN, address(data, OWN, field="goal")): "新しい"})
    before = snapshot()
    result = upload_workbook(changed, cycle22, users["section_editor"])
    assert result.errors == [
        f"{OWN}!{cell}: 「起業相談件数」R5 (2023) 年度はブックのダウンロード後に"
        f"{users['planning_admin'].display_name}さんが保存しました。"
        "もう一度ダウンロードして入力し直してください。"]
    assert snapshot() == before
    assert IndicatorValue.objects.get(indicator=indicator, fiscal_year=2023).target == 140


def test_only_the_changed_cell_of_a_value_is_written(client, users, section):
    _sheet21, sheet22, cycle22, indicator = _years(section)
    data = download(client, users["section_editor"], fy=2022)
    # Someone fixes the FY2023 comment through the web after the download ...
    save_sheet(sheet22, users["planning_admin"], {}, sheet22.version,
               [ValueInput(indicator, 2023, D("130"), None, "measured", [], "計画（修正）",
                           version=1, changed=frozenset({"comment"}))])
    # ... and a fresh download is edited in one cell: only that cell is written.
    data = download(client, users["section_editor"], fy=2022)
    changed = edit(data, {(OWN, address(data, OWN, "起業相談件数", 2023)): 135})
    result = upload_workbook(changed, cycle22, users["section_editor"])
    assert result.ok, result.errors
    value = IndicatorValue.objects.get(indicator=indicator, fiscal_year=2023)
    assert (value.target, value.comment, value.version) == (D(135), "計画（修正）", 3)
    assert list(SheetChange.objects.filter(user=users["section_editor"])
                .values_list("field", "before", "after")) == [
        ("起業相談件数 令和5（2023）年度 目標", "130", "135")]
