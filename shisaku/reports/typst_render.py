"""Document → Typst markup → PDF. Every user text goes through escape_typst."""

import tempfile
from pathlib import Path

from shisaku.lib.charts import FONT_PATH
from shisaku.lib.richtext_render import escape_typst as esc
from shisaku.lib.richtext_render import to_typst

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

# Typesetting rules (see the section at the end): no braces here, PREAMBLE is formatted.
TYPESETTING_RULES = """#set text(costs: (widow: 1000%, orphan: 1000%))
#show table: set text(size: 9pt)
#show table.cell: set par(justify: false)
#show figure: set block(breakable: false)
#set figure(gap: 0.5em)
#set figure.caption(position: top)
#show figure.caption: it => align(left, it.body)
"""

PREAMBLE = """#set document(title: "{title}")
#set page(paper: "a4", margin: (top: 22mm, bottom: 20mm, x: 20mm),
  header: context {{ if counter(page).get().first() > 1 [#set text(size: 8pt, fill: luma(90)); #align(right)[{header}]] }},
  footer: context {{ if counter(page).get().first() > 1 [#align(center)[#set text(size: 9pt); – #counter(page).display() –]] }})
#set text(font: "IPAexGothic", lang: "ja", region: "JP", size: 10pt, cjk-latin-spacing: auto)
#set par(justify: true, leading: 0.75em, first-line-indent: 0em)
#show heading: set text(font: "IPAexGothic", weight: "regular")
#show heading.where(level: 1): it => block(sticky: true, above: 1.2em, below: 0.9em)[#text(size: 16pt)[#it.body]]
#show heading.where(level: 2): it => block(sticky: true, above: 1.1em, below: 0.7em, width: 100%, stroke: (left: 3pt + rgb("#0b5cad")), inset: (left: 6pt, y: 3pt))[#text(size: 13pt)[#it.body]]
#show heading.where(level: 3): it => block(sticky: true, above: 1em, below: 0.7em, width: 100%, fill: rgb("#e8eef6"), inset: 6pt)[#text(size: 12.5pt)[#it.body]]
#show heading.where(level: 4): it => block(sticky: true, above: 0.9em, below: 0.5em, width: 100%, stroke: (bottom: 0.5pt + luma(150)), inset: (bottom: 2pt))[#text(size: 10.5pt)[■ #it.body]]
#set table(stroke: 0.5pt + luma(120), inset: 4pt)
#show table.cell.where(y: 0): set text(size: 9pt)
#show figure.caption: set text(size: 9pt)
""" + TYPESETTING_RULES


def _page_ref(label: str) -> str:
    return (f"#context {{ let q = query(<{label}>); "
            f"if q.len() > 0 {{ str(counter(page).at(q.first().location()).first()) }} }}")


def _cell(text: str) -> str:
    return "[" + " \\ ".join(esc(line) for line in str(text).split("\n")) + "]"


def _table(t: Table) -> str:
    ncols = len(t.header or t.rows[0] if (t.header or t.rows) else ())
    if ncols == 0:
        return ""
    fractions = t.widths or column_widths(t, ncols)
    widths = ", ".join(f"{w}fr" for w in fractions)
    align = ", ".join("right" if i in t.numeric else "left" for i in range(ncols))
    out = []
    if t.caption:
        out.append(caption_block(t.caption))
    cells = []
    header_rows = max(t.header_rows, 1) - 1 if t.header else 0
    if t.header:
        cells.append(table_header(t.header, t.rows[:header_rows]))
    for r, row in enumerate(t.rows):
        if r < header_rows:
            continue
        for c, value in enumerate(row):
            if c in t.page_refs and r < len(t.row_labels) and not t.row_labels[r]:
                cells.append(_cell(value))
            elif c in t.page_refs and r < len(t.row_labels) and _has_range(t, r):
                cells.append(f"[{_page_range(t, r)}]")
            elif c in t.page_refs and r < len(t.row_labels):
                cells.append(f"[{_page_ref(t.row_labels[r])}]")
            else:
                cells.append(_cell(value))
    out.append(fitted(f"#table(columns: ({widths},), align: ({align},), {', '.join(cells)})",
                      table_text_size(t, ncols)))
    return unbreakable_if_short("\n".join(out), len(t.rows), estimated_lines(t, ncols, fractions))


def _para(p: Para) -> str:
    text = esc(p.text)
    return {
        "note": f"#text(size: 8.5pt, fill: luma(70))[{text}]",
        "lead": f"#text(size: 11pt)[{text}]",
        "right": f"#align(right)[{text}]",
        "center": f"#align(center)[{text}]",
        "small": f"#text(size: 9pt)[{text}]",
    }.get(p.style, text)


