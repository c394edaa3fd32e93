"""The workbook as a person sees it in Excel, and the hidden layout the upload relies on."""

import io

import openpyxl
import pytest

from shisaku.core.testing import make_plan, make_program
from shisaku.ingest.excel_workbook import MAX_TITLE, META_TITLE, worksheet_titles
from shisaku.sheets.tests.factories import set_value

from . import test_excel_support as support
from .test_excel_support import (
    OWN,
    address,
    download,
    layout,
)

pytestmark = pytest.mark.django_db

# Fixtures shared by the Excel tests.
cycle = support.cycle
own_sheet = support.own_sheet


def test_worksheet_names_are_excel_safe_unique_and_at_most_31_characters():
    long = "中小企業の海外展開と販路開拓を総合的に支援するための国際ビジネス推進事業"
    titles = worksheet_titles([long, long, "研究/開発[支援]:事業?", "History", "_shisaku", "''"])
    assert all(len(t) <= MAX_TITLE for t in titles)
    assert titles[0] == long[:MAX_TITLE]
    assert titles[1] == long[:MAX_TITLE - 3] + "(2)"
    assert titles[2] == "研究_開発_支援__事業_"
    assert titles[3] == "History(2)" and titles[4] == "_shisaku(2)"
    assert titles[5] == "シート"
    assert len({t.casefold() for t in titles}) == len(titles)


def test_each_project_is_a_protected_worksheet_with_its_texts_and_grid(client, users, own_sheet):
    data = download(client, users["section_editor"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book[OWN]
    assert ws.protection.sheet
    assert ws["A1"].value == own_sheet.project.heading
    assert ws["A5"].value == "施策における目標" and ws["B5"].value == "市内での起業を増やす"
    assert ws["B9"].value == "R2 (2020) 年度" and ws["G9"].value == "R3 (2021) 年度"
    assert [c.value for c in ws[10]][:6] == ["指標名（単位）", "目標", "実績", "状況", "内訳", "備考"]
    assert ws["A11"].value == "起業相談件数（件）"
    assert (ws["G11"].value, ws["H11"].value) == (100, 90)
    assert ws["J12"].value == "新規38回・変更21回"
    assert ws["A14"].value == "【参考】相談窓口の利用者数（人）"
    # input cells are unlocked, labels and a reference row's target stay locked
    assert not ws["B5"].protection.locked and not ws["H11"].protection.locked
    assert ws["A5"].protection.locked and ws["G14"].protection.locked
    assert any("I11" in str(dv.sqref) for dv in ws.data_validations.dataValidation)


def test_metadata_sheet_is_very_hidden_protected_and_names_every_input_cell(client, users,
                                                                            own_sheet):
    data = download(client, users["section_editor"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    meta = book[META_TITLE]
    assert meta.sheet_state == "veryHidden" and meta.protection.sheet
    assert book.security.lockStructure
    assert book.active.title == OWN
    read = layout(data)
    assert read.fiscal_year == 2021
    [entry] = read.worksheets
    assert (entry["title"], entry["sheet"], entry["version"]) == (OWN, own_sheet.pk,
                                                                  own_sheet.version)
    assert entry["texts"]["goal"] == "B5"
    assert set(entry["texts"]) == {"goal", "plan", "activities", "indicator_notes", "do_text",
                                   "next_plan", "summary_results", "summary_next"}
    assert address(data, OWN, "起業相談件数", 2021, "actual") == "H11"
    assert len(entry["values"]) == 4 * 2  # four indicators × two fiscal years


def test_final_year_of_a_program_adds_its_results_and_only_its_years_are_columns(
        client, users, own_sheet):
    make_program(make_plan(2016, 2025), 2, 2018, 2021)
    indicator = own_sheet.project.indicators.get(name="起業相談件数")
    set_value(indicator, 2022, target=110)  # next year: inside the program's reach
    set_value(indicator, 2030, target=200)  # far outside: not offered for input
    data = download(client, users["section_editor"])
    [entry] = layout(data).worksheets
    assert {"program_results", "program_issues"} <= set(entry["texts"])
    assert sorted({v["fiscal_year"] for v in entry["values"]}) == [2020, 2021, 2022]
