"""A project sheet: its title (group, position mark, project), its parts under their
printed headings, each part handed to its reader (narrative, indicator table, opinions,
responses); then, once all are read, the group scopes of Check and the sheets' articles."""

from __future__ import annotations

from shisaku.lib.era import format_fy
from shisaku.lib.textnorm import normalize_ascii

from . import names, registry  # noqa: F401  (names resolves first)
from .indicators import read_indicators
from .layout import Layout
from .lines import Numbered, fold, fy_header, fy_in, mostly_latin
from .model import Sheet
from .narrative import narrative, plain
from .opinions import check_numbering, read_items

Sections = dict[str, Numbered]


def split_title(layout: Layout, title: str) -> tuple[str | None, int | None, str]:
    """(group, position, project) of a sheet's title line."""
    match = layout.sheet_title.match(title)
    if match and match.group("group").strip():
        position = layout.position_marks.find(match.group("pos")) + 1
        return (match.group("group").strip(), position or None, match.group("name").strip())
    return None, None, title.strip()


def _group_alone(reading, start: int, end: int) -> int | None:
    """The project's line when the sheet opens with its group's name alone (segment)."""
    following = reading.next_nonblank(start)
    if following is None or following >= end or reading.headings[start][0] is not None \
            or reading.headings[following][0] is not None:
        return None
    if reading.group_line_before(following) == start:
        return following
    return None


def _part_kind(reading, kind, match, current, raw, number) -> tuple[str | None, dict]:
    """The part a heading opens here (None: not a heading here) and what it tells."""
    if kind == "issues" and current not in ("program", "results", "issues"):
        return None, {}
    if kind == "results" and current not in ("program", "results", "issues", "do"):
        return None, {}
    fy = reading.report.fiscal_year
    if kind == "do_year":
        seen = fy_in(match.group("fy")) if match else None
        if fy and seen and seen != fy:
            reading.warn(number, f"「{raw.strip()}」は{format_fy(fy)}の報告書の見出しと"
                                 "年度が合いません。")
        return "do", {}
    if kind in ("next_plan", "action") and match and match.groupdict().get("fy"):
        seen = fy_in(match.group("fy"))
        if fy and seen and seen != fy + 1:
            reading.warn(number, f"「{raw.strip()}」の年度が{format_fy(fy + 1)}では"
                                 "ありません。")
    elif kind == "program" and match:
        return kind, {"program": match.group("name"),
                      "program_period": match.group("rest").strip("〔〕[]() ")}
    return kind, {}


def _sections(reading, start: int, end: int, title: str) -> tuple[Sections, dict]:
    """The sheet's lines by part, and the program's name and period."""
    sections: Sections = {}
    program = {"program": "", "program_period": ""}
    current: str | None = None
    for index in range(start + 1, end):
        raw = reading.lines[index]
        kind, match = reading.headings[index]
        number = index + 1
        if kind:
            kind, told = _part_kind(reading, kind, match, current, raw, number)
        if kind:
            program.update(told)
            current = kind
            sections.setdefault(kind, [])
            continue
        if current is None:
            if raw.strip():
                reading.warn(number, f"「{title}」の見出しより前の行「{raw.strip()[:40]}」を"
                                     "読み飛ばしました。")
            continue
        sections[current].append((number, raw))
    return sections, program


@registry.section("sheet")
def read_sheet(reading, start: int, end: int) -> None:
    layout = reading.layout
    title = reading.lines[start].strip()
    first = start  # the title's line (the line after a group's own line)
    group_alone = _group_alone(reading, start, end)
    if group_alone is not None:
        first = group_alone
        project_line = reading.lines[first].strip()
        group, position, name = title, None, project_line
        title = f"{title} {project_line}"
    else:
        group, position, name = split_title(layout, title)
    sections, program = _sections(reading, first, end, title)
    if name == layout.procurement_title or fold(name) in {
            fold(t) for t in (layout.procurement_title, *layout.procurement_headings)}:
        registry.SECTIONS["procurement"](reading, start, sections)
        return
    sheet = Sheet(heading=title, project=name[:200], line=start + 1, group=group,
                  position=position, end_line=end)
    if len(name) > 200 or (group and len(group) > 100):
        reading.warn(start + 1, f"事業名「{title[:40]}…」が長すぎるため切り詰めました。")
        sheet.group = group[:100] if group else None
    _read_parts(reading, sheet, sections, name)
    sheet.program, sheet.program_period = program["program"], program["program_period"]
    for n, text in sheet.captions:
        if mostly_latin(text):
            reading.warn(n, f"画像の説明と思われる文「{text[:40]}…」を読み飛ばしました。")
    if not any(getattr(sheet, f) for f in Sheet.TEXTS) and not sheet.indicators:
        reading.warn(start + 1, f"「{title}」には本文がありません。")
    reading.report.sheets.append(sheet)