def render(doc: Document) -> str:
    out = [PREAMBLE.format(title=esc(doc.title).replace('"', '\\"'), header=esc(doc.header))]
    chapter = 0
    kept = kept_with_next(doc.items)
    for index, item in enumerate(doc.items):
        out.append(keep_with_next(_item(item, chapter_counter := [chapter]), index in kept))
        chapter = chapter_counter[0]
    return "\n\n".join(part for part in out if part)


def _item(item, chapter: list[int]) -> str:
    if isinstance(item, Heading):
        text = esc(item.text)
        # Chapter numbers are part of the heading's text (the city's report profile).
        prefix = "#pagebreak(weak: true)\n" if item.page_break else ""
        label = f" <{item.label}>" if item.label else ""
        outlined = "true" if item.in_toc and item.level <= 2 else "false"
        return f"{prefix}#heading(level: {item.level}, outlined: {outlined})[{text}]{label}"
    if isinstance(item, Para):
        return _para(item)
    if isinstance(item, Rich):
        return rich(item.blocks)
    if isinstance(item, Landscape):
        return _landscape(item, chapter)
    if isinstance(item, GroupedTable):
        return _grouped_table(item)
    if isinstance(item, Table):
        return _table(item)
    if isinstance(item, Figure):
        return figure(item)
    if isinstance(item, PageBreak):
        return "#pagebreak()"
    if isinstance(item, Toc):
        return (f"#outline(title: [{esc(item.title)}], depth: 2, indent: 1.5em)\n"
                "#pagebreak()")
    if isinstance(item, Cover):
        lines = " \\ ".join(esc(line) for line in item.lines)
        return (f"#page(header: none, footer: none)[#v(30%)#align(center)["
                f"#text(size: 14pt)[{lines}] \\ #v(1em) #text(size: 24pt)[{esc(item.title)}]"
                f"#v(40%) #text(size: 13pt)[{esc(item.date)}] \\ #v(0.5em)"
                f"#text(size: 16pt)[{esc(item.city)}]]]")
    if isinstance(item, Columns):
        return _columns(item)
    if isinstance(item, Box):
        inner = "\n\n".join(_item(i, chapter) for i in item.items)
        title = f"#strong[{esc(item.title)}]\n\n" if item.title else ""
        return f"#block(stroke: 0.6pt, inset: 10pt, width: 100%)[{title}{inner}]"
    raise TypeError(f"unknown document item {item!r}")


def compile_pdf(doc: Document, source: str | None = None) -> bytes:
    """Compile with only the bundled IPAexGothic: no system fonts, same bytes every time."""
    import typst

    source = source if source is not None else render(doc)
    with tempfile.TemporaryDirectory(prefix="shisaku-report-") as tmp:
        root = Path(tmp)
        for figure in doc.figures():
            (root / figure.name).write_bytes(figure.data)
        (root / "main.typ").write_text(source, encoding="utf-8")
        return typst.compile(str(root / "main.typ"), root=str(root),
                             font_paths=[str(Path(FONT_PATH).parent)], ignore_system_fonts=True,
                             format="pdf", timestamp=0, pdf_tags=True)


def _has_range(t: Table, r: int) -> bool:
    return bool((r < len(t.row_end_labels) and t.row_end_labels[r])
                or (r < len(t.row_next_labels) and t.row_next_labels[r]))


def _page_range(t: Table, r: int) -> str:
    """A range such as "15-18": from the page of the row's label to the page of its end label, or to the
    page before what follows it; one page prints as "15". Nothing while a label is missing."""
    end = t.row_end_labels[r] if r < len(t.row_end_labels) else ""
    label, before = (end, 0) if end else (t.row_next_labels[r], 1)
    return (f"#context {{ let q = query(<{t.row_labels[r]}>); let e = query(<{label}>); "
            "if q.len() > 0 { let s = counter(page).at(q.first().location()).first(); "
            f"let l = if e.len() > 0 {{ counter(page).at(e.first().location()).first() - {before} }}"
            " else { s }; if l > s { str(s) + \"-\" + str(l) } else { str(s) } } }")


