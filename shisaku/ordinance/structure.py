"""An article's body as the ordinance prints it: paragraphs (項) and their items (号).

The body is stored as lines (``Article.text``): the first paragraph unnumbered, the next
ones with their number ("2 …", "3 …"), each item on its own line under its paragraph
("(1) …", "(2) …"). Framework-free: the parser, the service, the report and the page share
it, so the numbering is read and checked in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PARAGRAPH_RE = re.compile(r"^(?P<n>[1-9]\d?)\s+(?P<text>\S.*)$")
ITEM_RE = re.compile(r"^[(（](?P<n>[1-9]\d?)[)）]\s*(?P<text>\S.*)$")
SUMMARY_MARK = "（要約）"


@dataclass(frozen=True)
class Item:
    number: int
    text: str

    @property
    def label(self) -> str:
        return f"({self.number})"


@dataclass(frozen=True)
class Paragraph:
    number: int
    text: str
    items: tuple[Item, ...] = ()

    @property
    def label(self) -> str:
        """"" for the first paragraph (the law prints no number), "2", "3" … after."""
        return "" if self.number == 1 else str(self.number)


class BodyError(ValueError):
    """A body whose numbering does not run 2, 3 … and (1), (2) … (line, message)."""

    def __init__(self, line: int, message: str):
        super().__init__(f"{line}行目: {message}")
        self.line = line
        self.message = message


def paragraphs(text: str) -> list[Paragraph]:
    """The body's paragraphs; BodyError when a number is out of sequence."""
    found: list[tuple[int, str, list[Item]]] = []
    for index, raw in enumerate((text or "").split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        item = ITEM_RE.match(line)
        if item and found:
            items = found[-1][2]
            number = int(item["n"])
            if number != len(items) + 1:
                raise BodyError(index, f"号の番号が({len(items) + 1})ではなく{item[0][:4]}です。")
            items.append(Item(number, item["text"]))
            continue
        paragraph = PARAGRAPH_RE.match(line)
        if paragraph and found:
            number = int(paragraph["n"])
            if number != len(found) + 1:
                raise BodyError(index, f"項の番号が{len(found) + 1}ではなく{number}です。")
            found.append((number, paragraph["text"], []))
            continue
        if found:
            raise BodyError(index, "項（「2 …」）か号（「(1) …」）で始まっていません。")
        found.append((1, line, []))
    return [Paragraph(n, t, tuple(items)) for n, t, items in found]


def body(paras: list[Paragraph]) -> str:
    """The stored text of `paras` (the inverse of ``paragraphs``)."""
    lines = []
    for paragraph in paras:
        lines.append(paragraph.text if paragraph.number == 1
                     else f"{paragraph.number} {paragraph.text}")
        lines.extend(f"({item.number}) {item.text}" for item in paragraph.items)
    return "\n".join(lines)


def shape(paras: list[Paragraph]) -> tuple[int, ...]:
    """Item counts per paragraph: (4,) is one paragraph with 4 items, (3, 0, 0) three
    paragraphs with items only in the first. Two bodies with the same shape have the same
    structure, whatever their wording."""
    return tuple(len(p.items) for p in paras)