def _read_parts(reading, sheet: Sheet, sections: Sections, name: str) -> None:
    report, captions = reading.report, sheet.captions

    def text(kind: str, mode: str, label: str, lines: Numbered | None = None) -> str:
        lines = sections.get(kind, []) if lines is None else lines
        return narrative(lines, mode, f"{name} {label}", report, captions)

    references = reference_blocks(reading.layout, sections)
    sheet.goal = plain(sections.get("goal", []))
    sheet.plan = text("plan", "bullets", "事業計画")
    sheet.activities = text("activities", "bullets", "主な取組")
    sheet.indicators = read_indicators(references + sections.get("indicators", []), report,
                                       reading.layout)
    sheet.indicator_notes = text("notes", "notes", "補足事項")
    sheet.do_text = text("do", "do", "事業の実施状況",
                         sections.get("do", []) + sections.get("program", []))
    sheet.program_results = text("results", "bullets", "主な実績・成果")
    sheet.program_issues = text("issues", "bullets", "課題")
    sheet.opinions = read_items(sections.get("check", []), "検証意見", report)
    sheet.responses = read_items(sections.get("action", []), "対応", report)
    sheet.next_plan = text("next_plan", "bullets", "実施計画")
    if sheet.opinions or sheet.responses:
        check_numbering(sheet.opinions, sheet.responses, f"「{name}」", report)
    if "group_check" in sections or "group_action" in sections:
        sheet.group_opinions = read_items(sections.get("group_check", []), "検証意見", report)
        sheet.group_responses = read_items(sections.get("group_action", []), "対応", report)
        check_numbering(sheet.group_opinions, sheet.group_responses,
                        f"「{sheet.group or name}」", report)


def reference_blocks(layout: Layout, sections: Sections) -> Numbered:
    """【参考：…】 tables printed outside the indicators part (e.g. under 主な取組)."""
    taken: Numbered = []
    for kind in ("activities", "plan", "notes", "do"):
        lines = sections.get(kind)
        if lines:
            sections[kind] = _take_references(layout, lines, taken)
    return taken


def _take_references(layout: Layout, lines: Numbered, taken: Numbered) -> Numbered:
    keep = []
    index = 0
    while index < len(lines):
        number, raw = lines[index]
        if raw.strip().startswith(layout.reference_mark):
            j = index + 1
            while j < len(lines) and not lines[j][1].strip():
                j += 1
            if j < len(lines) and fy_header(lines[j][1].strip()):
                block = [(number, raw), lines[j]]
                j += 1
                while j < len(lines) and layout.indicator_row.match(normalize_ascii(lines[j][1])) \
                        and lines[j][1].strip():
                    block.append(lines[j])
                    j += 1
                taken.extend(block)
                index = j
                continue
        keep.append((number, raw))
        index += 1
    return keep


@registry.after
def group_scopes(reading) -> None:
    """A Check printed after the last of several sheets of one group is the group's, unless
    the layout prints a group's Check under a heading naming the group (then a Check
    without the name is always the sheet's)."""
    named = any(kind == "group_check" for _pattern, kind in reading.layout.heading_patterns)
    run: list[Sheet] = []
    for sheet in reading.report.sheets:
        if run and (not sheet.group or sheet.group != run[-1].group):
            run = []
        run.append(sheet)
        if sheet.opinions or sheet.responses:
            grouped = sheet.group and len(run) > 1 and not named
            sheet.opinion_scope = "group" if grouped else "sheet"
            run = []


@registry.after
def articles_of_sheets(reading) -> None:
    report = reading.report
    listed = {fold(p.name): p for p in report.verified_projects}
    seen: dict[str, int] = {}
    for sheet in report.sheets:
        entry = listed.get(fold(sheet.project))
        if entry is not None:
            sheet.article = entry.article
            if sheet.group is None and entry.group:
                sheet.group = entry.group
        key = fold(sheet.project)
        if key in seen:
            reading.warn(sheet.line, f"「{sheet.project}」のシートが2つあります（{seen[key]}行目と"
                                     f"{sheet.line}行目）。2つ目を読み飛ばします。")
        seen.setdefault(key, sheet.line)
    sheets = {fold(s.project) for s in report.sheets}
    for project in report.verified_projects:
        if fold(project.name) not in sheets:
            reading.warn(project.line, f"検証対象事業「{project.name}」のシートがこのファイルに"
                                       "ありません（抜粋の可能性があります）。")
