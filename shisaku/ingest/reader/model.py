"""What the reader recognises in a past report, and its JSON (``import-report --json``).

Plain dataclasses. One function, ``to_json``, serialises every one of them: fields in
their declared order (so the dataclasses are declared in the JSON's order), Decimal as
int or float, named tuples as objects. A field whose JSON differs says so in its
metadata: ``SKIP`` (kept out), or ``emit(function)``: the function gets the object and
the field's value and returns the keys to write in the field's place.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from decimal import Decimal
from typing import NamedTuple

# The report's spelling of a non-numeric actual (JSON "actual_status") and the model's code.
STATUS_WORDS = {"measured": "measured", "cancelled": "中止", "not_done": "未実施",
                "pending": "集計中"}

SKIP = {"json": None}


def emit(function: Callable[[object, object], dict]) -> dict:
    """Field metadata: the JSON keys written in the field's place."""
    return {"json": function}


def json_number(value: Decimal | None):
    """A figure in JSON: an int when it is whole, else a float; None stays None."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _items(name: str, first_only: bool) -> dict:
    """Opinions or responses: their texts, then their printed numbers."""
    singular = name[:-1]

    def write(_obj, items):
        numbers = [i.numbers[0] if first_only else i.numbers for i in items]
        return {name: [i.text for i in items], f"{singular}_numbers": numbers}
    return emit(write)


def _items_if_any(name: str, first_only: bool) -> dict:
    """As ``_items``, left out of the JSON when there are none (a layout that prints a
    group's Check under its own heading: Shisaku's report)."""
    write = _items(name, first_only)["json"]
    return emit(lambda obj, items: write(obj, items) if items else {})


def _or_none(name: str) -> dict:
    return emit(lambda _obj, value: {name: value or None})


class Caption(NamedTuple):
    """A picture's caption (or the extractor's description of it) and its line."""

    line: int
    text: str


@dataclass
class Warning:
    line: int
    message: str


@dataclass
class Value:
    fiscal_year: int
    target: Decimal | None = None
    actual: Decimal | None = None
    # the model's code: measured / cancelled / not_done / pending
    status: str = field(default="measured", metadata=emit(
        lambda _obj, status: {"actual_status": STATUS_WORDS[status], "status": status}))
    breakdown: list[dict] = field(default_factory=list)
    target_breakdown: list[dict] = field(default_factory=list)
    comment: str = ""


@dataclass(kw_only=True)
class Indicator:
    name: str
    unit: str = ""
    reference: bool = field(default=False, metadata=emit(
        lambda _obj, reference: {"kind": "reference" if reference else None}))
    description: str = ""
    note: str = ""
    line: int
    values: list[Value] = field(default_factory=list)
    # "() 内は外国人": the label of a bare number in parentheses.
    paren_label: str = field(default="", metadata=SKIP)

    def value(self, fy: int) -> Value | None:
        return next((v for v in self.values if v.fiscal_year == fy), None)


@dataclass
class Item:
    """One numbered opinion or response as printed: ``①②③…`` may cover several numbers."""

    numbers: list[int]
    text: str
    line: int


@dataclass(kw_only=True)
class Sheet:
    heading: str
    group: str | None = None
    position: int | None = None
    project: str
    article: int | None = None
    line: int
    end_line: int = 0
    goal: str = ""
    plan: str = ""
    activities: str = ""
    indicators: list[Indicator] = field(default_factory=list)
    indicator_notes: str = ""
    do_text: str = ""
    program: str = ""
    program_period: str = ""
    program_results: str = ""
    program_issues: str = ""
    opinions: list[Item] = field(default_factory=list, metadata=_items("opinions", True))
    opinion_scope: str | None = None  # "sheet" / "group" (a group's Check after its last sheet)
    responses: list[Item] = field(default_factory=list, metadata=_items("responses", False))
    next_plan: str = ""
    captions: list[Caption] = field(default_factory=list)
    # A group's Check and Action printed under headings naming the group, after the sheet's
    # own (Shisaku's report): always the group's.
    group_opinions: list[Item] = field(default_factory=list,
                                       metadata=_items_if_any("group_opinions", True))
    group_responses: list[Item] = field(default_factory=list,
                                        metadata=_items_if_any("group_responses", False))

    TEXTS = ("goal", "plan", "activities", "indicator_notes", "do_text", "program_results",
             "program_issues", "next_plan")


@dataclass(kw_only=True)
class Procurement:
    """The procurement page: plan, Do, the contract tables, Check and Action (article scope)."""

    article: int  # the layout's article of procurement (Kawasaki: art. 19)
    title: str
    line: int
    plan: str = ""
    do_text: str = ""
    contracts: list[dict] = field(default_factory=list)  # fiscal_year, category, type, count, amount
    subsidised: list[dict] = field(default_factory=list)  # fiscal_year, scope, count, amount
    evaluation_items: list[dict] = field(default_factory=list)  # name, points
    opinions: list[Item] = field(default_factory=list, metadata=_items("opinions", True))
    opinion_scope: str = "article"
    responses: list[Item] = field(default_factory=list, metadata=_items("responses", False))
    # The Do text in the page's parts (sheets.ProcurementPage), see procurement.read_parts.
    parts: dict[str, str] = field(default_factory=dict)


@dataclass(kw_only=True)
class ListedProject:
    name: str
    article: int | None
    group: str | None = None
    position: int | None = None
    mark: int | None = None  # ※N of the その他の事業 list
    pages: str = ""
    line: int


@dataclass
class LineageNote:
    mark: int
    text: str
    line: int
    kind: str = ""  # merged / renamed
    predecessors: list[str] = field(default_factory=list)
    successor: str = ""
    effective_fy: int | None = None


@dataclass
class MainOpinions:
    article: int
    measure: str
    opinions: list[str]
    line: int


@dataclass
class OtherEntry:
    """A その他の事業 row: next FY's overview | this FY's results."""

    project: str
    article: int | None
    line: int
    note: str = ""
    merged_from: str | None = None  # "※X は、令和4年度から本事業に統合"
    next_overview: str = ""
    results: str = ""
    captions: list[Caption] = field(default_factory=list)


@dataclass
class RosterMember:
    number: int
    category: str
    title: str
    name: str
    role: str  # chair / subcommittee_chair / vice_chair / member


@dataclass(kw_only=True)
class Roster:
    committee: str
    kind: str = "council"  # council / subcommittee
    as_of: str = ""  # "2022-08" (the report prints a month: 令和4年8月現在)
    line: int
    members: list[RosterMember] = field(default_factory=list)


def _source(report, kind) -> dict:
    return {"source": {"kind": kind, "encoding": report.encoding, "lines": report.lines,
                       "truncated": report.truncated}}


@dataclass(kw_only=True)
class ParsedReport:
    fiscal_year: int | None
    detected_fiscal_year: int | None = None
    title: str = ""
    # the ordinance the report is made under, from its cover
    ordinance: str = field(default="", metadata=_or_none("ordinance"))
    published: str = field(default="", metadata=_or_none("published"))  # "2022-08"
    source: str = field(default="text", metadata=emit(_source))
    sheets: list[Sheet] = field(default_factory=list)
    procurement: Procurement | None = None
    measures: dict[int, str] = field(default_factory=dict, metadata=emit(  # article → name
        lambda _obj, measures: {"measures": {str(k): v for k, v in sorted(measures.items())}}))
    main_opinions: list[MainOpinions] = field(default_factory=list)
    verified_projects: list[ListedProject] = field(default_factory=list)
    other_projects: list[ListedProject] = field(default_factory=list)
    lineage_notes: list[LineageNote] = field(default_factory=list)
    other_entries: list[OtherEntry] = field(default_factory=list)
    rosters: list[Roster] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list, metadata=emit(
        lambda _obj, warnings: {"warnings": [to_json(w) for w in
                                             sorted(warnings, key=lambda w: w.line)]}))
    encoding: str = field(default="", metadata=SKIP)
    lines: int = field(default=0, metadata=SKIP)
    truncated: bool = field(default=False, metadata=SKIP)
    # the part the last non-blank line belongs to, if a sheet or row
    ends_inside: str = field(default="", metadata=SKIP)
    # the ordinance printed as the appendix (shisaku/ordinance/parse.py), when there is one
    ordinance_text: object = field(default=None, metadata=SKIP)

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Warning(line, message))

    @property
    def sheet_count(self) -> int:
        return len(self.sheets)

    def to_json(self) -> dict:
        return to_json(self)

    def dumps(self, indent: int | None = 1) -> str:
        return json.dumps(to_json(self), ensure_ascii=False, indent=indent)

    def summary(self) -> str:
        indicators = sum(len(s.indicators) for s in self.sheets)
        opinions = sum(len(s.opinions) for s in self.sheets)
        if self.procurement:
            opinions += len(self.procurement.opinions)
        return (f"事業シート{len(self.sheets)}件（指標{indicators}件、検証意見{opinions}件）、"
                f"その他の事業{len(self.other_entries)}件、名簿{len(self.rosters)}件、"
                f"警告{len(self.warnings)}件")


def to_json(value):
    """The JSON of any recognised thing (a dataclass above, or a list or dict of them)."""
    if is_dataclass(value) and not isinstance(value, type):
        out: dict = {}
        for f in fields(value):
            item = getattr(value, f.name)
            if "json" not in f.metadata:
                out[f.name] = to_json(item)
            elif f.metadata["json"] is not None:
                out.update(f.metadata["json"](value, item))
        return out
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {k: to_json(v) for k, v in value._asdict().items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return json_number(value)
    return value
