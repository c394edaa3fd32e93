"""The past-report parser on the FY2021 excerpt (every sheet) and on the written variants."""

import codecs
import json
from decimal import Decimal

import pytest

from shisaku.ingest import reader as rp
from shisaku.lib import richtext

from .test_report_expected import (
    CONTRACTS,
    MAIN_OPINIONS,
    OTHER_ENTRY_COUNT,
    SHEET_IDS,
    SHEETS,
    SUBSIDISED,
    WITHOUT_PAGES,
    seed_bytes,
    seed_text,
)


@pytest.fixture(scope="module")
def report():
    return rp.parse_bytes(seed_bytes(), 2021)


def _value(value: rp.Value):
    actual = "中止" if value.status == "cancelled" else value.actual
    out = (None if value.target is None else int(value.target),
           actual if actual in (None, "中止") else int(actual))
    if value.breakdown:
        out += ([(b["label"], b["value"]) for b in value.breakdown],)
    return out


def test_every_project_sheet_of_the_excerpt_is_found_in_order(report):
    assert [s.project for s in report.sheets] == SHEET_IDS
    assert [s.line for s in report.sheets] == [s[0] for s in SHEETS]


@pytest.mark.parametrize("expected", SHEETS, ids=SHEET_IDS)
def test_each_sheet_has_its_exact_indicator_figures_and_opinion_counts(report, expected):
    line, group, position, project, article, indicators, opinions, responses, numbers, scope = (
        expected)
    sheet = next(s for s in report.sheets if s.project == project)
    assert (sheet.group, sheet.position, sheet.article) == (group, position, article)
    assert [i.name for i in sheet.indicators] == [i["name"] for i in indicators]
    for got, want in zip(sheet.indicators, indicators, strict=True):
        assert got.unit == want["unit"], got.name
        assert got.reference == want["reference"], got.name
        assert [v.fiscal_year for v in got.values] == [2020, 2021], got.name
        assert _value(got.value(2020)) == want[2020], got.name
        assert _value(got.value(2021)) == want[2021], got.name
    assert len(sheet.opinions) == opinions
    assert [o.numbers[0] for o in sheet.opinions] == list(range(1, opinions + 1))
    assert len(sheet.responses) == responses
    assert [r.numbers for r in sheet.responses] == numbers
    assert sheet.opinion_scope == scope


def test_every_sheet_has_its_narrative_parts_in_shisaku_text(report):
    for sheet in report.sheets:
        assert sheet.goal and sheet.plan and sheet.activities and sheet.do_text, sheet.project
        assert sheet.program_results and sheet.program_issues and sheet.next_plan, sheet.project
        for name in rp.Sheet.TEXTS:
            richtext.validate(getattr(sheet, name), name)  # stored text renders everywhere
    first = report.sheets[0]
    assert first.goal == "次代を支える産業を創出するため、市内での起業を盛んにする"
    assert first.plan.startswith("- 起業家支援拠点「Kawasaki-NEDO Innovation Center (K-NIC)」")
    assert first.program == "第2期実行プログラム"
    assert "○ 創業フォーラム及びかわさき起業家塾の開催" in first.do_text
    assert "|第127回 (7月16日)|応募 24件・受賞 4件|" in first.do_text
    assert "起業相談の様子" not in first.activities  # a picture's caption
    assert (447 + 33, "起業相談の様子") in first.captions


def test_seed_bullets_become_shisaku_bullets_and_nested_items(report):
    sheet = next(s for s in report.sheets if s.project == "ものづくり中小企業経営支援事業")
    assert "- 川崎市、川崎市産業振興財団、川崎市工業団体連合会" in sheet.do_text  # "- ・"
    assert "  - 導入セミナー 7回開催、個別支援 11回" in sheet.do_text  # " - " under a bullet
    commerce = next(s for s in report.sheets if s.project == "地域連携事業")
    assert commerce.plan.startswith("- 商店街が実施するイベント")  # "○" in a plan is a bullet
    productivity = next(s for s in report.sheets if s.project == "生産性向上推進事業")
    assert "- セミナー・マッチング会の開催" in productivity.do_text  # "◆"
    activities = next(s for s in report.sheets if s.project == "商店街課題対応事業").activities
    assert "- 商店街エコ化プロジェクト事業の実施(既存の街路灯のLED化等の支援)" in activities


