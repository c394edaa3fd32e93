"""The art. 19 page (受注機会の増大等): its parts in the city's order, and the contract tables
read back from the PDF (pdftotext -layout) and from Word (python-docx table cells) with
every figure the FY2021 report prints, on a landscape page of their own."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as Word
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from pypdf import PdfReader

from shisaku.core.tests.fixtures import module_data
from shisaku.reports.build import build
from shisaku.reports.document import GroupedTable, Landscape, Para, Table
from shisaku.sheets.models import Cycle

pytestmark = [pytest.mark.django_db, pytest.mark.layout]

SEED = Path(__file__).resolve().parents[4] / "shared" / "seeds" / "002_report_fy2021_excerpt.txt"
LABELS = {"市大企業": "市内大企業", "中小企業": "市内中小企業", "その他": "その他",
          "準市内・市外": "準市内・市外", "契約実績合計": "契約実績合計"}


def seed_contract_rows() -> dict[tuple[int, str], list[str]]:
    """(FY, row label as the page prints it) → the 16 figures the city printed, read from
    the FY2021 report's art. 19 table."""
    if not SEED.exists():
        pytest.skip(f"{SEED} がありません（../shared/seeds は開発環境にだけあります）")
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "規模等・種別契約実績割合" in line)
    rows, fy = {}, None
    for line in lines[start + 1:]:
        if line.startswith("※"):
            break
        cells = line.split("\t")
        if len(cells) < 18:
            continue
        if cells[0].startswith("令和"):
            fy = 2018 + int(re.search(r"\d+", cells[0]).group())
        label = re.sub(r"\s", "", cells[1])
        if label in LABELS:
            rows[(fy, LABELS[label])] = [c.strip() for c in cells[2:18]]
    assert len(rows) == 10
    return rows


def _load_demo():
    from shisaku.demo.loader import create_demo_users, load_demo
    from shisaku.demo.procurement_loader import load_demo_procurement
    from shisaku.demo.sheets_loader import load_demo_sheets
    from shisaku.demo.verification_loader import load_demo_verification
    from shisaku.stats.demo import load_demo_stats

    load_demo()
    create_demo_users()
    load_demo_sheets()
    load_demo_verification()
    load_demo_stats()
    load_demo_procurement()


demo_data = module_data(_load_demo)  # loaded once for the module


@pytest.fixture
def demo_cycle(demo_data, db):
    return Cycle.objects.get(fiscal_year=2021)


def expected(rows, fy: int, label: str) -> list[str]:
    """The city's figures; for FY2020 the counts and amounts only (two of its printed shares
    are misprints, 90.33% for 9.67%: the page prints the computed share)."""
    figures = rows[(fy, label)]
    return figures if fy == 2021 else figures[0::2]