def _columns(c: Columns) -> str:
    """One header row and one row of narratives (Shisaku text, small tables included)."""
    widths = ", ".join("1fr" for _ in c.header)
    head = ", ".join(f"table.cell(fill: luma(235))[{esc(h)}]" for h in c.header)
    cells = ", ".join(f"[#set text(size: 9pt)\n{to_typst(blocks)}]" for blocks in c.cells)
    end = f"\n#metadata(none) <{c.end_label}>" if c.end_label else ""
    return f"#table(columns: ({widths},), table.header({head}), {cells}){end}"
# --- landscape pages and grouped tables (art. 19) -------------------------------------------

LANDSCAPE_MARGIN = "(top: 18mm, bottom: 16mm, x: 15mm)"


def _landscape(item: Landscape, chapter: list[int]) -> str:
    """The items on pages of their own turned to landscape; the next page is portrait."""
    inner = "\n\n".join(_item(i, chapter) for i in item.items)
    return f"#page(flipped: true, margin: {LANDSCAPE_MARGIN})[\n{inner}\n]"


def _grouped_cell(text: str, numeric: bool) -> str:
    # A number is set in a box: it never breaks across lines (its column is made wide enough).
    return f"[#box[{esc(text)}]]" if numeric and text else _cell(text)


def _grouped_table(t: GroupedTable) -> str:
    ncols = len(t.header or (t.rows[0] if t.rows else ()))
    if ncols == 0:
        return ""
    widths = ", ".join(f"{w}fr" for w in (t.widths or [1] * ncols))
    align = ", ".join("right + horizon" if i in t.numeric else "left + horizon"
                      for i in range(ncols))
    head: list[str] = []
    covered: set[int] = set()
    column = 0
    for label, span in t.groups:
        if span == 1:  # a group of one column is that column's label over both rows
            head.append(f"table.cell(rowspan: 2, fill: luma(235))[{esc(label)}]")
            covered.add(column)
        else:
            head.append(f"table.cell(colspan: {span}, fill: luma(235), align: center)"
                        f"[{esc(label)}]")
        column += span
    for index, label in enumerate(t.header or ()):
        if index not in covered:
            head.append(f"table.cell(fill: luma(235), align: center)[{esc(label)}]")
    cells = [f"table.header({', '.join(head)})"] if head else []
    for row in t.rows:
        cells.extend(_grouped_cell(str(value), c in t.numeric) for c, value in enumerate(row))
    size = f"#set text(size: {t.size}pt)\n" if t.size else ""
    out = []
    if t.caption:
        out.append(caption_block(t.caption))
    out.append(f"#block[{size}#table(columns: ({widths},), align: ({align},), "
               f"inset: (x: 3pt, y: 3.5pt), {', '.join(cells)})]")
    return "\n".join(out)


# --- typesetting rules -----------------------------------------------------------------------
# Headings keep with what follows (``sticky`` in the heading show rules above, Typst ≥ 0.12),
# captions keep with their table or chart, table headers repeat on every page, columns are as
# wide as their content needs, and a paragraph never leaves one or two lines alone at the top
# or bottom of a page.


# The text width of an A4 page with 20 mm margins, in em of the 9 pt table text, less the
# 4 pt inset on each side of a cell.
_PAGE_EM = (170 / 25.4 * 72) / 9
_INSET_EM = 8 / 9
_MIN_TEXT_EM = 5.0


def caption_block(caption: str) -> str:
    """A table's caption, kept on the page of the table's first rows."""
    return f"#block(sticky: true, below: 0.4em)[#text(size: 9.5pt)[{esc(caption)}]]"


def table_header(header: tuple[str, ...], more_rows=()) -> str:
    """The header row(s), repeated at the top of each page the table runs onto."""
    rows = [header, *more_rows]
    cells = ", ".join(f"table.cell(fill: luma(235))[{esc(h)}]" for row in rows for h in row)
    return f"table.header(repeat: true, {cells})"


def figure(item: Figure) -> str:
    """A chart under its caption (the document's own 「図表 …」: no Typst numbering)."""
    caption = f", caption: [{esc(item.caption)}]" if item.caption else ""
    return (f'#figure(image("{item.name}", width: {item.width_cm}cm), numbering: none, '
            f"kind: image{caption})")


def _text_em(text: str) -> float:
    """The printed width of the longest line of `text`, in em: CJK 1, others about 0.55."""
    import unicodedata

    widest = 0.0
    for line in str(text).split("\n"):
        width = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in line)
        widest = max(widest, width)
    return widest


