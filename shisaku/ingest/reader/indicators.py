"""The indicator tables of a sheet's 主な成果・活動指標 part: a name, then the FY header
row, then the target and actual rows; figures, statuses (中止, 未実施, 集計中) and the
breakdowns in parentheses."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from shisaku.lib.era import format_fy
from shisaku.lib.textnorm import normalize_ascii, normalize_digits, parse_number
from shisaku.sheets.breakdown import BreakdownError, parse_breakdown

from .layout import Layout
from .lines import Numbered, fy_header
from .model import Indicator, ParsedReport, Value, json_number
from .narrative import CIRCLE, DASH_BULLET, DIAMOND, DOT_BULLET, ITEM_BULLET

_VALUE_TOKEN = (r"(?<!\S)[-－―ー](?!\S)"
                r"|[△▲-]?\d[\d,]*(?:\.\d+)?\s*%?(?:\s*\([^()]*(?:\([^()]*\)[^()]*)*\))?")
_NUMBER_CELL = re.compile(
    r"^(?P<num>[△▲-]?\d[\d,]*(?:\.\d+)?)\s*%?\s*(?:\((?P<paren>.*)\))?$")
_PAREN_LABEL = re.compile(r"\s*\(\s*\)\s*内は(?P<label>[^\s※]+)")


@functools.cache
def _value_token(status_words: tuple[tuple[str, str], ...]) -> re.Pattern:
    """A value in a row printed without tabs: a layout's status word, a dash, a figure."""
    words = "|".join(re.escape(word) for word, _status in status_words)
    return re.compile(f"{words}|{_VALUE_TOKEN}" if words else _VALUE_TOKEN)


def _clean_indicator_name(text: str, layout: Layout) -> tuple[str, bool, str, str]:
    """(name, reference, note, paren_label) of an indicator's title line."""
    text = text.strip()
    for pattern in (ITEM_BULLET, DASH_BULLET, DOT_BULLET, DIAMOND, CIRCLE):
        match = pattern.match(text)
        if match:
            text = match.group("text").strip()
            break
    reference = False
    match = layout.reference_name.match(text)
    if match:
        reference = True
        text = (match.group("inner") or match.group("after")).strip()
    note = ""
    star = text.find("※")
    if star > 0:
        note, text = text[star + 1:].strip(), text[:star].strip()
    label = ""
    folded = normalize_ascii(text)
    match = _PAREN_LABEL.search(folded)
    if match:
        label = match.group("label")
        text = (folded[:match.start()] + folded[match.end():]).strip()
    return text, reference, note, label


@dataclass
class _Table:
    years: list[int]
    line: int
    targets: list[str] | None = None
    actuals: list[str] | None = None
    target_unit: str | None = None
    actual_unit: str | None = None
    target_line: int = 0
    actual_line: int = 0