def test_the_page_has_plan_do_the_evaluation_table_the_tables_landscape_and_check_action(
        demo_cycle):
    _data, doc = build(demo_cycle, "full", "html")
    start = next(i for i, item in enumerate(doc.items)
                 if getattr(item, "label", "") == "art-19")
    page = doc.items[start:start + 20]
    headings = [i.text for i in page if hasattr(i, "level")]
    assert headings[:3] == ["第19条 受注機会の増大等", "事業計画 Plan",
                            "事業の実施状況 Do（令和3年度の実績）"]
    # Check and Action: two numbered sections, as on the city's page.
    assert "主な検証意見 Check" in headings and "令和4年度以降の対応 Action" in headings
    evaluation = next(i for i in page if isinstance(i, Table) and "主観評価項目" in i.caption)
    assert evaluation.caption == "【令和3年4月以降の主観評価項目】"
    assert len(evaluation.rows) == 11
    assert evaluation.rows[0][2:] == ("10点", "100点")  # the maximum beside the first row
    assert evaluation.rows[-1][2:] == ("10点", "110点（R4.3.1～）")  # raised from 2022-03-01
    landscape = next(i for i in page if isinstance(i, Landscape))
    tables = [i for i in landscape.items if isinstance(i, GroupedTable)]
    assert [t.groups[2][0] for t in tables] == ["物品", "契約件数"]
    assert len(tables[0].header) == 18
    # Check ①–③, then Action ①–③ (the city's responses), each a numbered section.
    at = headings.index("主な検証意見 Check")
    numbered = [i.text[0] for i in page[page.index(next(
        i for i in page if getattr(i, "text", "") == "主な検証意見 Check")):]
        if isinstance(i, Para) and i.text[:1] in "①②③"]
    assert at < headings.index("令和4年度以降の対応 Action")
    assert numbered == ["①", "②", "③", "①", "②", "③"]
    assert "第19条の調達実績が未登録" not in doc.warnings


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext がありません")
def test_the_contract_table_reads_back_from_the_pdf_with_every_figure_intact(demo_cycle,
                                                                           tmp_path):
    rows = seed_contract_rows()
    data, _doc = build(demo_cycle, "full", "pdf")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    pages = text.split("\f")
    index = next(i for i, p in enumerate(pages) if "規模等・種別契約実績割合" in p)
    found, fy = {}, None
    for line in pages[index].splitlines():
        tokens = line.split()
        squashed = "".join(tokens)
        if squashed.startswith("令和2年度") or squashed.startswith("令和3年度"):
            fy = 2018 + int(squashed[2])
        label = next((t for t in tokens if t in LABELS.values()), None)
        if label and fy:
            found[(fy, label)] = tokens[tokens.index(label) + 1:]
    assert len(found) == 10
    for (fy, label), figures in found.items():
        assert len(figures) == 16, (fy, label, figures)  # nothing broken, nothing merged
        assert (figures if fy == 2021 else figures[0::2]) == expected(rows, fy, label), (
            fy, label)
    # The table's page is landscape, the pages around it portrait.
    reader = PdfReader(io.BytesIO(data))

    def wide(i: int) -> bool:
        box = reader.pages[i].mediabox
        return box.width > box.height

    assert wide(index) and not wide(index - 1) and not wide(index + 1)


def test_the_contract_table_reads_back_from_word_as_intact_cells_in_a_landscape_section(
        demo_cycle):
    rows = seed_contract_rows()
    data, _doc = build(demo_cycle, "full", "docx")
    word = Word(io.BytesIO(data))
    table = next(t for t in word.tables
                 if len(t.columns) == 18 and t.rows[0].cells[2].text == "物品")
    assert [c.text for c in table.rows[0].cells][2:18:4] == ["物品", "工事", "委託", "合計"]
    found, fy = {}, None
    for row in table.rows[2:]:
        cells = [c.text for c in row.cells]
        if cells[0]:
            fy = 2018 + int(re.search(r"\d+", cells[0]).group())
        found[(fy, cells[1])] = cells[2:]
    assert len(found) == 10
    for (fy, label), figures in found.items():
        assert (figures if fy == 2021 else figures[0::2]) == expected(rows, fy, label)
    # The section holding the table is landscape; the one after it portrait again.
    section, table_section = 0, None
    for element in word.element.body.iterchildren():
        if element is table._tbl:
            table_section = section
        if element.tag == qn("w:p") and element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") \
                is not None:
            section += 1
    landscape = word.sections[table_section]
    assert landscape.orientation == WD_ORIENT.LANDSCAPE
    assert landscape.page_width > landscape.page_height
    assert word.sections[table_section + 1].orientation == WD_ORIENT.PORTRAIT
    # Every figure's cell is set without line breaks and the columns hold their width.
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    figure_cell = table.rows[3].cells[2]._tc
    assert figure_cell.tcPr.find(qn("w:noWrap")) is not None


def test_the_html_sets_the_tables_in_a_landscape_section(demo_cycle):
    data, _doc = build(demo_cycle, "full", "html")
    html = data.decode("utf-8")
    section = html[html.index('<section class="landscape">'):]
    section = section[:section.index("</section>")]
    assert "規模等・種別契約実績割合" in section
    assert '<th colspan="4">物品</th>' in section
    assert '<td class="num">56,465</td><td class="num">94.78%</td>' in section


def test_without_a_page_the_report_says_what_is_missing(db):
    # A year of its own: the module's demo (FY2021, with its page) may be loaded already.
    cycle = Cycle.objects.create(fiscal_year=2023)
    _data, doc = build(cycle, "full", "html")
    assert "第19条の事業計画・実施状況が未登録" in doc.warnings
    assert "第19条の調達実績が未登録" in doc.warnings
