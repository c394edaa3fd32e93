"""The narrative parts (Plan, 主な取組, Do, results, next plan, その他の事業's cells) →
Shisaku text (``shisaku.lib.richtext``): bullets, numbered items, sub-headings, tables;
picture captions are set apart."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from shisaku.lib import richtext

from .lines import Numbered, circled_number, html_lines
from .model import Caption, ParsedReport

ITEM_BULLET = re.compile(r"^[-‐－]\s*[・･]\s*(?P<text>.*)$")
DASH_BULLET = re.compile(r"^[-‐－](?:\s+|(?=[①-⑳]))(?P<text>.*)$")
DOT_BULLET = re.compile(r"^[・･●■•◦‣]\s*(?P<text>.*)$")
DIAMOND = re.compile(r"^◆\s*(?P<text>.*)$")
CIRCLE = re.compile(r"^[○〇◯]\s*(?P<text>.*)$")


@dataclass
class _Line:
    kind: str  # bullet / numbered / heading / note / table / text
    level: int
    text: str
    cells: list[str] = field(default_factory=list)


def classify(raw: str, mode: str) -> _Line:
    core = raw.strip()
    if "\t" in core or raw.lstrip(" \u3000").startswith("\t"):
        cells = [c.strip() for c in raw.strip(" \u3000\r\n").split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) >= 2:
            return _Line("table", 1, core, cells)
        core = " ".join(c for c in cells if c)
    stripped = raw.lstrip(" \u3000\t")
    level = 2 if len(raw) - len(stripped) >= 1 else 1
    for pattern in (ITEM_BULLET, DASH_BULLET, DOT_BULLET):
        match = pattern.match(core)
        if match:
            return _Line("bullet", level, match.group("text").strip())
    match = DIAMOND.match(core)
    if match:
        return _Line("bullet", level, match.group("text").strip())
    match = CIRCLE.match(core)
    if match:
        return _Line("heading" if mode == "do" else "bullet", level, match.group("text").strip())
    if circled_number(core[:1]):
        return _Line("numbered", level, core)
    if core.startswith("※"):
        return _Line("note", level, core)
    return _Line("text", level, core)


def safe(text: str) -> str:
    """Text that richtext reads back as the same plain text (no accidental table row)."""
    text = text.replace("\r", " ").replace("\n", " ")
    return "｜" + text[1:] if text.startswith("|") else text


def _cell(text: str) -> str:
    return text.replace("|", "｜").strip() or " "


@dataclass
class _Block:
    kind: str
    level: int = 1
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


def _render(blocks: list[_Block], flat_tables: bool = False) -> str:
    out: list[str] = []
    previous: _Block | None = None
    for block in blocks:
        listy = block.kind in ("bullet", "numbered")
        if out and not (listy and previous is not None and previous.kind == block.kind):
            out.append("")
        if block.kind == "heading":
            out.append(f"○ {safe(block.text)}" if block.text else "○")
        elif block.kind == "bullet":
            nested = block.level == 2 and previous is not None and previous.kind == "bullet"
            out.append(("  - " if nested else "- ") + safe(block.text))
        elif block.kind == "numbered":
            nested = block.level == 2 and previous is not None and previous.kind == "numbered"
            out.append(("  " if nested else "") + safe(block.text))
        elif block.kind == "table":
            width = min(max(len(r) for r in block.rows), richtext.MAX_TABLE_COLUMNS)
            rows = []
            for row in block.rows[: richtext.MAX_TABLE_ROWS - 1]:
                row = list(row)
                if len(row) > width:
                    row = row[: width - 1] + [" ".join(c for c in row[width - 1:] if c)]
                rows.append(row + [""] * (width - len(row)))
            if flat_tables or width < 2:
                out.extend(safe(" / ".join(c for c in row if c)) for row in rows)
            else:
                for index, row in enumerate(rows):
                    out.append("|" + "|".join(_cell(c) for c in row) + "|")
                    if index == 0 and len(rows) > 1:
                        out.append("|" + "|".join("---" for _ in row) + "|")
        else:  # text, note
            out.append(safe(block.text))
        previous = block
    return "\n".join(out).strip("\n")


def finish_text(blocks: list[_Block], label: str, line: int, report: ParsedReport) -> str:
    """Render and check that richtext accepts it; degrade (tables → lines, cut) if not."""
    text = _render(blocks)
    try:
        richtext.validate(text, label)
        return text
    except richtext.RichTextError:
        pass
    text = _render(blocks, flat_tables=True)
    try:
        richtext.validate(text, label)
        report.warn(line, f"「{label}」の表を表として保存できないため、行ごとの文にしました。")
        return text
    except richtext.RichTextError:
        cut = text[: richtext.MAX_CHARS - 20]
        report.warn(line, f"「{label}」が長すぎるため、{richtext.MAX_CHARS:,}字で切りました。")
        return cut


def _paragraph_length(lines: Numbered, index: int) -> int:
    total = 0
    for _n, raw in lines[index:]:
        if not raw.strip():
            break
        total += len(raw.strip())
    return total


def narrative(lines: Numbered, mode: str, label: str, report: ParsedReport,
               captions: list[Caption]) -> str:
    """Shisaku text of one part. mode: "bullets" (Plan, 主な取組, program results, next
    plan), "do" (○ are sub-headings, each line its own paragraph) or "notes"."""
    blocks: list[_Block] = []
    gap = 2  # blank lines seen before the current line (a part starts after its heading)
    in_caption = False
    first_line = lines[0][0] if lines else 0
    previous_number = None
    for index, (number, raw) in enumerate(lines):
        if previous_number is not None and number != previous_number + 1:
            gap, in_caption = 0, False  # a heading came in between
        previous_number = number
        if not raw.strip():
            gap += 1
            in_caption = False
            continue
        line = classify(raw, mode)
        if in_caption and gap == 0 and line.kind != "table":
            captions.append(Caption(number, raw.strip()))
            continue
        is_caption = False
        following = next((raw2 for n2, raw2 in lines[index + 1: index + 3]
                          if n2 <= number + 2 and raw2.strip()), None)
        next_is_table = following is not None and classify(following, mode).kind == "table"
        if line.kind == "text" and blocks and not next_is_table:
            has_bullets = any(b.kind in ("bullet", "numbered") for b in blocks)
            if mode == "bullets" and gap >= 1 and has_bullets:
                is_caption = True
            elif gap >= 3 and _paragraph_length(lines, index) <= 60:
                is_caption = True
        if is_caption:
            captions.append(Caption(number, raw.strip()))
            in_caption = True
            gap = 0
            continue
        in_caption = False
        last = blocks[-1] if blocks else None
        if line.kind == "table":
            if last is not None and last.kind == "table" and gap == 0:
                last.rows.append(line.cells)
            else:
                blocks.append(_Block("table", rows=[line.cells]))
        elif (line.kind == "text" and gap == 0 and last is not None and mode == "bullets"
              and last.kind in ("bullet", "numbered", "text")):
            last.text += line.text  # a wrapped line continues the item
        else:
            blocks.append(_Block(line.kind, line.level, line.text))
        gap = 0
    return finish_text(blocks, label, first_line, report)


def plain(lines: Numbered) -> str:
    return "\n".join(safe(raw.strip()) for _n, raw in lines if raw.strip())


# --------------------------------------------------------------------------- indicators


def html_narrative(fragments: list[str], label: str, line: int, report: ParsedReport) -> str:
    blocks: list[_Block] = []
    for item in html_lines(fragments):
        if re.match(r"^[(（]\s*\d+\s*[)）]", item):
            blocks.append(_Block("heading", text=item))
        elif item.startswith("※"):
            blocks.append(_Block("note", text=item))
        elif item.startswith("【"):
            blocks.append(_Block("text", text=item))
        else:
            match = re.match(r"^(?:[・･\-*]\s*)(?P<text>.+)$", item)
            blocks.append(_Block("bullet", text=(match.group("text") if match else item).strip()))
    return finish_text(blocks, label, line, report)

