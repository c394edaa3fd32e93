"""Typesetting rules of the PDF, read back from the pages: headings keep with what follows,
captions stay with their tables, table headers repeat, columns fit their content, figure
captions print once (the city's 「図表 …」, no Typst numbering)."""

import io
import re

import pytest
from pypdf import PdfReader

from shisaku.core.tests.fixtures import load_verified_demo, module_data
from shisaku.lib import richtext
from shisaku.reports import typst_render
from shisaku.reports.build import build
from shisaku.reports.content import build_full
from shisaku.reports.data import load
from shisaku.reports.document import Document, Figure, Heading, PageBreak, Para, Rich, Table
from shisaku.sheets.models import Cycle

pytestmark = [pytest.mark.django_db, pytest.mark.layout]

SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
       b'<rect width="200" height="100" fill="#ccc"/></svg>')


demo_data = module_data(load_verified_demo)  # loaded once for the module


@pytest.fixture
def demo_cycle(demo_data, db):
    return Cycle.objects.get(fiscal_year=2021)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_lines(data: bytes) -> list[list[str]]:
    """Per page, its non-empty lines without the running header and the page number."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        lines = [squash(line) for line in (page.extract_text() or "").splitlines()]
        lines = [line for line in lines if line and not re.fullmatch(r"[–-]\d+[–-]", line)]
        pages.append(lines)
    return pages


def headings_left_at_the_bottom(data: bytes, doc: Document) -> list[tuple[int, str]]:
    """Pages whose last line is a heading (a table row that reads like one does not count)."""
    headings = [squash(i.text) for i in doc.items if isinstance(i, Heading)]
    headings += [squash(f"{richtext.HEADING_PREFIX}{b.text}") for i in doc.items
                 if isinstance(i, Rich) for b in i.blocks if isinstance(b, richtext.Heading)]
    rows = {squash("".join(row)) for t in doc.items if isinstance(t, Table) for row in t.rows}
    found = []
    for number, lines in enumerate(page_lines(data), start=1):
        body = [line for line in lines if "中小企業活性化施策実施状況報告書" not in line] or lines
        if not body:
            continue
        last = body[-1]
        if len(last) >= 4 and any(h.endswith(last) for h in headings) and last not in rows:
            found.append((number, last))
    return found


def test_no_page_of_the_fy2021_report_ends_with_a_heading(demo_cycle):
    data, doc = build(demo_cycle, "full", "pdf")
    assert headings_left_at_the_bottom(data, doc) == []


def test_a_heading_is_never_left_at_the_bottom_whatever_falls_before_it():
    # Paragraphs of growing length move the following heading through every position on
    # the page, the bottom line included.
    doc = Document(title="組版", kind="full", fiscal_year=2021, header="組版")
    for i in range(40):
        doc.add(Para("市内の中小企業の状況をまとめます。" * (i % 9 + 1)),
                Heading(f"見出し{i}番の節", level=2 + i % 3),
                Para("見出しの直後の本文です。" * 3),
                Rich(richtext.parse(f"状況の説明です。{'説明を続けます。' * (i % 7)}\n\n"
                                    f"○ 小見出し{i}\n\n本文の一行目です。")))
    data = typst_render.compile_pdf(doc)
    assert len(PdfReader(io.BytesIO(data)).pages) > 3
    assert headings_left_at_the_bottom(data, doc) == []


def test_captions_stay_on_the_page_of_their_table_in_the_fy2021_report(demo_cycle):
    data, doc = build(demo_cycle, "full", "pdf")
    tables = [t for t in doc.items if isinstance(t, Table) and t.caption and (t.header or t.rows)]
    assert len(tables) > 5
    checked = 0
    for lines in page_lines(data):
        for caption in {squash(t.caption) for t in tables}:
            # The caption as a line of its own (the same words inside a sentence are not it).
            if caption not in lines:
                continue
            starts = [squash(t.header[0] if t.header else next(c for c in t.rows[0] if c))
                      for t in tables if squash(t.caption) == caption]
            after = "".join(lines[lines.index(caption) + 1:])
            assert any(start in after for start in starts), caption
            checked += 1
    assert checked >= len({squash(t.caption) for t in tables}) - 1


def test_a_long_table_repeats_its_header_on_every_page():
    rows = tuple((f"項目{i}", f"{i:,}") for i in range(120))
    doc = Document(title="表", kind="full", fiscal_year=2021, header="表")
    doc.add(Table(("区分の見出し", "件数の見出し"), rows, numeric=frozenset({1}), caption="図表 長い表"))
    pages = ["".join(lines) for lines in page_lines(typst_render.compile_pdf(doc))]
    assert len(pages) >= 3
    assert all("区分の見出し" in page for page in pages)


def test_a_short_table_is_not_split_and_its_source_stays_with_it():
    doc = Document(title="表", kind="full", fiscal_year=2021, header="表")
    doc.add(Para("本文の行です。" * 230),
            Table(("業種大分類", "事業所数"), tuple((f"業種{i}", str(i)) for i in range(18)),
                  numeric=frozenset({1}), caption="図表 短い表"),
            Para("出所：テストの出所", "note"))
    pages = ["".join(lines) for lines in page_lines(typst_render.compile_pdf(doc))]
    table_pages = [n for n, page in enumerate(pages) if "業種" in page.replace("業種大分類", "")]
    assert len(set(table_pages)) == 1
    assert "出所：テストの出所" in pages[table_pages[0]]
    assert "図表短い表" in pages[table_pages[0]]


def test_an_industry_name_column_is_as_wide_as_its_longest_name():
    name = "サービス業（他に分類されないもの）"
    rows = tuple((n, "1,234", "56,789", "1.0%", "2.0%", "-3.9%", "10.2%", "0.5%")
                 for n in ("農業，林業，漁業", name, "全産業"))
    table = Table(("業種大分類", "事業所数 H26(2014)", "事業所数 H28(2016)", "構成比 H26(2014)",
                   "構成比 H28(2016)", "増減割合", "構成比変化率", "差"), rows,
                  numeric=frozenset(range(1, 8)))
    widths = typst_render.column_widths(table, 8)
    assert widths[0] >= len(name)  # every character of the longest name on one line
    doc = Document(title="表", kind="full", fiscal_year=2021, header="表")
    doc.add(table)
    lines = page_lines(typst_render.compile_pdf(doc))[0]
    assert any(line.startswith(squash(name)) for line in lines)


def test_a_figure_caption_is_printed_once_without_typst_numbering():
    doc = Document(title="図", kind="full", fiscal_year=2021, header="図")
    doc.add(Figure("chart.svg", data=SVG, caption="図表 本市の事業所数の推移"))
    text = "".join(page_lines(typst_render.compile_pdf(doc))[0])
    assert text.count("図表本市の事業所数の推移") == 1
    assert not re.search(r"図\s*1", text)


def test_the_meetings_table_prints_what_each_demo_meeting_did(demo_cycle):
    doc = build_full(load(demo_cycle))
    table = next(t for t in doc.items if isinstance(t, Table) and "施策検証作業の実施状況" in t.caption)
    meetings = list(demo_cycle.meetings.order_by("held_on", "pk"))
    assert [row[-1] for row in table.rows] == [m.agenda or m.summary for m in meetings]
    assert all(row[-1] for row in table.rows)


def test_a_table_too_wide_for_the_page_prints_smaller_rather_than_numbers_running_together():
    wide = Table(tuple(f"列{i}の見出し" for i in range(17)),
                 tuple(tuple(f"{i * 1000 + r:,}" for i in range(17)) for r in range(5)),
                 numeric=frozenset(range(17)))
    narrow = Table(("区分", "件数"), (("全体", "372"),), numeric=frozenset({1}))
    assert typst_render.table_text_size(narrow, 2) == typst_render.TABLE_TEXT_PT
    size = typst_render.table_text_size(wide, 17)
    assert typst_render.MIN_TABLE_TEXT_PT <= size < typst_render.TABLE_TEXT_PT
    assert f"set text(size: {size}pt)" in typst_render._table(wide)


def test_a_short_list_is_never_split_across_pages():
    for filler in range(50, 60):  # the list reaches the bottom of the first page
        doc = Document(title="箇条書き", kind="full", fiscal_year=2021, header="箇条書き")
        doc.add(Para("本文の行です。" * (filler * 6)),
                Rich(richtext.parse("・一つ目の取組を続ける。\n・二つ目の取組を続ける。\n・三つ目の取組を続ける。")))
        pages = ["".join(lines) for lines in page_lines(typst_render.compile_pdf(doc))]
        holding = [n for n, page in enumerate(pages) if "の取組を続ける" in page]
        assert len(holding) == 1, filler


def test_a_tall_table_breaks_between_rows_instead_of_leaving_its_heading_alone_on_a_page():
    # Eight rows but each many lines tall (the press release's per-article table): moved
    # whole, it would leave the page before it holding only the heading.
    doc = Document(title="表", kind="press", fiscal_year=2021, header="表")
    cell = "市内の中小企業の取組を支える施策の説明文です。" * 9
    doc.add(Para("本文の行です。"), PageBreak(),  # the heading opens a page, as it did there
            Heading("施策の主な取組", level=2, in_toc=False),
            Table(("条文", "主な取組", "主な検証意見"),
                  tuple((f"第{n}条", cell, cell) for n in range(12, 20)), widths=(1, 4, 4)))
    pages = page_lines(typst_render.compile_pdf(doc))
    heading_page = next(lines for lines in pages if "施策の主な取組" in lines)
    assert "第12条" in "".join(heading_page)