def _split_values(rest: str, layout: Layout) -> tuple[list[str], str]:
    rest = rest.lstrip(" \u3000")
    if rest.startswith("\t"):
        rest = rest[1:]  # the one separator after the row's label
    if "\t" in rest:
        cells = [c.strip() for c in rest.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        return cells, ""
    folded = normalize_digits(rest)
    token = _value_token(layout.status_words)
    cells = [m.group(0).strip() for m in token.finditer(folded)]
    return cells, token.sub(" ", folded).strip()


def _parse_cell(text: str, indicator: Indicator, fy: int, what: str, line: int,
                report: ParsedReport, layout: Layout) -> tuple[Decimal | None, str, list[dict]]:
    """(number, status, breakdown) of one table cell."""
    cell = normalize_ascii(text).strip()
    if cell in ("", "-", "－", "―", "ー", "—"):
        return None, "measured", []
    for word, status in layout.status_words:
        if cell.startswith(word):
            if what == "目標":
                report.warn(line, f"指標「{indicator.name}」の{format_fy(fy)}の目標が「{word}」です。"
                                  "目標は空欄として読みました。")
                return None, "measured", []
            return None, status, []
    match = _NUMBER_CELL.match(cell)
    if not match:
        report.warn(line, f"指標「{indicator.name}」の{format_fy(fy)}の{what}「{text.strip()}」を"
                          "数値として読み取れません。空欄として読みました。")
        return None, "measured", []
    try:
        value = parse_number(match.group("num"))
    except ValueError:
        report.warn(line, f"指標「{indicator.name}」の{format_fy(fy)}の{what}「{text.strip()}」の"
                          "桁区切りが正しくありません。空欄として読みました。")
        return None, "measured", []
    if abs(value) >= Decimal(10) ** 12:
        report.warn(line, f"指標「{indicator.name}」の{format_fy(fy)}の{what}「{text.strip()}」は"
                          "大きすぎるため空欄として読みました。")
        return None, "measured", []
    breakdown: list[dict] = []
    paren = (match.group("paren") or "").strip()
    if paren:
        breakdown = _breakdown(paren, indicator, fy, what, line, report)
    return value, "measured", breakdown


def _breakdown(paren: str, indicator: Indicator, fy: int, what: str, line: int,
               report: ParsedReport) -> list[dict]:
    try:
        bare = parse_number(paren)
    except ValueError:
        bare = None
    if bare is not None:
        label = indicator.paren_label
        if not label:
            label = "内訳"
            report.warn(line, f"指標「{indicator.name}」の{format_fy(fy)}の{what}の括弧内"
                              f"「{paren}」に項目名がないため「内訳」としました。")
        return [{"label": label, "value": json_number(bare)}]
    try:
        return parse_breakdown(paren)
    except (BreakdownError, ValueError) as exc:
        report.warn(line, f"指標「{indicator.name}」の{format_fy(fy)}の{what}の内訳「{paren}」を"
                          f"読み取れません（{exc}）。備考に残しました。")
        return [{"label": paren, "value": None}]


def _finish_indicator(indicator: Indicator, table: _Table | None, report: ParsedReport,
                      layout: Layout) -> None:
    if table is None:
        report.warn(indicator.line, f"指標「{indicator.name}」の目標・実績の表が見つかりません。"
                                    "指標名だけを読みました。")
        return
    if table.actuals is None:
        report.warn(table.line, f"指標「{indicator.name}」の表に実績の行がありません。")
    if table.targets is None and not indicator.reference:
        report.warn(table.line, f"指標「{indicator.name}」の表に目標の行がありません"
                                f"（{layout.reference_mark}】の指標なら名前に"
                                f"{layout.reference_mark}】と書かれます）。")
    units = {u for u in (table.target_unit, table.actual_unit) if u}
    if len(units) > 1:
        report.warn(table.line, f"指標「{indicator.name}」の目標と実績の単位が異なります"
                                f"（{'・'.join(sorted(units))}）。目標の単位を使います。")
    indicator.unit = (table.target_unit or table.actual_unit or "").strip()
    for index, fy in enumerate(table.years):
        indicator.values.append(_year_value(indicator, table, index, fy, report, layout))
    for cells, line in ((table.targets, table.target_line), (table.actuals, table.actual_line)):
        if cells is not None and len(cells) > len(table.years):
            report.warn(line, f"指標「{indicator.name}」の表の値が年度の列より多くあります"
                                    f"（{len(cells)}個）。余分な値を読み飛ばしました。")


def _year_value(indicator: Indicator, table: _Table, index: int, fy: int,
                report: ParsedReport, layout: Layout) -> Value:
    """One fiscal year's column of the table: target, actual, status, breakdowns, comment."""
    value = Value(fiscal_year=fy)
    for what, cells, line in (("目標", table.targets, table.target_line),
                              ("実績", table.actuals, table.actual_line)):
        if cells is None:
            continue
        if index >= len(cells):
            report.warn(line, f"指標「{indicator.name}」の{format_fy(fy)}の{what}が"
                              "ありません。空欄として読みました。")
            continue
        number, status, breakdown = _parse_cell(cells[index], indicator, fy, what,
                                                line, report, layout)
        if what == "目標":
            value.target, value.target_breakdown = number, breakdown
        else:
            value.actual, value.status, value.breakdown = number, status, breakdown
    value.comment = _comment(indicator, value)
    if indicator.reference and value.target is not None:
        report.warn(table.line, f"参考指標「{indicator.name}」に目標があります。"
                                "参考指標の目標は取り込みません。")
        value.target = None
    return value


def _comment(indicator: Indicator, value: Value) -> str:
    """The indicator's note and the breakdowns that have no place of their own."""
    comments = []
    if indicator.note:
        comments.append(indicator.note)
    if value.target_breakdown:
        parts = "・".join(f"{b['label']}{_fmt(b['value'])}" for b in value.target_breakdown)
        comments.append(f"目標の内訳: {parts}")
    if value.breakdown and any(b["value"] is None for b in value.breakdown):
        comments.append("内訳: " + "・".join(b["label"] for b in value.breakdown))
        value.breakdown = []
    return "。".join(comments)[:500]


def _fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def read_indicators(lines: Numbered, report: ParsedReport, layout: Layout) -> list[Indicator]:
    """The indicators of a sheet, each with its values per fiscal year."""
    reading = _Indicators(report, layout)
    for number, raw in _unwrapped(lines):
        text = raw.strip()
        if text:
            reading.line(number, raw, text)
    reading.close()
    return reading.found


def _open_brackets(text: str) -> int:
    folded = normalize_ascii(text)
    return folded.count("(") - folded.count(")")


def _unwrapped(lines: Numbered) -> Numbered:
    """A table row whose breakdown a PDF's text wrapped onto the next lines (a bracket left
    open): joined again, up to 4 lines on."""
    out: Numbered = []
    index = 0
    while index < len(lines):
        number, raw = lines[index]
        last = min(index + 5, len(lines))
        index += 1
        while (_open_brackets(raw) > 0 and "\t" not in raw and index < last
               and lines[index][1].strip()):
            raw = raw.rstrip() + lines[index][1].strip()
            index += 1
        out.append((number, raw))
    return out


class _Indicators:
    """A name line (then description lines), the FY header, the target and actual rows."""

    def __init__(self, report: ParsedReport, layout: Layout):
        self.report, self.layout = report, layout
        self.found: list[Indicator] = []
        self.current: Indicator | None = None
        self.table: _Table | None = None

    def close(self) -> None:
        if self.current is not None:
            _finish_indicator(self.current, self.table, self.report, self.layout)
            self.found.append(self.current)
        self.current, self.table = None, None

    def line(self, number: int, raw: str, text: str) -> None:
        years = fy_header(text)
        if years:
            self._header(number, years)
            return
        row = self.layout.indicator_row.match(normalize_ascii(raw)) if self.table is not None else None
        if row and self.current is not None and self.table is not None:
            self._row(number, row)
            return
        if self.table is not None:
            self.close()
        if self.current is None:
            name, reference, note, label = _clean_indicator_name(text, self.layout)
            if not name:
                self.report.warn(number, f"「{text}」を指標名として読み取れません。")
                return
            self.current = Indicator(name=name[:200], line=number, reference=reference,
                                     note=note, paren_label=label)
        else:
            description = text.strip("（）() ")
            self.current.description = (self.current.description + " " + description).strip()

    def _header(self, number: int, years: list[int]) -> None:
        if self.current is None:
            self.report.warn(number, "指標名のない目標・実績の表があります。「（指標名なし）」として読みました。")
            self.current = Indicator(name="（指標名なし）", line=number)
        elif self.table is not None:
            self.report.warn(number, f"指標「{self.current.name}」に表が2つあります。"
                                     "2つ目を別の指標として読みました。")
            name = self.current.name
            self.close()
            self.current = Indicator(name=name, line=number)
        self.table = _Table(years=years, line=number)

    def _row(self, number: int, row) -> None:
        current, table = self.current, self.table
        values, leftover = _split_values(row.group("rest"), self.layout)
        if leftover:
            self.report.warn(number, f"指標「{current.name}」の表の「{leftover[:30]}」を値として読み取れません。")
        unit = (row.group("unit") or "").strip()
        if row.group("ref"):
            current.reference = True
        if row.group("label").startswith(self.layout.target_word):
            table.targets, table.target_unit, table.target_line = values, unit, number
        else:
            table.actuals, table.actual_unit, table.actual_line = values, unit, number
