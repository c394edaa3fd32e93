"""Shisaku text: the one safe source format for the narrative parts of a project sheet.

City staff type plain text into a form; we store exactly that (never HTML) and parse it
into blocks, which render to HTML (web), Typst markup (PDF) and Word. Keeping one
source and one parser is what makes the outputs say the same thing. This module holds
the format, its blocks and the parser; shisaku.lib.richtext_render holds the renderers.

The format is line based (leading whitespace is ignored unless it indents a list line):

    ○ 見出し              sub-heading (also 〇 and ◯)
    ・項目 / - 項目        bullet item (also ◆ ● ■ and "* ")
      続きの文           2+ columns of indent after a list item continues it
      ・子項目           2+ columns of indent before a bullet: level-2 item
    ①項目                 numbered item (①〜⑳), consecutive ones form a list
    | a | b |             table row; a "|---|---|" row marks the row above as header
    ※注記                 note (the ※ stays in the text); only indented lines continue it
    その他                 paragraph text; consecutive lines join; a blank line ends a block

Indent width counts a half-width space as 1 and a full-width space or a tab as 2, so
one full-width space (the usual way to line up under "・") is enough.

Framework-free on purpose: used by forms, views, the PDF builder and the CLI alike.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from shisaku.lib.cleantext import printable
from shisaku.lib.textnorm import circled, circled_value

MAX_CHARS = 20_000
MAX_TABLE_COLUMNS = 12
MAX_TABLE_ROWS = 200  # header row included

HEADING_MARKERS = frozenset("○〇◯")
BULLET_MARKERS = frozenset("・◆●■")
# "-" and "*" are bullets only when followed by whitespace: a lone "-" is how Japanese
# forms say "nothing to report", and "-5%" is a number.
ASCII_BULLET_MARKERS = frozenset("-*")
NOTE_MARKER = "※"

HEADING_PREFIX = "○"
PLAIN_BULLET = "・"

# Cc characters except tab/newline, plus the BOM: an invisible BOM in front of "○"
# would otherwise hide the marker. NUL is rejected before this runs.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")
_SEPARATOR_CHARS = frozenset("-: ")


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False


@dataclass(frozen=True)
class ListItem:
    text: str
    children: tuple[str, ...] = ()


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class NumberedList:
    items: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...] | None
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | BulletList | NumberedList | Table


class RichTextError(ValueError):
    """A source text the form must reject; the message is shown to staff as is."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _error(label: str, line: int | None, message: str) -> RichTextError:
    if line is None:
        return RichTextError(f"「{label}」: {message}")
    return RichTextError(f"「{label}」の{line}行目: {message}", line)


# --------------------------------------------------------------------------- parsing


def _normalise(source: str | None, label: str) -> str:
    if source is None:  # a NULL text column means "nothing written"
        return ""
    if not isinstance(source, str):
        raise TypeError(f"source must be str, not {type(source).__name__}")
    # U+2028/2029 become real newlines: Typst treats them as line breaks, so leaving
    # them inside a line would let text reach "line start" behind our escaping.
    text = (
        source.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n")
    )
    if len(text) > MAX_CHARS:
        raise RichTextError(f"{label}が長すぎます（{MAX_CHARS:,}字まで）")
    nul = text.find("\x00")
    if nul >= 0:
        raise _error(label, text.count("\n", 0, nul) + 1, "使えない文字（NUL）が含まれています")
    return _CONTROL_RE.sub("", text)


def _is_wide(ch: str) -> bool:
    # Wide/full-width/half-width-kana characters are the ones Japanese writes without
    # spaces, so a line break next to them must not turn into a space.
    return unicodedata.east_asian_width(ch) in ("W", "F", "H")


def _join(left: str, right: str) -> str:
    """Join two source lines: a space only between two non-CJK ends ("NPO" + "法人" too)."""
    if not left or not right:
        return left or right
    return left + ("" if _is_wide(left[-1]) or _is_wide(right[0]) else " ") + right


def _indent_width(line: str) -> int:
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch in "\u3000\t":
            width += 2
        else:
            break
    return width


def _classify(content: str) -> tuple[str, str, int]:
    """(kind, text, number) of a stripped, non-empty line."""
    first = content[0]
    if first == "|":
        return "table", content, 0
    if first in HEADING_MARKERS:
        return "heading", content[1:].strip(), 0
    if first in BULLET_MARKERS:
        return "bullet", content[1:].strip(), 0
    if first in ASCII_BULLET_MARKERS and len(content) > 1 and content[1].isspace():
        return "bullet", content[2:].strip(), 0
    number = circled_value(first)
    if number is not None:
        return "numbered", content[1:].strip(), number
    if first == NOTE_MARKER:
        return "note", content, 0
    return "text", content, 0


def _split_row(content: str) -> list[str]:
    parts = content.split("|")[1:]
    if len(parts) > 1 and content.endswith("|"):
        parts = parts[:-1]
    return [part.strip() for part in parts]


def _is_separator(cells: list[str]) -> bool:
    return all(cell and set(cell) <= _SEPARATOR_CHARS and "-" in cell for cell in cells)


