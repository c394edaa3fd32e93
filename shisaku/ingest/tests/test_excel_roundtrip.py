"""Download → fill in Excel → upload: unchanged means nothing written; any error means nothing."""

import pytest

from shisaku.ingest.excel_upload import upload_workbook
from shisaku.sheets.editing import save_sheet
from shisaku.sheets.models import IndicatorValue, Sheet, SheetChange

from . import test_excel_support as support
from .test_excel_support import (
    OTHER,
    OWN,
    D,
    address,
    download,
    edit,
    layout,
    snapshot,
)

pytestmark = pytest.mark.django_db

# Fixtures shared by the Excel tests.
cycle = support.cycle
other_sheet = support.other_sheet
own_sheet = support.own_sheet


@pytest.fixture
def workbook(client, users, own_sheet, other_sheet):
    return download(client, users["planning_admin"])


def test_downloaded_workbook_uploaded_unchanged_changes_nothing(workbook, users, cycle):
    before = snapshot()
    result = upload_workbook(workbook, cycle, users["planning_admin"])
    assert result.ok, result.errors
    assert result.saved == []
    assert result.unchanged == [OWN, OTHER]
    assert snapshot() == before
    assert not SheetChange.objects.exists()


def test_workbook_saved_again_by_a_spreadsheet_program_changes_nothing(workbook, users, cycle):
    resaved = edit(workbook, {})
    before = snapshot()
    assert upload_workbook(resaved, cycle, users["section_editor"]).ok
    assert snapshot() == before


def test_one_bad_cell_writes_nothing_and_names_the_cell(workbook, users, cycle, own_sheet):
    target = address(workbook, OWN, "起業相談件数", 2021)
    goal = address(workbook, OWN, field="goal")
    changed = edit(workbook, {(OWN, target): "たくさん", (OWN, goal): "新しい目標"})
    before = snapshot()
    result = upload_workbook(changed, cycle, users["section_editor"])
    assert result.errors == [
        f"{OWN}!{target}: 数値を入力してください（「起業相談件数」R3 (2021) 年度の目標「たくさん」）"]
    assert snapshot() == before
    own_sheet.refresh_from_db()
    assert own_sheet.goal == "市内での起業を増やす"


def test_error_reads_as_worksheet_bang_cell_colon_message(workbook, users, cycle):
    # The first indicator's target of this FY sits right of last year's five columns.
    changed = edit(workbook, {(OWN, "G11"): "abc"})
    result = upload_workbook(changed, cycle, users["section_editor"])
    assert result.errors[0].startswith(f"{OWN}!G11: 数値を入力してください")


def test_several_errors_are_all_listed_in_sheet_and_cell_order(workbook, users, cycle):
    cells = {
        (OWN, address(workbook, OWN, "セミナー開催回数", 2021, "actual_status")): "たぶん",
        (OWN, address(workbook, OWN, "起業相談件数", 2021, "actual")): "１，５０",
        (OWN, address(workbook, OWN, "セミナー開催回数", 2021, "breakdown")): "新規と変更",
        (OWN, address(workbook, OWN, "満足度", 2021, "target")): "12.3456",
        (OWN, address(workbook, OWN, "相談窓口の利用者数", 2021, "target")): 10,
        (OWN, address(workbook, OWN, "起業相談件数", 2020, "comment")): "あ" * 501,
        (OWN, address(workbook, OWN, "起業相談件数", 2020, "actual")): -3,
        (OWN, address(workbook, OWN, field="plan")): "| a |" + " b |" * 13,
        (OTHER, address(workbook, OTHER, "起業相談件数", 2021, "actual")): "多数",
    }
    before = snapshot()
    result = upload_workbook(edit(workbook, cells), cycle, users["planning_admin"])
    assert snapshot() == before
    assert len(result.errors) == len(cells)
    named = [error.split(":")[0] for error in result.errors]
    assert sorted(named) == sorted(f"{title}!{cell}" for title, cell in cells)
    # worksheets in workbook order, cells top to bottom then left to right
    assert named[0] == f"{OWN}!{address(workbook, OWN, field='plan')}"
    assert named[-1].startswith(f"{OTHER}!")
    text = "\n".join(result.errors)
    assert "状況は「実績あり」「中止」「未実施」「集計中」から選んでください" in text
    assert "内訳「新規と変更」は「項目名 数値」の形で入力してください" in text
    assert "小数点以下は3桁までで入力してください" in text
    assert "参考指標には目標を入力しません" in text
    assert "備考は500字までです" in text
    assert "負の値は入力できません" in text
    assert "表の列は12列までです" in text
    assert "「多数」" in text


def test_cancelled_actual_with_a_number_is_refused_like_the_web_form(workbook, users, cycle):
    actual = address(workbook, OWN, "セミナー開催回数", 2020, "actual")
    result = upload_workbook(edit(workbook, {(OWN, actual): 5}), cycle, users["section_editor"])
    assert result.errors == [f"{OWN}!{actual}: 「セミナー開催回数」: 令和2（2020）年度の実績が"
                             "「中止」のときは数値を空欄にしてください。"]


