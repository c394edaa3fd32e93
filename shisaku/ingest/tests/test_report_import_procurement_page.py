"""The art. 19 page imported from the FY2021 report: its texts in the page's parts, the
主観評価項目 table, and the contract tables the page then prints with the city's figures."""

import datetime

import pytest

from shisaku.ingest import reader as rp
from shisaku.ingest import report_import
from shisaku.reports.build import build
from shisaku.reports.document import GroupedTable, Landscape
from shisaku.reports.tests.test_procurement_page import seed_contract_rows
from shisaku.sheets.models import Cycle, ProcurementPage

from .test_report_expected import seed_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def parsed_bytes():
    return seed_bytes()


def run(data: bytes) -> report_import.ImportResult:
    return report_import.import_report(rp.parse_bytes(data, 2021))


def test_the_excerpt_fills_the_art_19_page_and_its_tables_print_the_citys_figures(
        parsed_bytes):
    result = run(parsed_bytes)
    assert result.created["procurement_page"] == 1
    page = ProcurementPage.objects.get(cycle__fiscal_year=2021)
    assert page.plan.startswith("- 市が工事・委託・物品の契約の相手方を選定する際には")
    assert page.rule_changes.startswith("○ 総合評価一般競争入札における評価項目の見直し")
    assert "② 「かわさきSDGsパートナー（認証取得）」の新設" in page.rule_changes
    assert page.evaluation_title == "令和3年4月以降の主観評価項目"
    assert page.evaluation_notes.startswith("【エコアクション2.1認証・登録制度】")
    assert "合計点が60点以上" in page.evaluation_notes
    assert page.contract_notes.startswith("※ 各数値は、当該年度の本市契約実績")
    assert "1件の金額が100万円を超える" in page.subsidised_intro
    assert page.subsidised_notes.startswith("※市内中小企業者の契約金額に占める割合の減少")
    items = list(page.evaluation_items.order_by("order"))
    assert len(items) == 11 and {i.points for i in items} == {10}
    assert {i.group for i in items} == {"事業者申請項目"}
    assert [i.added_on for i in items] == [None] * 10 + [datetime.date(2022, 3, 1)]
    assert items[0].name == "障害者の雇用状況"
    # The page built from the imported year prints every figure of the city's table.
    _data, doc = build(Cycle.objects.get(fiscal_year=2021), "full", "html")
    landscape = next(i for i in doc.items if isinstance(i, Landscape))
    table = next(i for i in landscape.items if isinstance(i, GroupedTable))
    city = seed_contract_rows()
    fy = None
    for row in table.rows:
        fy = 2018 + int(row[0][2]) if row[0] else fy
        figures = list(row[2:])
        assert (figures if fy == 2021 else figures[0::2]) == (
            city[(fy, row[1])] if fy == 2021 else city[(fy, row[1])][0::2]), (fy, row[1])
    evaluation = next(i for i in doc.items if getattr(i, "caption", "") == "【令和3年4月以降の主観評価項目】")
    assert evaluation.rows[-1][3] == "110点（R4.3.1～）"


def test_a_second_import_leaves_the_page_as_it_is(parsed_bytes):
    run(parsed_bytes)
    version = ProcurementPage.objects.get().version
    second = run(parsed_bytes)
    assert second.unchanged["procurement_page"] == 1
    assert second.changes == 0
    assert ProcurementPage.objects.get().version == version
