"""The generated report as text, the way a reader copies the HTML report into a text file:
one line per heading, paragraph and list item (a list item keeps a mark: ・, or its ①), a
tab between the cells of a table row, and no page furniture (the HTML has none). A cell of
narratives side by side (その他の事業's two columns) keeps its HTML, as the text the city's
reports were read from does (seed 002): its lists are the column's, not the page's."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

_BLOCKS = {"h1", "h2", "h3", "h4", "p", "li", "tr", "figcaption", "div", "section", "hr",
           "table", "ul", "ol", "nav"}
_SKIPPED = {"style", "script", "title", "nav"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line = ""
        self.cells: list[str] | None = None
        self.skipping = 0
        self.lists: list[str] = []  # "ul" / "ol" of the open lists
        self.columns = False  # inside narratives side by side: cells kept as HTML
        self.raw_cell = False  # inside one of their cells
        self.nested = 0  # tables open inside that cell

    def _end_line(self) -> None:
        if self.line.strip():
            self.lines.append(self.line.strip())
        self.line = ""

    def handle_starttag(self, tag, attrs) -> None:
        if self.raw_cell:
            self.nested += tag == "table"
            self.line += self.get_starttag_text() or ""
            return
        if tag == "table" and ("class", "columns") in attrs:
            self.columns = True
        if self.columns and tag == "td":
            self.raw_cell, self.nested = True, 0
        if tag in _SKIPPED:
            self.skipping += 1
            return
        if self.cells is not None and tag in ("td", "th"):
            self.line = ""
            return
        if tag in ("ul", "ol"):
            self.lists.append(tag)
        if tag in _BLOCKS:
            self._end_line()
        if tag == "tr":
            self.cells = []
        elif tag == "li" and self.lists and self.lists[-1] == "ul":
            self.line = "・"
        elif tag == "br":
            self.line += " " if self.cells is not None else "\n"

    def handle_endtag(self, tag) -> None:
        if self.raw_cell and not (tag == "td" and self.nested == 0):
            self.nested -= tag == "table"
            self.line += f"</{tag}>"
            return
        self.raw_cell = False
        if tag == "table":
            self.columns = False
        if tag in _SKIPPED:
            self.skipping -= 1
            return
        if self.cells is not None and tag in ("td", "th"):
            self.cells.append(self.line.strip())
            self.line = ""
            return
        if tag == "tr" and self.cells is not None:
            if any(self.cells):
                self.lines.append("\t".join(self.cells))
            self.cells = None
            return
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag in _BLOCKS:
            self._end_line()

    def handle_data(self, data: str) -> None:
        if self.raw_cell:
            self.line += escape(data.replace("\n", " "), quote=False)
        elif not self.skipping:
            self.line += data.replace("\n", " ")


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    parser._end_line()
    return "\n".join(line for chunk in parser.lines for line in chunk.split("\n")) + "\n"
