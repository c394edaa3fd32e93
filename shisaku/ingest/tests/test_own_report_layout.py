"""Shisaku's own report as a layout (reader.own_report, report_import.layouts): a short
document printed the way the PDF's text reads (■ before a sheet's headings, the title and
the page number on every page, articles' headings, a group's Check under a heading naming
the group) is read and imported; the city's report is still read as the city's."""

import pytest

from shisaku.ingest import reader, report_import
from shisaku.verification.models import Opinion

from .test_report_expected import SEED

pytestmark = pytest.mark.django_db

DOCUMENT = """令和 3 年度
「川崎市中小企業活性化のための成長戦略に関する条例」に基づく
中小企業活性化施策実施状況報告書
– 2 –

令和3年度 中小企業活性化施策実施状況報告書
4 令和 3（2021）年度中小企業活性化施策の実施状況
第 12 条 創業、経営の革新等の促進
架空起業支援事業
■ 施策における目標
起業する人を増やす。
■ 事業計画 Plan
• 相談窓口を開き、起業の準備から成長までを切れ目なく支
– 13 –

令和3年度 中小企業活性化施策実施状況報告書
える。
■ 主な成果・活動指標
・相談件数
R2 (2020) 年度 R3 (2021) 年度
目標（件） 40 50
実績（件） 38 55 (新規30件・継続
25件)
■ 主な検証意見 Check
①相談後の追跡が必要である。
■ 令和4年度以降の対応 Action
①相談の半年後に様子を聞く。
第 14 条 研究及び開発の支援
架空関連事業 ①試作支援事業
■ 施策における目標
試作を増やす。
■ 主な検証意見 Check
①試作の費用の助成を広げるとよい。
■ 令和4年度以降の対応 Action
①助成の上限を見直す。
■ 主な検証意見 Check（架空関連事業）
①関連事業どうしで情報を共有すべきである。
②大学との連携を進めるべきである。
■ 令和4年度以降の対応 Action（架空関連事業）
①担当者の会議を四半期ごとに開く。
②大学の窓口と定期的に会う。
"""


def _read(text: str = DOCUMENT) -> reader.ParsedReport:
    return reader.parse(text, 2021, layout=report_import.layouts())


def test_shisakus_own_report_is_read_with_its_articles_group_check_and_no_page_lines():
    report = _read()
    first, second = report.sheets
    assert (first.project, first.group, first.article) == ("架空起業支援事業", None, 12)
    # The bullet cut by the page break reads as one item, without the page's lines.
    assert first.plan == "- 相談窓口を開き、起業の準備から成長までを切れ目なく支える。"
    (indicator,) = first.indicators
    assert [(v.fiscal_year, v.target, v.actual) for v in indicator.values] == [
        (2020, 40, 38), (2021, 50, 55)]
    # The breakdown the PDF wrapped onto the next line is joined again.
    assert [(b["label"], b["value"]) for b in indicator.values[1].breakdown] == [
        ("新規", 30), ("継続", 25)]
    assert (second.group, second.position, second.project, second.article) == (
        "架空関連事業", 1, "試作支援事業", 14)
    assert [o.text for o in second.opinions] == ["試作の費用の助成を広げるとよい。"]
    assert second.opinion_scope == "sheet"
    assert [o.text for o in second.group_opinions] == [
        "関連事業どうしで情報を共有すべきである。", "大学との連携を進めるべきである。"]
    assert [r.numbers for r in second.group_responses] == [[1], [2]]


def test_the_same_document_read_as_the_citys_finds_no_sheet():
    assert reader.parse(DOCUMENT, 2021).sheets == []


def test_a_groups_check_under_its_own_heading_is_imported_as_the_groups():
    report_import.import_report(_read())
    opinions = {(o.scope, o.group, o.sheet.project.name if o.sheet_id else None, o.number):
                (o.text, o.response.text) for o in Opinion.objects.select_related(
                    "sheet__project", "response")}
    assert opinions == {
        ("sheet", "", "架空起業支援事業", 1): ("相談後の追跡が必要である。", "相談の半年後に様子を聞く。"),
        ("sheet", "", "試作支援事業", 1): ("試作の費用の助成を広げるとよい。", "助成の上限を見直す。"),
        ("group", "架空関連事業", None, 1): ("関連事業どうしで情報を共有すべきである。",
                                        "担当者の会議を四半期ごとに開く。"),
        ("group", "架空関連事業", None, 2): ("大学との連携を進めるべきである。", "大学の窓口と定期的に会う。"),
    }


def test_the_citys_report_read_with_every_layout_is_read_as_with_the_citys_alone():
    if not SEED.exists():
        pytest.skip(f"{SEED} がありません（../shared/seeds は開発環境にだけあります）")
    text = SEED.read_text(encoding="utf-8")
    assert reader.to_json(_read(text)) == reader.to_json(reader.parse(text, 2021))