def test_the_art_19_page_is_the_procurement_entry_with_its_tables(report):
    proc = report.procurement
    assert proc is not None and proc.line == 2256
    assert len(proc.opinions) == 3 and len(proc.responses) == 3
    assert len(proc.contracts) == 24  # 2 FYs × 4 categories × 3 contract types; totals checked
    got = {(r["fiscal_year"], r["category"], r["contract_type"]): (r["count"], r["amount"])
           for r in proc.contracts}
    for key, value in CONTRACTS.items():
        assert got[key] == value
    assert {(r["fiscal_year"], r["scope"]): (r["count"], r["amount"])
            for r in proc.subsidised} == SUBSIDISED
    assert len(proc.evaluation_items) == 11
    assert "規模等・種別契約実績" not in proc.do_text
    misprint = [w for w in report.warnings if w.line == 2325]
    assert any("90.33%" in w.message and "9.67%" in w.message for w in misprint)


def test_rosters_lists_main_opinions_and_lineage_notes_are_recognised(report):
    council, sub = report.rosters
    assert (council.committee, council.kind, council.as_of, len(council.members)) == (
        "川崎市産業振興協議会", "council", "2022-08", 16)
    assert council.members[0].role == "chair" and council.members[0].category == "学識者"
    assert council.members[0].title == "専修大学商学部教授"
    assert (sub.committee, sub.kind, len(sub.members)) == ("中小企業活性化専門部会", "subcommittee", 8)
    assert sub.members[0].role == "subcommittee_chair"
    assert {m.article: len(m.opinions) for m in report.main_opinions} == MAIN_OPINIONS
    assert report.measures[19] == "受注機会の増大等"
    assert len(report.verified_projects) == 18
    inland = next(p for p in report.verified_projects if p.name == "内陸部操業環境保全対策事業")
    assert (inland.group, inland.position, inland.article) == ("工業振興関連事業", 2, 15)
    assert len(report.other_projects) == 31
    assert {p.mark for p in report.other_projects if p.mark} == set(range(1, 8))
    note3 = next(n for n in report.lineage_notes if n.mark == 3)
    assert (note3.kind, note3.predecessors, note3.successor, note3.effective_fy) == (
        "merged", ["先端産業等立地促進事業", "内陸部操業環境保全対策事業"], "操業環境保全対策事業", 2022)


def test_other_projects_rows_are_read_with_both_columns(report):
    entries = report.other_entries
    assert len(entries) == OTHER_ENTRY_COUNT
    first = entries[0]
    assert (first.project, first.article) == ("医工連携等推進事業", 12)
    assert first.next_overview.startswith("- 大学や医療機関")
    assert "医工連携フォーラム in かわさき" in first.results
    skills = next(e for e in entries if e.project == "技能奨励事業")  # three pages, one entry
    assert "(1) 川崎市技能職団体連絡協議会活動支援" in skills.next_overview
    assert "(10) 「かわさきマイスター」による広報活動" in skills.results
    merged = next(e for e in entries if e.project == "担い手育成・多様な連携推進事業")
    assert merged.merged_from == "担い手・後継者育成事業"
    labour = next(e for e in entries if e.project == "労働資料の調査及び刊行業務")  # no table
    assert "月1回3,600部発行" in labour.results and "月1回3,000部発行" in labour.next_overview
    for entry in entries:
        richtext.validate(entry.next_overview)
        richtext.validate(entry.results)


def test_nothing_is_dropped_silently_every_skipped_part_is_a_warning_with_its_line(report):
    lines = {w.line for w in report.warnings}
    assert {5, 38, 89, 307, 356, 2611} <= lines  # cover, foreword, statistics, …, appendix
    missing = {w.message.split("「")[1].split("」")[0] for w in report.warnings
               if "シートがこのファイルにありません" in w.message}
    assert missing == set(WITHOUT_PAGES)
    assert any(w.line == 2517 and "英文" in w.message for w in report.warnings)
    assert all(w.line >= 1 for w in report.warnings)


