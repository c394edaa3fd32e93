"""Document → Word (python-docx), a file the city's staff can open and edit.

Windows' Japanese font (游ゴシック) is named on every style, East Asian attribute included;
the headings have styles named for the report's own levels (章・節・項・小見出し), black; the
table of contents is written out (entries with PAGEREF fields inside the TOC field's result,
so it shows in Word and LibreOffice before anyone updates it, and Word's update replaces it);
table header rows repeat on every page; the first page (the cover) has no header or number.
"""

import io
import math

from docx import Document as Word
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

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

FONT = "游ゴシック"  # Windows' standard Japanese gothic; LibreOffice substitutes its own

# The report's own heading levels: (style name, python-docx base style, size in pt).
LEVEL_STYLES = {
    1: ("章見出し", "Heading 1", 16),
    2: ("節見出し", "Heading 2", 13),
    3: ("項見出し", "Heading 3", 12),
    4: ("小見出し", "Heading 4", 10.5),
}
TOC_TITLE_STYLE = "目次見出し"
TOC_LEVELS = 2


def _east_asian(style_or_run, font: str = FONT) -> None:
    element = style_or_run.element if hasattr(style_or_run, "element") else style_or_run
    rpr = element if element.tag == qn("w:rPr") else element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
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
    _document_defaults(word)
    for style in word.styles:
        if hasattr(style, "font") and style.type == 1:
            style.font.name = FONT
            _east_asian(style)
    word.styles["Normal"].font.size = Pt(10)
    _level_styles(word)
    section = word.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)


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
    if t.header:
        _repeat_header(table.rows[0])
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
    _fit_widths(word, table, t.widths or (1,) * ncols)
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


# --- styles ----------------------------------------------------------------------------------

BLACK = RGBColor(0, 0, 0)


def _document_defaults(word) -> None:
    """The document's default run: 游ゴシック by name (no theme font), Japanese language."""
    defaults = word.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _east_asian(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "ja-JP")
    lang.set(qn("w:eastAsia"), "ja-JP")


def _black(style) -> None:
    """Black text (Word's heading styles are blue by a theme colour)."""
    rpr = style.element.get_or_add_rPr()
    for color in rpr.findall(qn("w:color")):
        rpr.remove(color)
    style.font.color.rgb = BLACK