class _Parser:
    """Line-at-a-time state machine; at most one block is open at any time."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.blocks: list[Block] = []
        self.open: str | None = None  # "para", "bullets", "numbered", "table"
        self.para: list[str] = []
        self.note = False
        self.items: list[tuple[list[str], list[str]]] = []  # ([text], children)
        self.in_child = False
        self.numbered: list[tuple[int, list[str]]] = []
        self.rows: list[tuple[str, ...]] = []
        self.header: tuple[str, ...] | None = None
        self.width = 0

    def close(self) -> None:
        if self.open == "para":
            text = ""
            for part in self.para:
                text = _join(text, part)
            self.blocks.append(Paragraph(text, self.note))
        elif self.open == "bullets":
            self.blocks.append(
                BulletList(tuple(ListItem(text[0], tuple(kids)) for text, kids in self.items))
            )
        elif self.open == "numbered":
            self.blocks.append(NumberedList(tuple((n, text[0]) for n, text in self.numbered)))
        elif self.open == "table":
            self.blocks.append(Table(self.header, tuple(self.rows)))
        self.open = None

    def start(self, kind: str) -> None:
        self.close()
        self.open = kind
        self.para, self.items, self.numbered, self.rows = [], [], [], []
        self.header, self.in_child, self.note, self.width = None, False, False, 0

    def add_child(self, text: str) -> None:
        self.items[-1][1].append(text)
        self.in_child = True

    def continue_item(self, text: str) -> None:
        if self.open == "numbered":
            holder = self.numbered[-1][1]
            holder[0] = _join(holder[0], text)
        elif self.in_child:
            kids = self.items[-1][1]
            kids[-1] = _join(kids[-1], text)
        else:
            holder = self.items[-1][0]
            holder[0] = _join(holder[0], text)

    def indented(self, kind: str, text: str, content: str) -> bool:
        """An indented line belongs to the open list (that is how people line text up under
        "・" or "①" in a plain textarea): True when it was taken so."""
        if self.open == "bullets":
            if kind == "bullet":
                self.add_child(text)
            elif kind == "numbered":
                self.add_child(content)  # only two levels: the digit stays as text
            else:
                self.continue_item(content)
            return True
        if self.open == "numbered" and kind not in ("bullet", "numbered"):
            self.continue_item(content)
            return True
        return False

    def feed(self, lineno: int, raw: str) -> None:
        line = raw.rstrip()
        if not line:
            self.close()
            return
        indent = _indent_width(line)
        content = line.lstrip()
        kind, text, number = _classify(content)
        if indent >= 2 and self.indented(kind, text, content):
            return

        if kind == "table":
            if self.open != "table":
                self.start("table")
            self.add_row(lineno, content)
        elif kind == "heading":
            self.close()
            self.blocks.append(Heading(text))
        elif kind == "bullet":
            if self.open != "bullets":
                self.start("bullets")
            self.items.append(([text], []))
            self.in_child = False
        elif kind == "numbered":
            if self.open != "numbered":
                self.start("numbered")
            self.numbered.append((number, [text]))
        elif kind == "note":
            self.start("para")
            self.note = True
            self.para.append(text)
        elif content in ASCII_BULLET_MARKERS:
            # A lone "-" ("none") stands alone: joined with the next line it would
            # read back as a bullet ("- 次の文").
            self.close()
            self.blocks.append(Paragraph(content))
        elif self.open == "para" and (not self.note or indent >= 2):
            # A note is one line (plus indented continuation lines, as in lists): an
            # unindented line after "※…" is usually the text moving on, not the note.
            self.para.append(text)
        else:
            self.start("para")
            self.para.append(text)

    def add_row(self, lineno: int, content: str) -> None:
        cells = _split_row(content)
        if len(cells) > MAX_TABLE_COLUMNS:
            raise _error(
                self.label, lineno, f"表の列は{MAX_TABLE_COLUMNS}列までです（{len(cells)}列）"
            )
        if not self.width:
            self.width = len(cells)
        elif len(cells) != self.width:
            raise _error(
                self.label,
                lineno,
                f"表の列数がそろっていません（{self.width}列と{len(cells)}列）",
            )
        # Markdown's rule: a separator counts only right below the first row. Elsewhere
        # a row of dashes is data ("-" is how Japanese tables say "none").
        if len(self.rows) == 1 and self.header is None and _is_separator(cells):
            self.header = self.rows.pop()
            return
        self.rows.append(tuple(cells))
        if len(self.rows) + (self.header is not None) > MAX_TABLE_ROWS:
            raise _error(self.label, lineno, f"表は{MAX_TABLE_ROWS}行までです")


def parse(source: str, label: str = "本文") -> list[Block]:
    """Parse Shisaku text into blocks; `label` names the field in error messages."""
    parser = _Parser(label)
    for lineno, raw in enumerate(_normalise(source, label).split("\n"), start=1):
        parser.feed(lineno, raw)
    parser.close()
    return parser.blocks


def parse_stored(source: str | None) -> list[Block]:
    """Blocks of a stored text, for display: never raises.

    Stored text was validated, but may have reached the database another way (an old
    import, a direct update): control characters are dropped, and a text that still does
    not parse is shown as plain paragraphs.
    """
    text = printable(source or "")
    try:
        return parse(text)
    except RichTextError:
        return [Paragraph(line) for line in text.split("\n") if line.strip()]


def validate(source: str, label: str = "本文") -> None:
    """Raise RichTextError if `source` cannot be stored; for form clean() methods."""
    parse(source, label)


def bullets(source: str, label: str = "本文") -> list[str]:
    """The items of a text that is meant to be just a bullet list (Plan, 主な取組).

    Lenient so that a stray paragraph still shows: paragraphs and headings are one item
    each, level-2 items follow their parent as items of their own, numbered items keep
    their circled digit, table rows become "a / b". Empty items are dropped.
    """
    out: list[str] = []
    for block in parse(source, label):
        if isinstance(block, BulletList):
            for item in block.items:
                out.append(item.text)
                out.extend(item.children)
        elif isinstance(block, NumberedList):
            out.extend(circled(n) + text for n, text in block.items)
        elif isinstance(block, Table):
            out.extend(" / ".join(row) for row in block.rows)
        else:
            out.append(block.text)
    return [item for item in out if item]