def test_json_document_has_the_issue_shape(report):
    document = json.loads(report.dumps())
    assert document["fiscal_year"] == 2021
    sheet = next(s for s in document["sheets"] if s["project"] == "新産業創造支援事業")
    assert sheet["group"] == "新川崎・創造のもり推進事業" and sheet["position"] == 1
    event = sheet["indicators"][2]["values"][0]
    assert event == {"fiscal_year": 2020, "target": 1500, "actual": None, "actual_status": "中止",
                     "status": "cancelled", "breakdown": [], "target_breakdown": [],
                     "comment": ""}
    grouped = next(s for s in document["sheets"] if s["project"] == "内陸部操業環境保全対策事業")
    assert grouped["opinion_scope"] == "group" and len(grouped["opinions"]) == 6
    assert all({"line", "message"} == set(w) for w in document["warnings"])


def test_cp932_and_bom_inputs_parse_the_same_as_utf8():
    # cp932 has no — – ²: the same text with their cp932 look-alikes in every encoding.
    text = seed_text().replace("—", "―").replace("–", "-").replace("²", "2")
    plain = rp.parse_bytes(text.encode("utf-8"), 2021).to_json()
    for data, encoding in ((text.encode("cp932"), "cp932"),
                           (codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig")):
        other = rp.parse_bytes(data, 2021)
        assert other.encoding == encoding
        document = other.to_json()
        plain["source"]["encoding"] = document["source"]["encoding"]
        assert document == plain


VARIANTS = """令和3年度

Ｒ３テスト事業

施策における目標

全角の数字と括弧で書かれた表を読めること

事業計画 Plan

・なかぐろの箇条書き
◆ひし形の箇条書き
○まるの箇条書き

主な成果・活動指標

- 全角の表
\tＲ２（２０２０）年度\tＲ３（２０２１）年度
目標（件）\t１，５００\t１５００
実績（件）\t未実施\t５９（新規３８件・変更２１件）

○和暦だけの見出し
\t令和2年度\t令和3年度
目標 (回)\t4\t4
実績 (回)\t中止\t2

【参考】実績だけの指標
\tR2 (2020) 年度\tR3 (2021) 年度
【参考】実績 (社)\t7\t12

空白区切りの表
R2 (2020) 年度 R3 (2021) 年度
目標 (人) 1,950,000 (220,000) 1,980,000 (230,000)
実績 (人) 1,400,000 (60,000) 1,340,000 (10,000)

主な検証意見 Check

① 丸数字の後に空白がある意見
- ②箇条書きの印が付いた意見
③続く行が
ある意見

令和4年度以降の対応 Action

①② 二つの意見への対応
- ③ 対応
"""


def test_written_variants_digits_parentheses_years_bullets_and_numbers():
    report = rp.parse(VARIANTS, 2021)
    (sheet,) = report.sheets
    assert sheet.project == "Ｒ３テスト事業"
    assert sheet.plan == "- なかぐろの箇条書き\n- ひし形の箇条書き\n- まるの箇条書き"
    full, era, reference, spaced = sheet.indicators
    assert full.unit == "件"
    assert [(v.fiscal_year, v.target, v.actual, v.status) for v in full.values] == [
        (2020, Decimal(1500), None, "not_done"), (2021, Decimal(1500), Decimal(59), "measured")]
    assert full.value(2021).breakdown == [{"label": "新規", "value": 38},
                                          {"label": "変更", "value": 21}]
    assert era.name == "和暦だけの見出し"
    assert [(v.fiscal_year, v.status) for v in era.values] == [(2020, "cancelled"),
                                                               (2021, "measured")]
    assert reference.reference and reference.unit == "社"
    assert [(v.target, v.actual) for v in reference.values] == [(None, 7), (None, 12)]
    assert spaced.name == "空白区切りの表"
    assert [(v.target, v.actual) for v in spaced.values] == [(1950000, 1400000),
                                                             (1980000, 1340000)]
    assert spaced.value(2021).breakdown == [{"label": "内訳", "value": 10000}]
    assert [o.text for o in sheet.opinions] == ["丸数字の後に空白がある意見", "箇条書きの印が付いた意見",
                                                "続く行がある意見"]
    assert [r.numbers for r in sheet.responses] == [[1, 2], [3]]


def test_a_line_that_cannot_be_placed_is_a_warning_with_its_line_number():
    text = VARIANTS.replace("目標 (回)\t4\t4", "目標 (回)\t4\tたくさん")
    report = rp.parse(text + "\n", 2021)
    line = text.splitlines().index("目標 (回)\t4\tたくさん") + 1
    assert any(w.line == line and "たくさん" in w.message for w in report.warnings)
    orphan = rp.parse("主な検証意見\n", 2021)
    assert orphan.sheets == []


def test_fiscal_year_is_read_from_the_cover():
    assert rp.parse(VARIANTS).fiscal_year == 2021
    assert rp.parse("R4(2022)年度\n", None).detected_fiscal_year == 2022


def test_bad_bytes_are_refused_with_a_japanese_message():
    with pytest.raises(rp.ReportError, match="空"):
        rp.parse_bytes(b"")
    with pytest.raises(rp.ReportError, match="文字コード|バイナリ"):
        rp.parse_bytes(bytes(range(256)) * 4)
    with pytest.raises(rp.ReportError, match="PDF"):
        rp.parse_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n")  # a truncated PDF
    with pytest.raises(rp.ReportError, match="大きすぎ"):
        rp.parse_bytes(b"a" * (rp.MAX_BYTES + 1))
    truncated = rp.parse_bytes("施策における目標".encode()[:-1])
    assert truncated.truncated and any("切れて" in w.message for w in truncated.warnings)


PDF_SOURCE = """#set page(width: 180mm, height: 250mm, margin: 15mm)
#set text(font: "IPAexGothic", size: 10pt)
令和3年度

工業振興関連事業 ①ものづくり中小企業経営支援事業

施策における目標

市内中小企業の技術を活かして事業展開できる環境を整備する

事業計画 Plan

- 補助金の交付や共同出展による情報発信を行う。

主な成果・活動指標

- 川崎ものづくりブランドの認定数

#table(columns: 3, stroke: none, [], [R2 (2020) 年度], [R3 (2021) 年度],
  [目標 (件)], [1,500], [1500], [実績 (件)], [中止], [59 (新規38件・変更21件)])

主な検証意見 Check

①財務知識を身に付けることも重要である。

令和4年度以降の対応 Action

①専門家派遣等を通じて支援を実施する。
"""


def test_pdf_input_is_read_through_pdfplumber(tmp_path):
    typst = pytest.importorskip("typst")
    from shisaku.lib.charts import FONT_PATH

    source = tmp_path / "report.typ"
    source.write_text(PDF_SOURCE, encoding="utf-8")
    pdf = typst.compile(str(source), font_paths=[str(FONT_PATH.parent)], ignore_system_fonts=True)
    report = rp.parse_bytes(pdf, 2021)
    assert report.source == "pdf"
    (sheet,) = report.sheets
    assert (sheet.group, sheet.position, sheet.project) == ("工業振興関連事業", 1,
                                                           "ものづくり中小企業経営支援事業")
    assert sheet.plan == "- 補助金の交付や共同出展による情報発信を行う。"
    (indicator,) = sheet.indicators
    assert indicator.name == "川崎ものづくりブランドの認定数" and indicator.unit == "件"
    assert [(v.target, v.actual, v.status) for v in indicator.values] == [
        (1500, None, "cancelled"), (1500, 59, "measured")]
    assert indicator.value(2021).breakdown == [{"label": "新規", "value": 38},
                                               {"label": "変更", "value": 21}]
    assert len(sheet.opinions) == 1 and len(sheet.responses) == 1


def test_parsing_the_whole_excerpt_reports_progress():
    calls = []
    rp.parse(seed_text(), 2021, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1][0] == calls[-1][1] and len(calls) > 2