def _level_styles(word) -> None:
    """One paragraph style per level of the report, each with its outline level (the contents
    and Word's navigation pane list them), black and in the report's sizes."""
    styles = word.styles
    for level, (name, base, size) in LEVEL_STYLES.items():
        _black(styles[base])
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.next_paragraph_style = styles["Normal"]
        style.quick_style = True
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        _east_asian(style)
        _black(style)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(12 if level <= 2 else 8), Pt(6)
        fmt.keep_with_next = True
        _outline_level(style, level - 1)
    title = styles.add_style(TOC_TITLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = styles["Normal"]
    title.font.size, title.font.bold = Pt(16), True
    _east_asian(title)
    for level in range(1, TOC_LEVELS + 1):
        entry = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        entry.base_style = styles["Normal"]
        entry.paragraph_format.left_indent = Cm(1 * (level - 1))
        entry.paragraph_format.space_after = Pt(3)
        _east_asian(entry)


def _outline_level(style_or_paragraph, level: int) -> None:
    """w:outlineLvl (0 = top level, 9 = body text) on a style or one paragraph."""
    ppr = style_or_paragraph.element.get_or_add_pPr() if hasattr(
        style_or_paragraph, "type") else style_or_paragraph._p.get_or_add_pPr()
    existing = ppr.find(qn("w:outlineLvl"))
    if existing is not None:
        ppr.remove(existing)
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    ppr.append(element)


# --- tables ----------------------------------------------------------------------------------

def _repeat_header(row) -> None:
    """The header row repeats at the top of every page the table runs over (w:tblHeader)."""
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _usable_width(word):
    if not hasattr(word, "sections"):  # a table inside a cell: the cell's width, less padding
        return int(word.width - Cm(0.4))
    section = word.sections[-1]
    return section.page_width - section.left_margin - section.right_margin


def _fit_widths(word, table, widths) -> None:
    """Columns in proportion to `widths`, together exactly the usable width of the page: fixed
    layout, the grid and every cell agree (Word and LibreOffice read different ones)."""
    usable = _usable_width(word)
    total = sum(widths)
    columns = [int(usable * w / total) for w in widths]
    table.autofit = False
    tblpr = table._tbl.tblPr
    width = tblpr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tblpr.append(width)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(columns) // 635))  # EMU → twentieths of a point
    for col, grid in zip(columns, table._tbl.tblGrid.findall(qn("w:gridCol")), strict=False):
        grid.set(qn("w:w"), str(col // 635))
    for row in table.rows:
        for c, cell in enumerate(row.cells[:len(columns)]):
            cell.width = columns[c]


def _box(word, box: Box) -> None:
    """A framed block (the press release's contact): a one-cell table."""
    table = word.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    cell = table.cell(0, 0)
    paragraphs = [p.text for p in box.items]
    cell.text = paragraphs[0] if paragraphs else ""
    for text in paragraphs[1:]:
        cell.add_paragraph(text)
    _fit_widths(word, table, (1,))
    word.add_paragraph()


# --- table of contents -----------------------------------------------------------------------

TOC_FIELD = f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u'

LINE_CM = 0.62  # a 10pt line with its spacing
ROW_LINE_CM, ROW_PAD_CM = 0.55, 0.1  # a line in a table cell, a row's padding
CHAR_CM = 0.36  # a full-width character at 10pt
BODY_CM = 25.5  # the text height of an A4 page with the report's margins


def _fill_toc(word) -> None:
    """Write the table of contents out inside the TOC field's result.

    Each entry is the heading's text, a dotted tab and a PAGEREF field to a bookmark on the
    heading; the field's result is the page estimated here. LibreOffice computes PAGEREF
    when it lays the document out, Word when it updates the fields (it asks on opening: the
    field is marked dirty), and its update replaces the whole contents with its own.
    """
    body = word.element.body
    placeholder = next((p for p in body.iter(qn("w:p"))
                        if any(TOC_FIELD in (t.text or "") for t in p.iter(qn("w:instrText")))),
                       None)
    if placeholder is None:
        return
    entries = _headings_with_pages(word, placeholder)
    tab = int(_usable_width(word) // 635)
    anchor = placeholder
    for index, (level, text, page, bookmark) in enumerate(entries):
        p = _toc_entry(word, level, text, page, bookmark, tab,
                       first=index == 0, last=index == len(entries) - 1)
        anchor.addnext(p)
        anchor = p
    if entries:
        body.remove(placeholder)


def _outline_of(word, p) -> int | None:
    ppr = p.pPr
    if ppr is not None and ppr.find(qn("w:outlineLvl")) is not None:
        return int(ppr.find(qn("w:outlineLvl")).get(qn("w:val")))
    if ppr is None or ppr.pStyle is None:
        return None
    levels = {word.styles[name].style_id: level - 1
              for level, (name, _base, _size) in LEVEL_STYLES.items()}
    return levels.get(ppr.pStyle.val)


def _headings_with_pages(word, placeholder) -> list[tuple[int, str, int, str]]:
    """(level, text, estimated page, bookmark) of every heading the contents lists."""
    entries = []
    page, used = 1, 0.0
    after_toc = False
    widths = None
    for element in word.element.body.iterchildren():
        if element.tag == qn("w:tbl"):
            widths = [int(g.get(qn("w:w"))) / 567 for g in element.iter(qn("w:gridCol"))]
            for tr in element.iter(qn("w:tr")):
                cells = ["".join(t.text or "" for t in tc.iter(qn("w:t")))
                         for tc in tr.iter(qn("w:tc"))]
                used += ROW_LINE_CM * max(
                    [_lines(text, (widths[i] if i < len(widths) else 3) - 0.4)
                     for i, text in enumerate(cells)] or [1]) + ROW_PAD_CM
            page, used = page + int(used // BODY_CM), used % BODY_CM
            continue
        if element.tag != qn("w:p"):
            continue
        if element is placeholder:
            after_toc = True
            continue
        if any(br.get(qn("w:type")) == "page" for br in element.iter(qn("w:br"))):
            page, used = page + 1, 0.0
            continue
        text = "".join(t.text or "" for t in element.iter(qn("w:t")))
        level = _outline_of(word, element)
        for extent in element.iter(qn("wp:extent")):
            used += int(extent.get("cy")) / 360000
        used += LINE_CM * (_lines(text, 17) if level is None else 2.2)
        if used > BODY_CM:
            page, used = page + int(used // BODY_CM), used % BODY_CM
        if after_toc and level is not None and level < TOC_LEVELS and text:
            bookmark = f"_Toc{len(entries) + 1:06d}"
            _bookmark(element, bookmark, len(entries) + 1)
            entries.append((level + 1, text, page, bookmark))
        ppr = element.pPr
        if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
            page, used = page + 1, 0.0
    return entries


def _lines(text: str, width_cm: float) -> int:
    """Lines a text takes in a column this wide: a half-width character is half a full one."""
    per_line = max(1, int(width_cm / CHAR_CM))
    return sum(max(1, math.ceil(sum(1 if ord(c) > 0x2000 else 0.55 for c in line) / per_line))
               for line in (text or " ").split("\n"))


def _bookmark(p, name: str, number: int) -> None:
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(number))
    runs = p.findall(qn("w:r"))
    if runs:
        runs[0].addprevious(start)
        runs[-1].addnext(end)
    else:
        p.append(start)
        p.append(end)


def _run(*children):
    run = OxmlElement("w:r")
    for child in children:
        run.append(child)
    return run


def _char(tag: str, **attrs):
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _text(tag: str, text: str):
    element = OxmlElement(tag)
    element.set(qn("xml:space"), "preserve")
    element.text = text
    return element


def _toc_entry(word, level, text, page, bookmark, tab_twips, first, last):
    p = OxmlElement("w:p")
    ppr = p.get_or_add_pPr()
    ppr.get_or_add_pStyle().set(qn("w:val"), word.styles[f"toc {level}"].style_id)
    tabs = OxmlElement("w:tabs")
    tabs.append(_char("w:tab", val="right", leader="dot", pos=str(tab_twips)))
    ppr.append(tabs)
    if first:  # the TOC field opens before the first entry
        p.append(_run(_char("w:fldChar", fldCharType="begin", dirty="true")))
        p.append(_run(_text("w:instrText", f" {TOC_FIELD} ")))
        p.append(_run(_char("w:fldChar", fldCharType="separate")))
    link = _char("w:hyperlink", anchor=bookmark, history="1")
    link.append(_run(_text("w:t", text)))
    link.append(_run(OxmlElement("w:tab")))
    link.append(_run(_char("w:fldChar", fldCharType="begin")))
    link.append(_run(_text("w:instrText", f" PAGEREF {bookmark} \\h ")))
    link.append(_run(_char("w:fldChar", fldCharType="separate")))
    link.append(_run(_text("w:t", str(page))))
    link.append(_run(_char("w:fldChar", fldCharType="end")))
    p.append(link)
    if last:  # and closes after the last one
        p.append(_run(_char("w:fldChar", fldCharType="end")))
    return p


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
# --- landscape sections and grouped tables (art. 19) ----------------------------------------

LANDSCAPE_MARGIN_CM = 1.2
CELL_MARGIN_TWIPS = 45  # 0.08 cm each side: a narrow column keeps its width for the figure


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


def _no_wrap(cell) -> None:
    properties = cell._tc.get_or_add_tcPr()
    if properties.find(qn("w:noWrap")) is None:
        properties.append(OxmlElement("w:noWrap"))


def _narrow_cell_margins(table) -> None:
    """Left and right cell margins of CELL_MARGIN_TWIPS, in the schema's place (after
    w:tblLayout, before w:tblLook: Word refuses elements out of order)."""
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    look = properties.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)


def _grouped_table(word, t: GroupedTable) -> None:
    """The header's group row above its column labels (merged cells), numbers unbroken,
    fixed column widths that fill the section's text width."""
    if t.caption:
        word.add_paragraph(t.caption).runs[0].font.size = Pt(9)
    ncols = len(t.header or (t.rows[0] if t.rows else ()))
    if ncols == 0:
        return
    head_rows = (1 if t.groups else 0) + (1 if t.header else 0)
    table = word.add_table(rows=head_rows + len(t.rows), cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout fixed: the widths below hold
    _narrow_cell_margins(table)
    size = Pt(t.size) if t.size else None

    def put(r: int, c: int, text: str, *, bold=False, align=None) -> None:
        cell = table.cell(r, c)
        cell.text = text
        paragraph = cell.paragraphs[0]
        if align is not None:
            paragraph.alignment = align
        for run in paragraph.runs:
            run.bold = bold
            if size:
                run.font.size = size

    column = 0
    single: set[int] = set()
    for label, span in t.groups:
        if span == 1 and t.header:
            table.cell(0, column).merge(table.cell(1, column))
            single.add(column)
        elif span > 1:
            table.cell(0, column).merge(table.cell(0, column + span - 1))
        put(0, column, label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        column += span
    if t.header:
        r = head_rows - 1
        for c, label in enumerate(t.header):
            if c not in single:
                put(r, c, label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for offset, row in enumerate(t.rows):
        for c, value in enumerate(row):
            numeric = c in t.numeric
            put(head_rows + offset, c, str(value),
                align=WD_ALIGN_PARAGRAPH.RIGHT if numeric else None)
            if numeric:
                _no_wrap(table.cell(head_rows + offset, c))
    section = word.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    widths = t.widths or (1,) * ncols
    total = sum(widths)
    column_widths = [int(text_width * width / total) for width in widths]
    for c, width in enumerate(column_widths):
        table.columns[c].width = width
    for tr in table._tbl.tr_lst:  # each cell as wide as the columns it spans
        column = 0
        for tc in tr.tc_lst:
            tc.width = sum(column_widths[column:column + tc.grid_span])
            column += tc.grid_span
    word.add_paragraph()
