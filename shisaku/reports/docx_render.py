"""Document → Word (python-docx). East Asian font set on every style so Word shows Japanese."""

import io

from docx import Document as Word
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from shisaku.lib import richtext

from .document import (
    Box,
    Cover,
    Document,
    Figure,
    Heading,
    PageBreak,
    Para,
    Rich,
    Table,
    Toc,
)

FONT = "IPAexGothic"


def _east_asian(style_or_run, font: str = FONT) -> None:
    element = style_or_run.element if hasattr(style_or_run, "element") else style_or_run
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


def _field(paragraph, instruction: str) -> None:
    """A Word field (TOC, PAGE): Word fills it in when the document is opened or printed."""
    run = paragraph.add_run()
    for tag, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
            if tag == "begin":
                element.set(qn("w:dirty"), "true")
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _setup(word) -> None:
    for style in word.styles:
        if hasattr(style, "font") and style.type == 1:
            style.font.name = FONT
            _east_asian(style)
    word.styles["Normal"].font.size = Pt(10)
    section = word.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)


def _header_footer(word, text: str) -> None:
    section = word.sections[-1]
    section.header.paragraphs[0].text = text
    section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE")


def _table(word, t: Table) -> None:
    if t.caption:
        word.add_paragraph(t.caption).runs[0].font.size = Pt(9)
    ncols = len(t.header or (t.rows[0] if t.rows else ()))
    if ncols == 0:
        return
    rows = ([t.header] if t.header else []) + list(t.rows)
    table = word.add_table(rows=len(rows), cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            text = "" if (t.page_refs and c in t.page_refs and (r > 0 or not t.header)) else value
            cell = table.cell(r, c)
            cell.text = str(text)
            paragraph = cell.paragraphs[0]
            if c in t.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if r == 0 and t.header:
                for run in paragraph.runs:
                    run.bold = True
    if t.widths:
        total = sum(t.widths)
        for c, width in enumerate(t.widths):
            for row in table.rows:
                row.cells[c].width = Cm(17 * width / total)
    word.add_paragraph()


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
    from shisaku.lib.textnorm import circled

    try:
        return circled(number)
    except ValueError:
        return f"({number})"


def _item(word, item, chapter: list[int]) -> None:
    if isinstance(item, Heading):
        if item.page_break and len(word.paragraphs) > 1:
            word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        text = item.text
        # Chapter numbers are part of the heading's text (the city's report profile).
        word.add_heading(text, level=min(item.level, 4))
    elif isinstance(item, Para):
        p = word.add_paragraph(item.text)
        if item.style == "right":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif item.style == "center":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif item.style in ("note", "small"):
            for run in p.runs:
                run.font.size = Pt(8.5)
    elif isinstance(item, Rich):
        _rich(word, item.blocks)
    elif isinstance(item, Table):
        _table(word, item)
    elif isinstance(item, Figure):
        word.add_picture(io.BytesIO(item.png), width=Cm(min(item.width_cm, 16)))
        if item.caption:
            word.add_paragraph(item.caption).alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif isinstance(item, PageBreak):
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    elif isinstance(item, Toc):
        word.add_heading(item.title, level=1)
        _field(word.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u')
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    elif isinstance(item, Cover):
        for line in item.lines:
            word.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
        title = word.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = title.add_run(item.title)
        run.font.size = Pt(24)
        for line in (item.date, item.city):
            word.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
        word.add_section(WD_SECTION.NEW_PAGE)
    elif isinstance(item, Box):
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
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