def column_widths(t: Table, ncols: int) -> list[float]:
    """Relative widths from the content: every column gets what its longest cell needs
    (numbers never wrap, a header may wrap to two lines); when that is wider than the page,
    the text columns give up width first, down to a floor, then all shrink alike."""
    need = [0.0] * ncols
    for row in t.rows:
        for c, value in enumerate(row[:ncols]):
            need[c] = max(need[c], _text_em(value))
    for c, head in enumerate((t.header or ())[:ncols]):
        need[c] = max(need[c], min(_text_em(head), max(_text_em(head) / 2, 4.0)), 3.0)
    need = [max(n, 1.0) + _INSET_EM for n in need]
    room = _PAGE_EM
    if sum(need) > room:
        text_cols = [c for c in range(ncols) if c not in t.numeric]
        fixed = sum(need[c] for c in range(ncols) if c in t.numeric)
        flexible = sum(need[c] for c in text_cols)
        if text_cols and fixed < room:
            share = max(room - fixed, _MIN_TEXT_EM * len(text_cols)) / flexible
            for c in text_cols:
                need[c] = max(min(need[c], need[c] * share), _MIN_TEXT_EM)
    return [round(n, 1) for n in need]


# A table of up to this many rows, and short enough to fit half a page, is never split: it
# moves whole to the next page instead of leaving its last rows (or its first) alone on a
# page. Longer ones break between rows and repeat their header (a tall table moved whole
# would leave the page before it nearly empty).
SHORT_TABLE_ROWS = 25
SHORT_TABLE_LINES = 30
SHORT_LIST_ITEMS = 6
TABLE_TEXT_PT = 9.0
MIN_TABLE_TEXT_PT = 6.0


def estimated_lines(t: Table, ncols: int, widths) -> int:
    """About how many lines of table text the table takes: per row, its tallest cell."""
    room = [max(_PAGE_EM * w / sum(widths) - _INSET_EM, 1.0) for w in widths]
    lines = 1 if t.header else 0
    for row in t.rows:
        lines += max((sum(max(1, -(-int(_text_em(part)) // int(max(room[c], 1))))
                          for part in str(value).split("\n"))
                      for c, value in enumerate(row[:ncols])), default=1)
    return lines


def unbreakable_if_short(markup: str, rows: int, lines: int = 0) -> str:
    if rows > SHORT_TABLE_ROWS or lines > SHORT_TABLE_LINES:
        return markup
    return f"#block(breakable: false, width: 100%)[\n{markup}\n]"


def kept_with_next(items) -> set[int]:
    """Indexes of the tables and charts followed by a note (出所, ※ …): the note stays on
    their page instead of opening the next one alone."""
    return {i for i, item in enumerate(items[:-1])
            if isinstance(item, Table | Figure)
            and isinstance(items[i + 1], Para) and items[i + 1].style == "note"}


def keep_with_next(markup: str, keep: bool) -> str:
    return f"#block(sticky: true, width: 100%)[\n{markup}\n]" if keep and markup else markup


def rich(blocks) -> str:
    """A narrative; its 「○ 見出し」 lines keep with the text under them."""
    from shisaku.lib.richtext import BulletList
    from shisaku.lib.richtext import Heading as RichHeading

    parts = []
    for block in blocks:
        text = to_typst([block]).rstrip("\n")
        if text and isinstance(block, RichHeading):
            text = f"#block(sticky: true)[{text}]"
        elif text and isinstance(block, BulletList) and len(block.items) <= SHORT_LIST_ITEMS:
            # A short list is never split: no page gets one item of it alone.
            text = f"#block(breakable: false, width: 100%)[\n{text}\n]"
        if text:
            parts.append(text)
    return "\n\n".join(parts) + "\n" if parts else ""


def _natural_em(t: Table, ncols: int) -> float:
    """The narrowest the table can be at 9 pt: numbers whole, text columns at their floor."""
    need = column_widths(Table(t.header, t.rows, numeric=t.numeric), ncols)
    return sum(n if c in t.numeric else min(n, _MIN_TEXT_EM) for c, n in enumerate(need))


def table_text_size(t: Table, ncols: int) -> float:
    """9 pt, or smaller for a table whose numbers would not fit the page's width at 9 pt
    (they would run into the next column)."""
    if t.widths:
        return TABLE_TEXT_PT
    natural = _natural_em(t, ncols)
    if natural <= _PAGE_EM:
        return TABLE_TEXT_PT
    return max(round(TABLE_TEXT_PT * _PAGE_EM / natural, 1), MIN_TABLE_TEXT_PT)


def fitted(markup: str, size: float) -> str:
    if size >= TABLE_TEXT_PT:
        return markup
    return f"#[#show table.cell: set text(size: {size}pt)\n{markup}]"
