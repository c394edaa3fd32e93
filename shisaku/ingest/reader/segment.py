"""Finding the sections: the headings of every line, the project sheets (a title line
followed by the goal or plan heading), the report's regions; each section is then handed
to the reader registered for its kind (``registry``)."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable

from shisaku.lib.cleantext import spaced
from shisaku.lib.era import parse_date, parse_fy

from . import registry
from .layout import Layout
from .lines import fy_in, key
from .model import ParsedReport

MAX_LINE_CHARS = 20_000

Progress = Callable[[int, int], None]
Heading = tuple[str | None, re.Match | None]

_BULLET_START = re.compile(r"^(?:[-‐－・･◆●■•◦‣○〇◯※【<＜(（]|[①-⑳])")


def heading(layout: Layout, line: str) -> Heading:
    """The part a heading line opens (and the pattern's match), or (None, None)."""
    compact = key(line)
    if not compact or len(compact) > 60:
        return None, None
    kind = layout.headings.get(compact)
    if kind:
        return kind, None
    for pattern, kind in layout.heading_patterns:
        match = pattern.match(compact)
        if match:
            return kind, match
    return None, None


def title_candidate(layout: Layout, raw: str) -> bool:
    text = raw.strip()
    if not text or len(text) > 120 or "\t" in text or text.startswith("<"):
        return False
    if _BULLET_START.match(text) and text[0] not in layout.position_marks:
        return False
    return not text.endswith(("。", "、"))


def without_page_lines(layout: Layout, lines: list[str]) -> list[str]:
    """The lines without what a typeset edition prints on every page (``page_lines``) and
    the blank lines that separate its pages: a paragraph cut by a page break reads as one.
    Line numbers then count the lines kept."""
    if not layout.page_lines:
        return lines
    furniture = [any(p.fullmatch(line.strip()) for p in layout.page_lines) for line in lines]
    for index, line in enumerate(lines):
        if furniture[index] or line.strip():
            continue
        before = index > 0 and furniture[index - 1]
        after = index + 1 < len(lines) and furniture[index + 1]
        furniture[index] = before or after
    return [line for line, dropped in zip(lines, furniture, strict=True) if not dropped]


class Reading:
    """One report being read: its lines, their headings, the layout and the result."""

    def __init__(self, text: str, fiscal_year: int | None, layout: Layout,
                 progress: Progress | None):
        self.text = text
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
        text = text.replace("\x0c", "\n")
        text = spaced(text)  # the city's own text: any other control character becomes a space
        self.lines = without_page_lines(
            layout, ["" if len(line) > MAX_LINE_CHARS and not line.strip() else line
                     for line in text.split("\n")])
        # 1-based line numbers as the file shows them
        self.report = ParsedReport(fiscal_year=fiscal_year, lines=len(self.lines))
        self.layout = layout
        self.progress = progress
        self.headings: list[Heading] = []

    def warn(self, line: int, message: str) -> None:
        self.report.warn(line, message)

    def next_nonblank(self, index: int) -> int | None:
        for j in range(index + 1, min(index + 8, len(self.lines))):
            if self.lines[j].strip():
                return j
        return None

    def run(self) -> ParsedReport:
        lines = self.lines
        total = len(lines)
        for index, raw in enumerate(lines):
            if len(raw) > MAX_LINE_CHARS:
                self.warn(index + 1, f"{MAX_LINE_CHARS:,}字を超える行のため、先頭だけを読みました。")
                lines[index] = raw[:MAX_LINE_CHARS]
            self.headings.append(heading(self.layout, lines[index]) if lines[index].strip()
                                 else (None, None))
            if self.progress and index % 500 == 0:
                self.progress(index // 2, total)
        self._detect_fiscal_year()
        titles = self._sheet_titles()
        boundaries = self._boundaries()
        sheet_ranges, other_lines = _segments(total, titles, boundaries)
        self._ends_inside(sheet_ranges, boundaries)
        for start, end in sheet_ranges:
            registry.SECTIONS["sheet"](self, start, end)
            if self.progress:
                self.progress(total // 2 + (end * total // 2) // max(total, 1), total)
        self._regions(other_lines)
        for after in registry.AFTER:
            after(self)
        if self.progress:
            self.progress(total, total)
        return self.report

    def _ends_inside(self, sheet_ranges, boundaries) -> None:
        lines = self.lines
        last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), None)
        if last is None:
            return
        title = next((lines[a].strip() for a, b in sheet_ranges if a <= last < b), None)
        if title:
            self.report.ends_inside = f"事業シート「{title[:40]}」"
            return
        starts = [(b, k) for b, k in boundaries if b <= last]
        if starts and max(starts)[1] == "other":
            self.report.ends_inside = "その他の事業"

    def _detect_fiscal_year(self) -> None:
        report = self.report
        for index, raw in enumerate(self.lines[:40]):
            text = raw.strip()
            if text:
                self._cover_line(index, text)
        candidates: Counter[int] = Counter()
        for kind, match in self.headings:
            if kind == "do_year" and match:
                fy = fy_in(match.group("fy"))
                if fy:
                    candidates[fy] += 1
        if report.detected_fiscal_year is None and candidates:
            report.detected_fiscal_year = candidates.most_common(1)[0][0]
        if report.fiscal_year is None:
            report.fiscal_year = report.detected_fiscal_year

    def _cover_line(self, index: int, text: str) -> None:
        """The title, the ordinance's name, the fiscal year and the month of issue."""
        report, layout = self.report, self.layout
        if report.title == "" and layout.title_word in text:
            report.title = text
        match = layout.ordinance_name.search(text)
        if match and not report.ordinance:
            report.ordinance = match.group(1)
        try:
            fy = parse_fy(text)
        except ValueError:
            fy = None
        if fy is not None and report.detected_fiscal_year is None and index < 20:
            report.detected_fiscal_year = fy
        if layout.published.fullmatch(key(text)):
            try:
                day = parse_date(key(text).removesuffix(layout.issue_word))
                report.published = report.published or f"{day.year}-{day.month:02d}"
            except ValueError:
                pass

    def _sheet_titles(self) -> list[int]:
        titles = []
        last_heading: str | None = None
        for index, raw in enumerate(self.lines):
            kind = self.headings[index][0]
            if kind:
                last_heading = kind
                continue
            if not title_candidate(self.layout, raw):
                continue
            j = self.next_nonblank(index)
            if j is None:
                continue
            following = self.headings[j][0]
            if following == "goal" or (following == "plan" and last_heading != "goal"):
                titles.append(self._group_line(index))
                last_heading = None
        return titles

    def group_line_before(self, index: int) -> int | None:
        """The line of a group's name printed alone just above a title without a mark."""
        layout = self.layout
        if layout.sheet_title.match(self.lines[index].strip()):
            return None
        for j in range(index - 1, max(index - 3, -1), -1):
            raw = self.lines[j]
            if not raw.strip():
                continue
            if (self.headings[j][0] is None and title_candidate(layout, raw)
                    and layout.group_heading.fullmatch(key(raw))):
                return j
            return None
        return None

    def _group_line(self, index: int) -> int:
        before = self.group_line_before(index)
        return index if before is None else before

    def _boundaries(self) -> list[tuple[int, str]]:
        found = []
        for index, raw in enumerate(self.lines):
            text = raw.strip()
            if not text or "\t" in raw.strip("\t "):
                continue
            kind = self._region_at(index, raw, text)
            if kind:
                found.append((index, kind))
        return found

    def _region_at(self, index: int, raw: str, text: str) -> str | None:
        layout = self.layout
        compact = key(text)
        if compact == layout.other_projects_title or (
                layout.other_projects_heading and layout.other_projects_heading.fullmatch(compact)):
            j = self.next_nonblank(index)
            if j is None or layout.list_header_word not in key(self.lines[j]):
                return "other"
            return None
        if layout.appendix.match(compact):
            return "appendix"
        match = layout.region_heading.match(text)
        if match and "。" not in text and "\t" not in raw:
            for word, kind in layout.region_titles:
                if word in match.group("title"):
                    return kind
        return None

    def _regions(self, other: dict[str, list[int]]) -> None:
        for region, indexes in other.items():
            reader = registry.REGIONS.get(region)
            if reader is not None:
                indexes = reader(self, indexes)
                if indexes is None:
                    continue
            prose = [i for i in indexes if self.lines[i].strip()]
            if prose:
                self._skipped(region, prose)

    def _skipped(self, region: str, prose: list[int]) -> None:
        label = self.layout.region_labels.get(region, region)
        first, last = prose[0] + 1, prose[-1] + 1
        if region == "statistics":
            reason = "統計は「統計」の画面・import-stats で登録します"
        elif region == "appendix":  # the ordinance: read apart (ordinance/parse.py)
            reason = "条例は条・項・号の構成として別に読み取ります。文章としては取り込みません"
        elif region in ("front", "intro"):
            reason = "取込みの対象外です"
        else:
            reason = "説明文の保存先はありません"
        self.warn(first, f"「{label}」の{len(prose)}行（{first}～{last}行）を読み飛ばしました"
                         f"（{reason}）。")


def _segments(total: int, titles: list[int], boundaries: list[tuple[int, str]]
              ) -> tuple[list[tuple[int, int]], dict[str, list[int]]]:
    """Sheets [title, next boundary) and the other lines by region."""
    stops = sorted(set(titles) | {b for b, _k in boundaries} | {total})
    region = "front"
    region_at = dict(boundaries)
    title_set = set(titles)
    sheet_ranges = []
    other_lines: dict[str, list[int]] = {}
    index = 0
    while index < total:
        if index in region_at:
            region = region_at[index]
        if index in title_set:
            end = stops[bisect.bisect_right(stops, index)]
            sheet_ranges.append((index, end))
            index = end
            continue
        other_lines.setdefault(region, []).append(index)
        index += 1
    return sheet_ranges, other_lines
