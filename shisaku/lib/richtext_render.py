"""Shisaku text's renderers: parsed blocks (shisaku.lib.richtext) to HTML, Typst and plain text.

HTML is for the web pages, Typst markup for the PDF, and plain text is the normalised
source (the round trip parse(to_plain(parse(s))) == parse(s)). Every renderer escapes
each text itself, so a block's text can never become markup.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from shisaku.lib.richtext import (
    HEADING_PREFIX,
    NOTE_MARKER,
    PLAIN_BULLET,
    Block,
    BulletList,
    Heading,
    NumberedList,
    Paragraph,
    Table,
)
from shisaku.lib.textnorm import circled


def _one_line(text: str) -> str:
    # Parsed text never contains line breaks; hand-built blocks might, and a break would
    # let the rest of the text start a new (Typst or plain) line with its own markers.
    return " ".join(text.splitlines()) if text else ""


def _heading_text(text: str) -> str:
    return f"{HEADING_PREFIX} {text}" if text else HEADING_PREFIX


def _check(block: object) -> None:
    if not isinstance(block, Block):
        raise TypeError(f"not a rich-text block: {type(block).__name__}")


def to_html(blocks: Iterable[Block]) -> str:
    """Escaped HTML; styling (e.g. `.rt-numbered { list-style: none }`) is the CSS's job."""

    def esc(text: str) -> str:
        return html.escape(text, quote=True)

    parts: list[str] = []
    for block in blocks:
        _check(block)
        if isinstance(block, Heading):
            parts.append(f'<h4 class="rt-heading">{esc(_heading_text(block.text))}</h4>')
        elif isinstance(block, Paragraph):
            css = ' class="rt-note"' if block.note else ""
            parts.append(f"<p{css}>{esc(block.text)}</p>")
        elif isinstance(block, BulletList):
            lis = []
            for item in block.items:
                sub = ""
                if item.children:
                    sub = "<ul>" + "".join(f"<li>{esc(c)}</li>" for c in item.children) + "</ul>"
                lis.append(f"<li>{esc(item.text)}{sub}</li>")
            parts.append('<ul class="rt-list">' + "".join(lis) + "</ul>")
        elif isinstance(block, NumberedList):
            lis = [
                f'<li value="{n}"><span class="rt-num">{esc(circled(n))}</span>{esc(text)}</li>'
                for n, text in block.items
            ]
            parts.append('<ol class="rt-numbered">' + "".join(lis) + "</ol>")
        elif isinstance(block, Table):
            html_parts = ['<table class="rt-table">']
            if block.header is not None:
                ths = "".join(f'<th scope="col">{esc(c)}</th>' for c in block.header)
                html_parts.append(f"<thead><tr>{ths}</tr></thead>")
            if block.rows:
                trs = "".join(
                    "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>"
                    for row in block.rows
                )
                html_parts.append(f"<tbody>{trs}</tbody>")
            html_parts.append("</table>")
            parts.append("".join(html_parts))
    return "\n".join(parts)


# Every ASCII character with a meaning in Typst markup: code (#), math ($), strong/emph,
# raw, labels/references, content brackets, nbsp (~), comments and term lists (/),
# headings/lists/enums at line start (= - + and "1."), shorthands (-- ... -?) and smart
# quotes. "\X" is always the literal X in Typst, so escaping more than needed is harmless.
_TYPST_SPECIAL = frozenset("\\#$*_`<>@[]~/=+-.'\"")


def escape_typst(text: str) -> str:
    """Text that Typst markup shows literally and can never run as code."""
    return "".join("\\" + ch if ch in _TYPST_SPECIAL else ch for ch in _one_line(text))


def to_typst(blocks: Iterable[Block]) -> str:
    """Typst markup. Headings are bold lines, not Typst headings: the document owns levels."""
    esc = escape_typst
    parts: list[str] = []
    for block in blocks:
        _check(block)
        if isinstance(block, Heading):
            parts.append(f"#strong[{esc(_heading_text(block.text))}]")
        elif isinstance(block, Paragraph):
            parts.append(
                f"#text(size: 0.9em)[{esc(block.text)}]" if block.note else esc(block.text)
            )
        elif isinstance(block, BulletList):
            lines = []
            for item in block.items:
                lines.append(f"- {esc(item.text)}")
                lines.extend(f"  - {esc(child)}" for child in item.children)
            parts.append("\n".join(lines))
        elif isinstance(block, NumberedList):
            # One paragraph with forced line breaks (" \"): plain newlines would be
            # joined into a single running line by Typst.
            parts.append(" \\\n".join(f"{circled(n)}{esc(text)}" for n, text in block.items))
        elif isinstance(block, Table):
            width = len(block.header) if block.header is not None else 0
            width = max([width, *(len(row) for row in block.rows)])
            if not width:
                continue
            lines = ["#table(", f"  columns: {width},"]
            if block.header is not None:
                cells = ", ".join(f"[{esc(c)}]" for c in block.header)
                lines.append(f"  table.header({cells}),")
            lines.extend("  " + ", ".join(f"[{esc(c)}]" for c in row) + "," for row in block.rows)
            lines.append(")")
            parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n" if parts else ""


def to_plain(blocks: Iterable[Block]) -> str:
    """Normalised source text: parse(to_plain(parse(s))) == parse(s).

    Bullets become "・", level-2 items "  ・", and blocks are separated by a blank line.
    Only blocks that came from parse() are guaranteed to round-trip.
    """
    parts: list[str] = []
    for block in blocks:
        _check(block)
        if isinstance(block, Heading):
            parts.append(_heading_text(_one_line(block.text)))
        elif isinstance(block, Paragraph):
            text = _one_line(block.text)
            if block.note and not text.startswith(NOTE_MARKER):
                text = NOTE_MARKER + text
            if text:
                parts.append(text)
        elif isinstance(block, BulletList):
            lines = []
            for item in block.items:
                lines.append(PLAIN_BULLET + _one_line(item.text))
                lines.extend(f"  {PLAIN_BULLET}{_one_line(c)}" for c in item.children)
            if lines:
                parts.append("\n".join(lines))
        elif isinstance(block, NumberedList):
            if block.items:
                parts.append("\n".join(circled(n) + _one_line(t) for n, t in block.items))
        elif isinstance(block, Table):

            def row_line(cells: Iterable[str]) -> str:
                # A "|" inside a hand-built cell would split it; the full-width bar won't.
                return "| " + " | ".join(_one_line(c).replace("|", "｜") for c in cells) + " |"

            lines = []
            if block.header is not None:
                lines += [row_line(block.header), row_line("---" for _ in block.header)]
            lines.extend(row_line(row) for row in block.rows)
            if lines:
                parts.append("\n".join(lines))
    return "\n\n".join(parts)
