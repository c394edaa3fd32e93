"""Document → HTML: the same content as the PDF, for the web and for download."""

import base64
import hashlib
import re
from html import escape
from pathlib import Path

from shisaku.lib.richtext_render import to_html

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

# One stylesheet for the report as a web page: embedded in the HTML download, linked by a
# sheet's print page (shisaku/sheets/templates/sheets/print.html).
STYLE = (Path(__file__).parent / "static" / "reports" / "document.css").read_text(encoding="utf-8")


def _table(t: Table) -> str:
    out = []
    if t.caption:
        out.append(f'<p class="caption">{escape(t.caption)}</p>')
    out.append("<table>")
    if t.header:
        out.append("<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in t.header)
                   + "</tr></thead>")
    out.append("<tbody>")
    for r, row in enumerate(t.rows):
        cells = []
        for c, value in enumerate(row):
            css = ' class="num"' if c in t.numeric else ""
            if c in t.page_refs and r < len(t.row_labels) and t.row_labels[r]:
                text = f'<a href="#{t.row_labels[r]}">→</a>'
            else:
                text = "<br>".join(escape(line) for line in str(value).split("\n"))
            cells.append(f"<td{css}>{text}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def outline(doc: Document) -> list[tuple[str, str, int]]:
    """(anchor, text, level) of the headings the table of contents lists, with the ids
    render_body gives them: the preview page's in-page navigation and the document's 目次."""
    items = [i for i in doc.items if isinstance(i, Heading) and i.in_toc and i.level <= 2]
    return [(heading.label or f"h{index}", heading.text, heading.level)
            for index, heading in enumerate(items)]


def _toc(doc: Document) -> str:
    lines = [f'<li class="l{level}"><a href="#{anchor}">{escape(text)}</a></li>'
             for anchor, text, level in outline(doc)]
    return '<nav class="toc"><h2>目次</h2><ul>' + "".join(lines) + "</ul></nav>"


def render_body(doc: Document) -> str:
    out, heading_index = [], 0
    for item in doc.items:
        if isinstance(item, Heading):
            anchor = item.label
            if item.in_toc and item.level <= 2:
                anchor = anchor or f"h{heading_index}"
                heading_index += 1
            ident = f' id="{anchor}"' if anchor else ""
            level = min(item.level, 4)
            out.append(f"<h{level}{ident}>{escape(item.text)}</h{level}>")
        elif isinstance(item, Para):
            out.append(f'<p class="{item.style}">{escape(item.text)}</p>')
        elif isinstance(item, Rich):
            out.append(to_html(item.blocks))
        elif isinstance(item, Landscape):
            inner = render_body(Document(doc.title, doc.kind, doc.fiscal_year, doc.header,
                                         list(item.items)))
            out.append(f'<section class="landscape">{inner}</section>')
        elif isinstance(item, GroupedTable):
            out.append(_grouped_table(item))
        elif isinstance(item, Table):
            out.append(_table(item))
        elif isinstance(item, Figure):
            data = base64.b64encode(item.data).decode("ascii")
            out.append(f'<figure><img src="data:image/svg+xml;base64,{data}" '
                       f'alt="{escape(item.caption)}"><figcaption>{escape(item.caption)}'
                       "</figcaption></figure>")
        elif isinstance(item, Toc):
            out.append(_toc(doc))
        elif isinstance(item, Cover):
            out.append('<section class="cover">' + "".join(
                f"<p>{escape(line)}</p>" for line in item.lines)
                + f'<p class="title">{escape(item.title)}</p><p>{escape(item.date)}</p>'
                f"<p>{escape(item.city)}</p></section>")
        elif isinstance(item, Box):
            inner = render_body(Document(doc.title, doc.kind, doc.fiscal_year, doc.header,
                                         list(item.items)))
            out.append(f'<div class="box">{inner}</div>')
        elif isinstance(item, PageBreak):
            out.append("<hr>")
        elif isinstance(item, Columns):
            out.append(_columns(item))
    return "\n".join(out)


def render(doc: Document) -> str:
    return (f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">'
            f"<title>{escape(doc.title)}</title><style>{STYLE}</style></head><body>"
            f"{render_body(doc)}</body></html>")


_STYLE_ELEMENT = re.compile(rb"<style>(.*?)</style>", re.S)


def style_hashes(data: bytes) -> list[str]:
    """CSP sources for the document's own `<style>` elements.

    The downloadable HTML document is standalone (it must look right saved to a disk or
    attached to an e-mail), so it keeps its stylesheet inline. When the app serves it, its
    response allows exactly these stylesheets by hash (computed from the stored bytes, so
    documents published with an older stylesheet still match) and nothing else inline."""
    return [f"'sha256-{base64.b64encode(hashlib.sha256(css).digest()).decode('ascii')}'"
            for css in _STYLE_ELEMENT.findall(data)]


def _columns(c: Columns) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in c.header)
    cells = "".join(f"<td>{to_html(blocks)}</td>" for blocks in c.cells)
    return f'<table class="columns"><thead><tr>{head}</tr></thead><tbody><tr>{cells}</tr></tbody></table>'
# --- landscape pages and grouped tables (art. 19) -------------------------------------------



def _grouped_table(t: GroupedTable) -> str:
    out = []
    if t.caption:
        out.append(f'<p class="caption">{escape(t.caption)}</p>')
    out.append('<table class="grouped"><thead>')
    single: set[int] = set()
    if t.groups:
        cells, column = [], 0
        for label, span in t.groups:
            if span == 1 and t.header:
                cells.append(f'<th rowspan="2">{escape(label)}</th>')
                single.add(column)
            else:
                cells.append(f'<th colspan="{span}">{escape(label)}</th>')
            column += span
        out.append("<tr>" + "".join(cells) + "</tr>")
    if t.header:
        out.append("<tr>" + "".join(f"<th>{escape(h)}</th>" for c, h in enumerate(t.header)
                                    if c not in single) + "</tr>")
    out.append("</thead><tbody>")
    for row in t.rows:
        out.append("<tr>" + "".join(
            ('<td class="num">' if c in t.numeric else "<td>") + escape(str(v)) + "</td>"
            for c, v in enumerate(row)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)
