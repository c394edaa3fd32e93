"""Document → Word (python-docx), a file the city's staff can open and edit.

Windows' Japanese font (游ゴシック) is named on every style, East Asian attribute included;
the headings have styles named for the report's own levels (章・節・項・小見出し), black; the
table of contents is written out (entries with PAGEREF fields inside the TOC field's result,
so it shows in Word and LibreOffice before anyone updates it, and Word's update replaces it);
table header rows repeat on every page; the first page (the cover) has no header or number.

This module walks the document's items (text, cover, columns, landscape sections); the
styles are in docx_styles, the tables in docx_tables, the fields and contents in docx_toc.
"""

import io

from docx import Document as Word
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt

from shisaku.lib import richtext

from .document import (
    Box,
    Columns,
    Cover,
    Document,
    Figure,
    GroupedTable,
    Heading,
    Landscape,
    PageBreak,
    Para,
    Rich,
    Table,
    Toc,
)
from .docx_styles import LEVEL_STYLES, TOC_LEVELS, TOC_TITLE_STYLE, _outline_level, _setup
from .docx_tables import _box, _fit_widths, _grouped_table, _repeat_header, _table
from .docx_toc import TOC_FIELD, _field, _fill_toc


def _header_footer(word, text: str) -> None:
    # The first page (the cover, or the release's own masthead) has no header and no number,
    # as in the PDF; the sections after the first one inherit the running header.
    section = word.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = text
    section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE")


def _rich(word, blocks) -> None:
    for block in blocks:
        if isinstance(block, richtext.Heading):
            word.add_paragraph().add_run("○" + block.text).bold = True
        elif isinstance(block, richtext.Paragraph):
            p = word.add_paragraph(block.text)
            if block.note:
                p.runs[0].font.size = Pt(8.5)
        elif isinstance(block, richtext.BulletList):
            for item in block.items:
                word.add_paragraph(item.text, style="List Bullet")
                for child in item.children:
                    word.add_paragraph(child, style="List Bullet 2")
        elif isinstance(block, richtext.NumberedList):
            # The circled digit is part of the text: every list starts again at its own ①.
            for number, text in block.items:
                word.add_paragraph(f"{richtext_circled(number)}{text}")
        elif isinstance(block, richtext.Table):
            _table(word, Table(block.header, block.rows))


def richtext_circled(number: int) -> str:
    from shisaku.lib.textnorm import item_mark

    return item_mark(number)


def _item(word, item, chapter: list[int]) -> None:
    if isinstance(item, Heading):
        _heading(word, item)
    elif isinstance(item, Para):
        _para(word, item)
    elif isinstance(item, Rich):
        _rich(word, item.blocks)
    elif isinstance(item, Landscape):
        _landscape(word, item, chapter)
    elif isinstance(item, GroupedTable):
        _grouped_table(word, item)
    elif isinstance(item, Table):
        _table(word, item)
    elif isinstance(item, Figure):
        _figure(word, item)
    elif isinstance(item, PageBreak):
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    elif isinstance(item, Toc):
        word.add_paragraph(item.title, style=TOC_TITLE_STYLE)
        _field(word.add_paragraph(), TOC_FIELD)  # written out by _fill_toc once all is there
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    elif isinstance(item, Cover):
        _cover(word, item)
    elif isinstance(item, Columns):
        _columns(word, item)
    elif isinstance(item, Box):
        _boxed(word, item, chapter)


def _heading(word, item: Heading) -> None:
    if item.page_break and len(word.paragraphs) > 1:
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    # Chapter numbers are part of the heading's text (the city's report profile).
    paragraph = word.add_paragraph(item.text, style=LEVEL_STYLES[min(item.level, 4)][0])
    if not item.in_toc and item.level <= TOC_LEVELS:
        _outline_level(paragraph, 9)  # body text: out of the contents and the navigation


def _para(word, item: Para) -> None:
    p = word.add_paragraph(item.text)
    if item.style == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif item.style == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif item.style in ("note", "small"):
        for run in p.runs:
            run.font.size = Pt(8.5)


def _figure(word, item: Figure) -> None:
    word.add_picture(io.BytesIO(item.png), width=Cm(min(item.width_cm, 16)))
    if item.caption:
        word.add_paragraph(item.caption).alignment = WD_ALIGN_PARAGRAPH.CENTER


def _boxed(word, item: Box, chapter: list[int]) -> None:
    if all(isinstance(inner, Para) for inner in item.items):
        _box(word, item)
    else:
        for inner in item.items:
            _item(word, inner, chapter)


def render(doc: Document) -> bytes:
    word = Word()
    _setup(word)
    word.core_properties.title = doc.title
    word.core_properties.author = ""
    chapter = [0]
    for item in doc.items:
        _item(word, item, chapter)
    _header_footer(word, doc.header)
    _fill_toc(word)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# --- cover -----------------------------------------------------------------------------------

def _cover(word, cover: Cover) -> None:
    """The cover, laid out as the PDF's, alone in the first section (no header, no number)."""
    for index, line in enumerate(cover.lines):
        p = word.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if index == 0:
            p.paragraph_format.space_before = Cm(6)
        for run in p.runs:
            run.font.size = Pt(14)
    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(12)
    title.add_run(cover.title).font.size = Pt(24)
    for index, (line, size) in enumerate(((cover.date, 13), (cover.city, 16))):
        p = word.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if index == 0:
            p.paragraph_format.space_before = Cm(9)
        for run in p.runs:
            run.font.size = Pt(size)
    word.add_section(WD_SECTION.NEW_PAGE)


def _columns(word, c: Columns) -> None:
    """A two-row table: the header, then each narrative in its own cell (python-docx cells
    take paragraphs and tables like a document body)."""
    table = word.add_table(rows=2, cols=len(c.header))
    table.style = "Table Grid"
    _fit_widths(word, table, [1] * len(c.header))
    _repeat_header(table.rows[0])
    for index, (title, blocks) in enumerate(zip(c.header, c.cells, strict=True)):
        table.cell(0, index).text = title
        for run in table.cell(0, index).paragraphs[0].runs:
            run.bold = True
        cell = table.cell(1, index)
        _rich(cell, blocks)
        first = cell.paragraphs[0]
        if not first.text and len(cell.paragraphs) > 1:  # the empty paragraph a new cell has
            first._element.getparent().remove(first._element)


# --- landscape sections (art. 19) -------------------------------------------------------------

LANDSCAPE_MARGIN_CM = 1.2


def _orient(section, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT

    long, short = Cm(29.7), Cm(21.0)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    if landscape:
        section.left_margin = section.right_margin = Cm(LANDSCAPE_MARGIN_CM)
        section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.6)
    else:
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)


def _landscape(word, item: Landscape, chapter: list[int]) -> None:
    """A section of its own turned to landscape, then a new portrait section."""
    _orient(word.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    for inner in item.items:
        _item(word, inner, chapter)
    _orient(word.add_section(WD_SECTION.NEW_PAGE), landscape=False)
