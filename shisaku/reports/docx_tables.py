"""Word tables: plain tables with a repeating header row, the framed box, and the grouped
tables of art. 19 (a group row above the column labels); columns fill the text width.
"""


from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .document import (
    Box,
    GroupedTable,
    Table,
)


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


# --- grouped tables (art. 19) --------------------------------------------------------------

CELL_MARGIN_TWIPS = 45  # 0.08 cm each side: a narrow column keeps its width for the figure

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
    put = _cell_writer(table, Pt(t.size) if t.size else None)
    single = _group_row(table, t, put)
    if t.header:
        for c, label in enumerate(t.header):
            if c not in single:
                put(head_rows - 1, c, label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for offset, row in enumerate(t.rows):
        for c, value in enumerate(row):
            numeric = c in t.numeric
            put(head_rows + offset, c, str(value),
                align=WD_ALIGN_PARAGRAPH.RIGHT if numeric else None)
            if numeric:
                _no_wrap(table.cell(head_rows + offset, c))
    _fixed_widths(word, table, t.widths or (1,) * ncols)
    word.add_paragraph()


def _cell_writer(table, size):
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
    return put


def _group_row(table, t: GroupedTable, put) -> set[int]:
    """The header's group row; returns the columns whose group spans both header rows."""
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
    return single


def _fixed_widths(word, table, widths) -> None:
    """Column widths in proportion to `widths`, filling the section's text width; each cell
    as wide as the columns it spans."""
    section = word.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    total = sum(widths)
    column_widths = [int(text_width * width / total) for width in widths]
    for c, width in enumerate(column_widths):
        table.columns[c].width = width
    for tr in table._tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            tc.width = sum(column_widths[column:column + tc.grid_span])
            column += tc.grid_span