def test_valid_changes_are_saved_with_history_and_only_changed_sheets_move(
        workbook, users, cycle, own_sheet, other_sheet):
    cells = {
        (OWN, address(workbook, OWN, field="do_text")): "○ 相談\r\n- 120件の相談に対応した",
        (OWN, address(workbook, OWN, "起業相談件数", 2021, "actual")): "１，５００",
        (OWN, address(workbook, OWN, "起業相談件数", 2021, "breakdown")): "窓口1,000件・オンライン500件",
        (OWN, address(workbook, OWN, "満足度", 2021, "actual")): 81.25,
        (OWN, address(workbook, OWN, "起業相談件数", 2020, "actual_status")): "未実施",
    }
    result = upload_workbook(edit(workbook, cells), cycle, users["section_editor"])
    assert result.ok, result.errors
    assert [title for title, _n in result.saved] == [OWN]
    assert result.unchanged == [OTHER]
    own_sheet.refresh_from_db()
    other_version = other_sheet.version
    other_sheet.refresh_from_db()
    assert own_sheet.do_text == "○ 相談\n- 120件の相談に対応した"
    assert own_sheet.version == 2 and own_sheet.updated_by == users["section_editor"]
    assert other_sheet.version == other_version
    consult = own_sheet.project.indicators.get(name="起業相談件数")
    value = IndicatorValue.objects.get(indicator=consult, fiscal_year=2021)
    assert value.actual == D(1500) and value.target == D(100)
    assert value.breakdown == [{"label": "窓口", "value": 1000}, {"label": "オンライン", "value": 500}]
    last_year = IndicatorValue.objects.get(indicator=consult, fiscal_year=2020)
    assert last_year.actual_status == "not_done"
    rate = IndicatorValue.objects.get(indicator__name="満足度", fiscal_year=2021)
    assert rate.actual == D("81.25")
    fields = set(SheetChange.objects.filter(sheet=own_sheet).values_list("field", flat=True))
    assert "事業の実施状況（Do）" in fields
    assert "起業相談件数 令和3（2021）年度 実績" in fields
    assert "満足度 令和3（2021）年度 実績" in fields
    assert not SheetChange.objects.filter(sheet=other_sheet).exists()
    assert result.saved[0][1] == SheetChange.objects.filter(sheet=own_sheet).count()


def test_a_changed_comment_is_saved_trimmed(workbook, users, cycle, own_sheet):
    cell = address(workbook, OWN, "起業相談件数", 2020, "comment")
    result = upload_workbook(edit(workbook, {(OWN, cell): "  会場改修のため  "}), cycle,
                             users["section_editor"])
    assert result.ok
    value = IndicatorValue.objects.get(indicator__name="起業相談件数", fiscal_year=2020)
    assert value.comment == "会場改修のため"


def test_breakdown_not_adding_up_is_a_warning_not_an_error(workbook, users, cycle):
    cell = address(workbook, OWN, "セミナー開催回数", 2021, "breakdown")
    result = upload_workbook(edit(workbook, {(OWN, cell): "新規30回・変更21回"}), cycle,
                             users["section_editor"])
    assert result.ok
    assert result.warnings == [f"{OWN}!{cell}: 「セミナー開催回数」R3 (2021) 年度の内訳の合計（51）が"
                               "実績（59）と一致しません。"]


def test_a_sheet_saved_by_someone_else_since_the_download_refuses_the_whole_upload(
        workbook, users, cycle, own_sheet, other_sheet):
    save_sheet(other_sheet, users["planning_admin"], {"goal": "企画課の修正"}, other_sheet.version)
    cells = {(OWN, address(workbook, OWN, field="goal")): "所管課の目標",
             (OTHER, address(workbook, OTHER, field="goal")): "古いブックからの目標"}
    before = snapshot()
    result = upload_workbook(edit(workbook, cells), cycle, users["planning_admin"])
    assert result.errors == [f"{OTHER}: このシートはブックのダウンロード後にkikakuが保存しました。"
                             "もう一度ダウンロードして入力し直してください。"]
    assert snapshot() == before
    assert Sheet.objects.get(pk=other_sheet.pk).goal == "企画課の修正"


def test_untouched_sheet_saved_by_someone_else_meanwhile_is_no_conflict(
        workbook, users, cycle, own_sheet, other_sheet):
    save_sheet(other_sheet, users["planning_admin"], {"goal": "企画課の修正"}, other_sheet.version)
    cells = {(OWN, address(workbook, OWN, field="goal")): "所管課の目標"}
    result = upload_workbook(edit(workbook, cells), cycle, users["planning_admin"])
    assert result.ok, result.errors
    assert result.unchanged == [OTHER]
    assert Sheet.objects.get(pk=other_sheet.pk).goal == "企画課の修正"
    assert Sheet.objects.get(pk=own_sheet.pk).goal == "所管課の目標"


def test_text_starting_with_equals_is_written_as_text_not_a_formula(client, users, cycle,
                                                                   own_sheet):
    save_sheet(own_sheet, users["planning_admin"], {"goal": "=1+1 は式ではない"}, own_sheet.version)
    data = download(client, users["section_editor"])
    assert layout(data).cells[OWN][address(data, OWN, field="goal")] == "=1+1 は式ではない"
    before = snapshot()
    assert upload_workbook(data, cycle, users["section_editor"]).ok
    assert snapshot() == before


def test_numbers_beyond_excel_precision_round_trip_as_text(client, users, cycle, own_sheet):
    indicator = own_sheet.project.indicators.get(name="満足度")
    IndicatorValue.objects.filter(indicator=indicator, fiscal_year=2021).update(
        target=D("1234567890123.456"))
    data = download(client, users["section_editor"])
    before = snapshot()
    assert upload_workbook(data, cycle, users["section_editor"]).ok
    assert snapshot() == before
