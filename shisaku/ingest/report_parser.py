"""Past implementation-status reports (実施状況報告書) → structured data. Pure: no Django.

    report = parse_bytes(data, fiscal_year=2021)   # bytes of a .txt (UTF-8 / BOM / cp932) or .pdf
    report = parse(text, fiscal_year=2021)         # already decoded text
    report.to_json()                               # the JSON document of ``import-report --json``

The input is text extracted from the city's PDF, with its irregularities: tables come as
tab-separated lines (or, from pdfplumber, as space-separated ones), pictures leave a run of
blank lines and a caption, some tables are HTML fragments, bullets are written ``-``,
``- ・``, ``・``, ``○`` or ``◆``, digits and parentheses are full- or half-width.

What is recognised:

* every project sheet: a heading line (``工業振興関連事業 ②内陸部操業環境保全対策事業``:
  group, circled position, project) followed by 施策における目標 or 事業計画 Plan; then
  the parts under their printed headings (Plan, 主な取組, 主な成果・活動指標 with the FY
  tables, 補足事項, Do, 第N期実行プログラムの実績・成果 ①/②, Check ①…, Action ①…,
  next FY's plan). Narratives are converted to Shisaku text (``shisaku.lib.richtext``);
* the art. 19 page (受注機会の増大等) with its procurement tables;
* outside the sheets: the rosters, the list of verified / other projects per article with
  the ※ notes on FY+1 changes (lineage), the table of main opinions per article and the
  その他の事業 rows (next FY's overview | this FY's results).

Nothing is dropped silently: a line that cannot be placed becomes a warning with its line
number; parts of the report that are deliberately not imported (foreword, statistics,
the ordinance's text) are reported once per part. Picture captions are listed per sheet.
"""

from __future__ import annotations

import bisect
import html
import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from shisaku.lib import richtext
from shisaku.lib.cleantext import spaced
from shisaku.lib.era import format_fy, parse_date, parse_fy
from shisaku.lib.textnorm import normalize_ascii, normalize_digits, parse_number
from shisaku.sheets.breakdown import BreakdownError, parse_breakdown

MAX_BYTES = 5 * 1024 * 1024  # the web upload's limit; the command allows more
MAX_PDF_PAGES = 500
MAX_LINE_CHARS = 20_000

Progress = Callable[[int, int], None]

# The report's spelling of a non-numeric actual (JSON "actual_status") and the model's code.
STATUS_WORDS = {"measured": "measured", "cancelled": "中止", "not_done": "未実施",
                "pending": "集計中"}
_STATUS_BY_WORD = {"中止": "cancelled", "未実施": "not_done", "集計中": "pending"}

# Articles 12-19 (SME-promotion measures) as the report names them.
PROCUREMENT_ARTICLE = 19
PROCUREMENT_TITLE = "受注機会の増大等"


class ReportError(ValueError):
    """The file cannot be read at all; the message is Japanese and shown as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- results


@dataclass
class Warning:
    line: int
    message: str

    def to_json(self) -> dict:
        return {"line": self.line, "message": self.message}


@dataclass
class Value:
    fiscal_year: int
    target: Decimal | None = None
    actual: Decimal | None = None
    status: str = "measured"  # the model's code: measured / cancelled / not_done / pending
    breakdown: list[dict] = field(default_factory=list)
    target_breakdown: list[dict] = field(default_factory=list)
    comment: str = ""

    def to_json(self) -> dict:
        return {
            "fiscal_year": self.fiscal_year,
            "target": _num(self.target),
            "actual": _num(self.actual),
            "actual_status": STATUS_WORDS[self.status],
            "status": self.status,
            "breakdown": self.breakdown,
            "target_breakdown": self.target_breakdown,
            "comment": self.comment,
        }


@dataclass
class Indicator:
    name: str
    line: int
    unit: str = ""
    reference: bool = False
    description: str = ""
    note: str = ""
    values: list[Value] = field(default_factory=list)
    # "() 内は外国人": the label of a bare number in parentheses.
    paren_label: str = ""

    def value(self, fy: int) -> Value | None:
        return next((v for v in self.values if v.fiscal_year == fy), None)

    def to_json(self) -> dict:
        return {
            "name": self.name, "unit": self.unit,
            "kind": "reference" if self.reference else None,
            "description": self.description, "note": self.note, "line": self.line,
            "values": [v.to_json() for v in self.values],
        }


@dataclass
class Item:
    """One numbered opinion or response as printed: ``①②③…`` may cover several numbers."""

    numbers: list[int]
    text: str
    line: int


@dataclass
class Sheet:
    heading: str
    project: str
    line: int
    group: str | None = None
    position: int | None = None
    article: int | None = None
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
    opinions: list[Item] = field(default_factory=list)
    responses: list[Item] = field(default_factory=list)
    opinion_scope: str | None = None  # "sheet" / "group" (a group's Check after its last sheet)
    next_plan: str = ""
    captions: list[tuple[int, str]] = field(default_factory=list)
    end_line: int = 0

    TEXTS = ("goal", "plan", "activities", "indicator_notes", "do_text", "program_results",
             "program_issues", "next_plan")

    def to_json(self) -> dict:
        return {
            "heading": self.heading, "group": self.group, "position": self.position,
            "project": self.project, "article": self.article,
            "line": self.line, "end_line": self.end_line,
            "goal": self.goal, "plan": self.plan, "activities": self.activities,
            "indicators": [i.to_json() for i in self.indicators],
            "indicator_notes": self.indicator_notes, "do_text": self.do_text,
            "program": self.program, "program_period": self.program_period,
            "program_results": self.program_results, "program_issues": self.program_issues,
            "opinions": [o.text for o in self.opinions],
            "opinion_numbers": [o.numbers[0] for o in self.opinions],
            "opinion_scope": self.opinion_scope,
            "responses": [r.text for r in self.responses],
            "response_numbers": [r.numbers for r in self.responses],
            "next_plan": self.next_plan,
            "captions": [{"line": n, "text": t} for n, t in self.captions],
        }


@dataclass
class Procurement:
    """The art. 19 page: plan, Do, the contract tables, Check and Action (article scope)."""

    line: int
    plan: str = ""
    do_text: str = ""
    contracts: list[dict] = field(default_factory=list)  # fiscal_year, category, type, count, amount
    subsidised: list[dict] = field(default_factory=list)  # fiscal_year, scope, count, amount
    evaluation_items: list[dict] = field(default_factory=list)  # name, points
    opinions: list[Item] = field(default_factory=list)
    responses: list[Item] = field(default_factory=list)
    # The Do text in the page's parts (sheets.ProcurementPage), see `_procurement_parts`.
    parts: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "article": PROCUREMENT_ARTICLE, "title": PROCUREMENT_TITLE, "line": self.line,
            "plan": self.plan, "do_text": self.do_text,
            "contracts": self.contracts, "subsidised": self.subsidised,
            "evaluation_items": self.evaluation_items,
            "opinions": [o.text for o in self.opinions],
            "opinion_numbers": [o.numbers[0] for o in self.opinions],
            "opinion_scope": "article",
            "responses": [r.text for r in self.responses],
            "response_numbers": [r.numbers for r in self.responses],
            "parts": self.parts,
        }


@dataclass
class ListedProject:
    name: str
    article: int | None
    line: int
    group: str | None = None
    position: int | None = None
    mark: int | None = None  # ※N of the その他の事業 list
    pages: str = ""

    def to_json(self) -> dict:
        return {"name": self.name, "article": self.article, "group": self.group,
                "position": self.position, "mark": self.mark, "pages": self.pages,
                "line": self.line}


@dataclass
class LineageNote:
    mark: int
    text: str
    line: int
    kind: str = ""  # merged / renamed
    predecessors: list[str] = field(default_factory=list)
    successor: str = ""
    effective_fy: int | None = None

    def to_json(self) -> dict:
        return {"mark": self.mark, "text": self.text, "line": self.line, "kind": self.kind,
                "predecessors": self.predecessors, "successor": self.successor,
                "effective_fy": self.effective_fy}


@dataclass
class MainOpinions:
    article: int
    measure: str
    opinions: list[str]
    line: int

    def to_json(self) -> dict:
        return {"article": self.article, "measure": self.measure, "opinions": self.opinions,
                "line": self.line}


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
    captions: list[tuple[int, str]] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"project": self.project, "article": self.article, "line": self.line,
                "note": self.note, "merged_from": self.merged_from,
                "next_overview": self.next_overview, "results": self.results,
                "captions": [{"line": n, "text": t} for n, t in self.captions]}


@dataclass
class RosterMember:
    number: int
    category: str
    title: str
    name: str
    role: str  # chair / subcommittee_chair / vice_chair / member


@dataclass
class Roster:
    committee: str
    line: int
    as_of: str = ""  # "2022-08" (the report prints a month: 令和4年8月現在)
    members: list[RosterMember] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "subcommittee" if "部会" in self.committee else "council"

    def to_json(self) -> dict:
        return {"committee": self.committee, "kind": self.kind, "as_of": self.as_of,
                "line": self.line,
                "members": [m.__dict__ for m in self.members]}


@dataclass
class ParsedReport:
    fiscal_year: int | None
    detected_fiscal_year: int | None = None
    title: str = ""
    ordinance: str = ""  # the ordinance the report is made under, from its cover
    published: str = ""  # "2022-08"
    sheets: list[Sheet] = field(default_factory=list)
    procurement: Procurement | None = None
    main_opinions: list[MainOpinions] = field(default_factory=list)
    measures: dict[int, str] = field(default_factory=dict)  # article → measure name
    verified_projects: list[ListedProject] = field(default_factory=list)
    other_projects: list[ListedProject] = field(default_factory=list)
    lineage_notes: list[LineageNote] = field(default_factory=list)
    other_entries: list[OtherEntry] = field(default_factory=list)
    rosters: list[Roster] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    encoding: str = ""
    source: str = "text"
    lines: int = 0
    truncated: bool = False
    ends_inside: str = ""  # the part the last non-blank line belongs to, if a sheet or row
    # the ordinance printed as the appendix (shisaku/ordinance/parse.py), when there is one
    ordinance_text: object = None

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Warning(line, message))

    @property
    def sheet_count(self) -> int:
        return len(self.sheets)

    def to_json(self) -> dict:
        return {
            "fiscal_year": self.fiscal_year,
            "detected_fiscal_year": self.detected_fiscal_year,
            "title": self.title, "ordinance": self.ordinance or None,
            "published": self.published or None,
            "source": {"kind": self.source, "encoding": self.encoding, "lines": self.lines,
                       "truncated": self.truncated},
            "sheets": [s.to_json() for s in self.sheets],
            "procurement": self.procurement.to_json() if self.procurement else None,
            "measures": {str(k): v for k, v in sorted(self.measures.items())},
            "main_opinions": [m.to_json() for m in self.main_opinions],
            "verified_projects": [p.to_json() for p in self.verified_projects],
            "other_projects": [p.to_json() for p in self.other_projects],
            "lineage_notes": [n.to_json() for n in self.lineage_notes],
            "other_entries": [e.to_json() for e in self.other_entries],
            "rosters": [r.to_json() for r in self.rosters],
            "warnings": [w.to_json() for w in sorted(self.warnings, key=lambda w: w.line)],
        }

    def dumps(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=indent)

    def summary(self) -> str:
        indicators = sum(len(s.indicators) for s in self.sheets)
        opinions = sum(len(s.opinions) for s in self.sheets)
        if self.procurement:
            opinions += len(self.procurement.opinions)
        return (f"事業シート{len(self.sheets)}件（指標{indicators}件、検証意見{opinions}件）、"
                f"その他の事業{len(self.other_entries)}件、名簿{len(self.rosters)}件、"
                f"警告{len(self.warnings)}件")


def _num(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


# --------------------------------------------------------------------------- reading bytes


def decode(data: bytes) -> tuple[str, str, bool]:
    """(text, encoding, truncated): UTF-8 with BOM, UTF-8, UTF-16 with BOM, then cp932."""
    if not data:
        raise ReportError("ファイルが空です。")
    truncated = False
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(data.decode("utf-16")), "utf-16", False
        except UnicodeDecodeError:
            raise ReportError("UTF-16 のファイルとして読み取れません（途中で切れているか壊れています）。"
                              ) from None
    if b"\x00" in data[:200_000]:  # no text file but UTF-16 holds NUL: a zip, an image, ...
        _check_text("\x00")
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    body = data[3:] if encoding == "utf-8-sig" else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(body) - 3:
            # Cut in the middle of the last character: read what is there, and say so.
            text, truncated = body[:exc.start].decode("utf-8"), True
        elif encoding == "utf-8-sig":
            raise ReportError(
                f"BOM付きUTF-8のファイルですが、{exc.start + 4}バイト目以降をUTF-8として読み取れません。"
            ) from None
        else:
            try:
                text, encoding = data.decode("cp932"), "cp932"
            except UnicodeDecodeError:
                raise ReportError(
                    "文字コードを判定できません。UTF-8（BOM付き可）または Shift_JIS（cp932）の"
                    "テキストファイル、または PDF を指定してください。") from None
    return _check_text(text), encoding, truncated


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _check_text(text: str) -> str:
    controls = len(_CONTROL.findall(text[:200_000]))
    if "\x00" in text or controls > max(3, len(text[:200_000]) // 200):
        raise ReportError("テキストとして読み取れません（バイナリファイルの可能性があります）。"
                          "報告書から取り出したテキスト（.txt）か PDF を指定してください。")
    return text


def pdf_text(data: bytes) -> str:
    """The text of every page, through pdfplumber (which parses; it never runs anything)."""
    import pdfplumber

    from shisaku.core.uploads import UnsafeUpload, check_pdf_streams

    try:
        check_pdf_streams(data)  # a decompression bomb, before pdfminer unpacks it whole
    except UnsafeUpload as exc:
        raise ReportError(exc.message) from None
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise ReportError(f"PDFのページ数が多すぎます（{MAX_PDF_PAGES}ページまで）。")
            pages = [page.extract_text() or "" for page in pdf.pages]
    except ReportError:
        raise
    except Exception as exc:  # pdfminer raises many kinds for damaged files
        raise ReportError("PDFを読み取れません（壊れているか、途中で切れているか、"
                          "暗号化されている可能性があります）。") from exc
    text = "\n\n".join(pages)
    if not text.strip():
        raise ReportError("PDFに文字が含まれていません（画像だけのPDFは読み取れません）。")
    return text


def read_bytes(data: bytes, max_bytes: int | None = MAX_BYTES) -> tuple[str, str, str, bool]:
    """(text, source kind "text"/"pdf", encoding, truncated) of an uploaded file."""
    if max_bytes is not None and len(data) > max_bytes:
        raise ReportError(f"ファイルが大きすぎます（上限 {max_bytes // (1024 * 1024)}MB）。")
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return pdf_text(data), "pdf", "", False
    text, encoding, truncated = decode(data)
    return text, "text", encoding, truncated


def parse_bytes(data: bytes, fiscal_year: int | None = None, *,
                max_bytes: int | None = MAX_BYTES, progress: Progress | None = None
                ) -> ParsedReport:
    text, kind, encoding, truncated = read_bytes(data, max_bytes)
    return parse_read(text, fiscal_year, kind, encoding, truncated, progress=progress)


def parse_read(text: str, fiscal_year: int | None, kind: str = "text", encoding: str = "",
               truncated: bool = False, *, progress: Progress | None = None) -> ParsedReport:
    """Parse what ``read_bytes`` returned, and tell whether the file was cut short.

    A text file cut at a random byte ends without a line break, inside a sheet or a row of
    その他の事業; such a file is marked ``truncated`` (the importer refuses it).
    """
    report = parse(text, fiscal_year, progress=progress)
    report.source, report.encoding = kind, encoding
    if truncated:
        report.truncated = True
        report.warn(report.lines, "ファイルの末尾が文字の途中で切れています。")
    elif kind == "text" and text.strip() and not text.endswith(("\n", "\r")) and report.ends_inside:
        report.truncated = True
        report.warn(report.lines, f"ファイルが{report.ends_inside}の途中（{report.lines}行目）で"
                                  "終わっています。途中で切れている可能性があります。")
    return report


# --------------------------------------------------------------------------- line helpers

_WS = re.compile(r"\s+")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CIRCLED_SET = frozenset(_CIRCLED)


def _mark(n: int) -> str:
    """①…⑳ as printed; numbers past ⑳ (a renumbering gap) read as (21)."""
    return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else f"({n})"
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _mostly_latin(text: str) -> bool:
    """A picture described in English by the extractor ("The screenshot shows …")."""
    letters = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return len(text) > 40 and letters > len(text) // 2


def _key(text: str) -> str:
    """Width-folded, without any whitespace: how headings are compared."""
    return _WS.sub("", normalize_ascii(text))


def _fold(text: str) -> str:
    """NFKC, for matching names written with either width (（ ）, spaces, ・)."""
    return _WS.sub("", unicodedata.normalize("NFKC", text or ""))


def _circled(ch: str) -> int | None:
    index = _CIRCLED.find(ch)
    return index + 1 if index >= 0 else None


_FY_TOKEN = (r"(?:令和|平成|昭和|R|H|S)(?:元|\d{1,2})(?:\(\d{4}\))?年度"
             r"|\d{4}年度|(?:令和|平成|R|H)(?:元|\d{1,2})\(\d{4}\)")
_FY_TOKEN_RE = re.compile(_FY_TOKEN)
_FY_HEADER_RE = re.compile(rf"(?:{_FY_TOKEN})+")


def _fy_header(line: str) -> list[int] | None:
    """The fiscal years of an indicator table's header row (R2 (2020) 年度	R3 (2021) 年度)."""
    compact = _key(line).upper()
    if not compact or not _FY_HEADER_RE.fullmatch(compact):
        return None
    years = []
    for token in _FY_TOKEN_RE.findall(compact):
        try:
            years.append(parse_fy(token if token.endswith("年度") else token + "年度"))
        except ValueError:
            return None
    return years


def _fy_in(text: str) -> int | None:
    match = _FY_TOKEN_RE.search(_key(text).upper())
    if not match:
        return None
    token = match.group(0)
    try:
        return parse_fy(token if token.endswith("年度") else token + "年度")
    except ValueError:
        return None


# Headings of a sheet's parts (compared on _key).
_FIXED_HEADINGS = {
    "施策における目標": "goal",
    "事業計画Plan": "plan", "事業計画(Plan)": "plan", "事業計画": "plan",
    "主な取組": "activities", "主な取り組み": "activities",
    "主な成果・活動指標": "indicators", "成果・活動指標": "indicators",
    "主な成果指標": "indicators", "主な活動指標": "indicators",
    "主な成果・活動指標に関する補足事項": "notes", "補足事項": "notes",
    "事業の実施状況Do": "do", "事業の実施状況(Do)": "do", "事業の実施状況": "do",
    "主な検証意見Check": "check", "主な検証意見(Check)": "check", "主な検証意見": "check",
    "①主な実績・成果": "results", "主な実績・成果": "results",
    "②課題": "issues",
}
_PATTERN_HEADINGS = [
    (re.compile(r"^(?P<fy>.{2,20}?年度)の実績$"), "do_year"),
    (re.compile(r"^(?P<name>第\d+期実行プログラム)の実績・成果(?P<rest>.*)$"), "program"),
    (re.compile(r"^(?P<fy>.{2,20}?年度)以降の対応(?:Action|\(Action\))?$"), "action"),
    (re.compile(r"^対応(?:Action|\(Action\))$"), "action"),
    (re.compile(r"^(?P<fy>.{2,20}?年度)の実施計画$"), "next_plan"),
]


def _heading(line: str) -> tuple[str | None, re.Match | None]:
    key = _key(line)
    if not key or len(key) > 60:
        return None, None
    kind = _FIXED_HEADINGS.get(key)
    if kind:
        return kind, None
    for pattern, kind in _PATTERN_HEADINGS:
        match = pattern.match(key)
        if match:
            return kind, match
    return None, None


_TITLE_RE = re.compile(r"^(?P<group>\S.*?)\s*(?P<pos>[①-⑳])\s*(?P<name>\S.*)$")
_BULLET_START = re.compile(r"^(?:[-‐－・･◆●■•◦‣○〇◯※【<＜(（]|[①-⑳])")


def _title_candidate(raw: str) -> bool:
    text = raw.strip()
    if not text or len(text) > 120 or "\t" in text or text.startswith("<"):
        return False
    if _BULLET_START.match(text) and not _circled(text[0]):
        return False
    return not text.endswith(("。", "、"))


def _split_title(title: str) -> tuple[str | None, int | None, str]:
    match = _TITLE_RE.match(title)
    if match and match.group("group").strip():
        return (match.group("group").strip(), _circled(match.group("pos")),
                match.group("name").strip())
    return None, None, title.strip()


# --------------------------------------------------------------------------- narratives

_ITEM_BULLET = re.compile(r"^[-‐－]\s*[・･]\s*(?P<text>.*)$")
_DASH_BULLET = re.compile(r"^[-‐－](?:\s+|(?=[①-⑳]))(?P<text>.*)$")
_DOT_BULLET = re.compile(r"^[・･●■•◦‣]\s*(?P<text>.*)$")
_DIAMOND = re.compile(r"^◆\s*(?P<text>.*)$")
_CIRCLE = re.compile(r"^[○〇◯]\s*(?P<text>.*)$")


@dataclass
class _Line:
    kind: str  # bullet / numbered / heading / note / table / text
    level: int
    text: str
    cells: list[str] = field(default_factory=list)


def _classify(raw: str, mode: str) -> _Line:
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
    for pattern in (_ITEM_BULLET, _DASH_BULLET, _DOT_BULLET):
        match = pattern.match(core)
        if match:
            return _Line("bullet", level, match.group("text").strip())
    match = _DIAMOND.match(core)
    if match:
        return _Line("bullet", level, match.group("text").strip())
    match = _CIRCLE.match(core)
    if match:
        return _Line("heading" if mode == "do" else "bullet", level, match.group("text").strip())
    if _circled(core[:1]):
        return _Line("numbered", level, core)
    if core.startswith("※"):
        return _Line("note", level, core)
    return _Line("text", level, core)


def _safe(text: str) -> str:
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
            out.append(f"○ {_safe(block.text)}" if block.text else "○")
        elif block.kind == "bullet":
            nested = block.level == 2 and previous is not None and previous.kind == "bullet"
            out.append(("  - " if nested else "- ") + _safe(block.text))
        elif block.kind == "numbered":
            nested = block.level == 2 and previous is not None and previous.kind == "numbered"
            out.append(("  " if nested else "") + _safe(block.text))
        elif block.kind == "table":
            width = min(max(len(r) for r in block.rows), richtext.MAX_TABLE_COLUMNS)
            rows = []
            for row in block.rows[: richtext.MAX_TABLE_ROWS - 1]:
                row = list(row)
                if len(row) > width:
                    row = row[: width - 1] + [" ".join(c for c in row[width - 1:] if c)]
                rows.append(row + [""] * (width - len(row)))
            if flat_tables or width < 2:
                out.extend(_safe(" / ".join(c for c in row if c)) for row in rows)
            else:
                for index, row in enumerate(rows):
                    out.append("|" + "|".join(_cell(c) for c in row) + "|")
                    if index == 0 and len(rows) > 1:
                        out.append("|" + "|".join("---" for _ in row) + "|")
        else:  # text, note
            out.append(_safe(block.text))
        previous = block
    return "\n".join(out).strip("\n")


def _finish_text(blocks: list[_Block], label: str, line: int, report: ParsedReport) -> str:
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


def _paragraph_length(lines: list[tuple[int, str]], index: int) -> int:
    total = 0
    for _n, raw in lines[index:]:
        if not raw.strip():
            break
        total += len(raw.strip())
    return total


def _narrative(lines: list[tuple[int, str]], mode: str, label: str, report: ParsedReport,
               captions: list[tuple[int, str]]) -> str:
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
        line = _classify(raw, mode)
        if in_caption and gap == 0 and line.kind != "table":
            captions.append((number, raw.strip()))
            continue
        is_caption = False
        following = next((raw2 for n2, raw2 in lines[index + 1: index + 3]
                          if n2 <= number + 2 and raw2.strip()), None)
        next_is_table = following is not None and _classify(following, mode).kind == "table"
        if line.kind == "text" and blocks and not next_is_table:
            has_bullets = any(b.kind in ("bullet", "numbered") for b in blocks)
            if mode == "bullets" and gap >= 1 and has_bullets:
                is_caption = True
            elif gap >= 3 and _paragraph_length(lines, index) <= 60:
                is_caption = True
        if is_caption:
            captions.append((number, raw.strip()))
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
    return _finish_text(blocks, label, first_line, report)


def _plain(lines: list[tuple[int, str]]) -> str:
    return "\n".join(_safe(raw.strip()) for _n, raw in lines if raw.strip())


# --------------------------------------------------------------------------- indicators

_ROW_RE = re.compile(
    r"^\s*(?P<ref>【参考】)?\s*(?P<label>目標値?|実績値?)\s*(?:\((?P<unit>[^()]{0,10})\))?"
    r"(?P<rest>(?:\s.*)?)$")
_VALUE_TOKEN = re.compile(
    r"中止|未実施|集計中|(?<!\S)[-－―ー](?!\S)"
    r"|[△▲-]?\d[\d,]*(?:\.\d+)?\s*%?(?:\s*\([^()]*(?:\([^()]*\)[^()]*)*\))?")
_NUMBER_CELL = re.compile(
    r"^(?P<num>[△▲-]?\d[\d,]*(?:\.\d+)?)\s*%?\s*(?:\((?P<paren>.*)\))?$")
_PAREN_LABEL = re.compile(r"\s*\(\s*\)\s*内は(?P<label>[^\s※]+)")
_REFERENCE_NAME = re.compile(r"^【参考[:：]?\s*(?P<inner>[^】]*)】\s*(?P<after>.*)$")


def _clean_indicator_name(text: str) -> tuple[str, bool, str, str]:
    """(name, reference, note, paren_label) of an indicator's title line."""
    text = text.strip()
    for pattern in (_ITEM_BULLET, _DASH_BULLET, _DOT_BULLET, _DIAMOND, _CIRCLE):
        match = pattern.match(text)
        if match:
            text = match.group("text").strip()
            break
    reference = False
    match = _REFERENCE_NAME.match(text)
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


def _split_values(rest: str) -> tuple[list[str], str]:
    rest = rest.lstrip(" \u3000")
    if rest.startswith("\t"):
        rest = rest[1:]  # the one separator after the row's label
    if "\t" in rest:
        cells = [c.strip() for c in rest.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        return cells, ""
    folded = normalize_digits(rest)
    cells = [m.group(0).strip() for m in _VALUE_TOKEN.finditer(folded)]
    return cells, _VALUE_TOKEN.sub(" ", folded).strip()


def _parse_cell(text: str, indicator: Indicator, fy: int, what: str, line: int,
                report: ParsedReport) -> tuple[Decimal | None, str, list[dict]]:
    """(number, status, breakdown) of one table cell."""
    cell = normalize_ascii(text).strip()
    if cell in ("", "-", "－", "―", "ー", "—"):
        return None, "measured", []
    for word, status in _STATUS_BY_WORD.items():
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
        return [{"label": label, "value": _num(bare)}]
    try:
        return parse_breakdown(paren)
    except (BreakdownError, ValueError) as exc:
        report.warn(line, f"指標「{indicator.name}」の{format_fy(fy)}の{what}の内訳「{paren}」を"
                          f"読み取れません（{exc}）。備考に残しました。")
        return [{"label": paren, "value": None}]


def _finish_indicator(indicator: Indicator, table: _Table | None, report: ParsedReport) -> None:
    if table is None:
        report.warn(indicator.line, f"指標「{indicator.name}」の目標・実績の表が見つかりません。"
                                    "指標名だけを読みました。")
        return
    if table.actuals is None:
        report.warn(table.line, f"指標「{indicator.name}」の表に実績の行がありません。")
    if table.targets is None and not indicator.reference:
        report.warn(table.line, f"指標「{indicator.name}」の表に目標の行がありません"
                                "（【参考】の指標なら名前に【参考】と書かれます）。")
    units = {u for u in (table.target_unit, table.actual_unit) if u}
    if len(units) > 1:
        report.warn(table.line, f"指標「{indicator.name}」の目標と実績の単位が異なります"
                                f"（{'・'.join(sorted(units))}）。目標の単位を使います。")
    indicator.unit = (table.target_unit or table.actual_unit or "").strip()
    for index, fy in enumerate(table.years):
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
                                                    line, report)
            if what == "目標":
                value.target, value.target_breakdown = number, breakdown
            else:
                value.actual, value.status, value.breakdown = number, status, breakdown
        comments = []
        if indicator.note:
            comments.append(indicator.note)
        if value.target_breakdown:
            parts = "・".join(f"{b['label']}{_fmt(b['value'])}" for b in value.target_breakdown)
            comments.append(f"目標の内訳: {parts}")
        if value.breakdown and any(b["value"] is None for b in value.breakdown):
            comments.append("内訳: " + "・".join(b["label"] for b in value.breakdown))
            value.breakdown = []
        value.comment = "。".join(comments)[:500]
        if indicator.reference and value.target is not None:
            report.warn(table.line, f"参考指標「{indicator.name}」に目標があります。"
                                    "参考指標の目標は取り込みません。")
            value.target = None
        indicator.values.append(value)
    for cells, line in ((table.targets, table.target_line), (table.actuals, table.actual_line)):
        if cells is not None and len(cells) > len(table.years):
            report.warn(line, f"指標「{indicator.name}」の表の値が年度の列より多くあります"
                                    f"（{len(cells)}個）。余分な値を読み飛ばしました。")


def _fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _indicators(lines: list[tuple[int, str]], report: ParsedReport) -> list[Indicator]:
    found: list[Indicator] = []
    current: Indicator | None = None
    table: _Table | None = None

    def close():
        nonlocal current, table
        if current is not None:
            _finish_indicator(current, table, report)
            found.append(current)
        current, table = None, None

    for number, raw in lines:
        text = raw.strip()
        if not text:
            continue
        years = _fy_header(text)
        if years:
            if current is None:
                report.warn(number, "指標名のない目標・実績の表があります。「（指標名なし）」として読みました。")
                current = Indicator(name="（指標名なし）", line=number)
            elif table is not None:
                report.warn(number, f"指標「{current.name}」に表が2つあります。2つ目を別の指標として読みました。")
                name = current.name
                close()
                current = Indicator(name=name, line=number)
            table = _Table(years=years, line=number)
            continue
        row = _ROW_RE.match(normalize_ascii(raw)) if table is not None else None
        if row and current is not None and table is not None:
            values, leftover = _split_values(row.group("rest"))
            if leftover:
                report.warn(number, f"指標「{current.name}」の表の「{leftover[:30]}」を値として読み取れません。")
            unit = (row.group("unit") or "").strip()
            if row.group("ref"):
                current.reference = True
            if row.group("label").startswith("目標"):
                table.targets, table.target_unit, table.target_line = values, unit, number
            else:
                table.actuals, table.actual_unit, table.actual_line = values, unit, number
            continue
        if table is not None:
            close()
        if current is None:
            name, reference, note, label = _clean_indicator_name(text)
            if not name:
                report.warn(number, f"「{text}」を指標名として読み取れません。")
                continue
            current = Indicator(name=name[:200], line=number, reference=reference, note=note,
                                paren_label=label)
        else:
            description = text.strip("（）() ")
            current.description = (current.description + " " + description).strip()
    close()
    return found


# --------------------------------------------------------------------------- opinions

_ITEM_RE = re.compile(
    r"^(?:[-‐－・･•]\s*)?(?P<nums>[①-⑳](?:\s*[～〜~\-－、・,]?\s*[①-⑳])*)\s*(?P<text>.*)$")


def _numbers(spec: str) -> list[int]:
    numbers: list[int] = []
    pending_range = False
    for ch in spec:
        n = _circled(ch)
        if n is None:
            if ch in "～〜~-－":
                pending_range = True
            continue
        if pending_range and numbers:
            numbers.extend(range(numbers[-1] + 1, n + 1))
        else:
            numbers.append(n)
        pending_range = False
    return numbers


def _items(lines: list[tuple[int, str]], what: str, report: ParsedReport) -> list[Item]:
    items: list[Item] = []
    for number, raw in lines:
        text = raw.strip()
        if not text:
            continue
        match = _ITEM_RE.match(text)
        if match:
            items.append(Item(_numbers(match.group("nums")), match.group("text").strip(), number))
            continue
        bullet = _DASH_BULLET.match(text) or _DOT_BULLET.match(text)
        if bullet or not items:
            following = (max(n for i in items for n in i.numbers) + 1) if items else 1
            report.warn(number, f"{what}の行に番号（①…）がありません。{following}番目の{what}として"
                                "読みました。")
            items.append(Item([following], (bullet.group("text") if bullet else text).strip(),
                              number))
            continue
        items[-1].text = _join(items[-1].text, text)
    return [i for i in items if i.text or i.numbers]


def _join(left: str, right: str) -> str:
    if not left:
        return right
    wide = unicodedata.east_asian_width(left[-1]) in "WFH" or (
        right and unicodedata.east_asian_width(right[0]) in "WFH")
    return left + ("\n" if left.endswith("。") else "" if wide else " ") + right


def _check_numbering(opinions: list[Item], responses: list[Item], where: str,
                     report: ParsedReport) -> None:
    seen: set[int] = set()
    expected = 1
    for item in opinions:
        n = item.numbers[0]
        if len(item.numbers) > 1:
            report.warn(item.line, f"{where}の検証意見に番号が複数あります。最初の番号だけを使います。")
        if n in seen:
            report.warn(item.line, f"{where}の検証意見{_mark(n)}が重複しています。")
        elif n != expected:
            report.warn(item.line, f"{where}の検証意見の番号が{_mark(expected)}ではなく"
                                   f"{_mark(n)}から続いています（印刷どおりに登録します）。")
        seen.add(n)
        expected = n + 1
    answered = {n for r in responses for n in r.numbers}
    for item in opinions:
        if item.numbers[0] not in answered:
            report.warn(item.line, f"{where}の検証意見{_mark(item.numbers[0])}に"
                                   "対応（Action）がありません。")
    for item in responses:
        extra = [n for n in item.numbers if n not in seen]
        if extra:
            report.warn(item.line, f"{where}の対応{''.join(_mark(n) for n in extra)}に"
                                   "当たる検証意見がありません。")


# --------------------------------------------------------------------------- the parser


_REGION_TITLES = (
    ("はじめに", "intro"), ("市内産業の現状", "statistics"), ("検証体制", "system"),
    ("実施状況", "status"),
)
_REGION_LABELS = {
    "front": "表紙・目次", "intro": "1 はじめに", "statistics": "2 市内産業の現状",
    "system": "3 検証体制", "status": "4 実施状況（事業シートの前）",
    "appendix": "（参考）条例の本文・奥付",
}
_REGION_RE = re.compile(r"^(?P<n>[1-9])\s+(?P<title>\S.{0,58})$")
_APPENDIX_RE = re.compile(r"^[(（]参考[)）].*条例")
_ARTICLE_ROW = re.compile(r"^(?P<n>\d{1,2})\s*条$")
_OTHER_ARTICLE = re.compile(r"^(?P<n>\d{1,2})\s*条\s+(?P<measure>\S.*)$")
_PAGES = re.compile(r"^\d+(?:\s*[-－~～]\s*\d+)?$")
_MARK = re.compile(r"[(（]\s*※\s*(?P<n>\d+)\s*[)）]")
_ROSTER_TITLE = re.compile(r"「(?P<name>[^」]+)」委員名簿\s*[（(](?P<asof>[^）)]*?)現在[）)]")
_LINEAGE_NOTE = re.compile(r"^[-‐－・]?\s*※\s*(?P<n>\d+)\s*(?P<text>\S.*)$")
_ROLE_MARKS = (("部会長", "subcommittee_chair"), ("副会長", "vice_chair"), ("会長", "chair"))


class _Parser:
    def __init__(self, text: str, fiscal_year: int | None, progress: Progress | None):
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
        text = text.replace("\x0c", "\n")
        text = spaced(text)  # the city's own text: any other control character becomes a space
        self.lines = ["" if len(line) > MAX_LINE_CHARS and not line.strip() else line
                      for line in text.split("\n")]
        # 1-based line numbers as the file shows them
        self.report = ParsedReport(fiscal_year=fiscal_year, lines=len(self.lines))
        self.progress = progress
        self.headings: list[tuple[str | None, re.Match | None]] = []

    def warn(self, line: int, message: str) -> None:
        self.report.warn(line, message)

    # -- pass 1: headings, sheet titles, regions

    def run(self) -> ParsedReport:
        lines = self.lines
        total = len(lines)
        for index, raw in enumerate(lines):
            if len(raw) > MAX_LINE_CHARS:
                self.warn(index + 1, f"{MAX_LINE_CHARS:,}字を超える行のため、先頭だけを読みました。")
                lines[index] = raw[:MAX_LINE_CHARS]
            self.headings.append(_heading(lines[index]) if lines[index].strip() else (None, None))
            if self.progress and index % 500 == 0:
                self.progress(index // 2, total)
        self._detect_fiscal_year()
        titles = self._sheet_titles()
        boundaries = self._boundaries()
        # Segments: sheets [title, next boundary) and the rest by region.
        stops = sorted(set(titles) | {b for b, _k in boundaries} | {total})
        region = "front"
        region_at = {b: k for b, k in boundaries}
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
        last = next((i for i in range(total - 1, -1, -1) if lines[i].strip()), None)
        if last is not None:
            heading = next((lines[a].strip() for a, b in sheet_ranges if a <= last < b), None)
            if heading:
                self.report.ends_inside = f"事業シート「{heading[:40]}」"
            else:
                starts = [(b, k) for b, k in boundaries if b <= last]
                if starts and max(starts)[1] == "other":
                    self.report.ends_inside = "その他の事業"
        for start, end in sheet_ranges:
            self._sheet(start, end)
            if self.progress:
                self.progress(total // 2 + (end * total // 2) // max(total, 1), total)
        self._regions(other_lines)
        self._scopes()
        self._articles_of_sheets()
        if self.progress:
            self.progress(total, total)
        return self.report

    def _detect_fiscal_year(self) -> None:
        report = self.report
        candidates: Counter[int] = Counter()
        for index, raw in enumerate(self.lines[:40]):
            text = raw.strip()
            if not text:
                continue
            if report.title == "" and "報告書" in text:
                report.title = text
            match = re.search(r"「([^「」]{4,80}条例)」", text)
            if match and not report.ordinance:
                report.ordinance = match.group(1)
            try:
                fy = parse_fy(text)
            except ValueError:
                fy = None
            if fy is not None and report.detected_fiscal_year is None and index < 20:
                report.detected_fiscal_year = fy
            if re.fullmatch(r"(令和|平成)\s*(元|\d+)\s*年\s*\d+\s*月(発行)?", _key(text)):
                try:
                    day = parse_date(_key(text).removesuffix("発行"))
                    report.published = report.published or f"{day.year}-{day.month:02d}"
                except ValueError:
                    pass
        for kind, match in self.headings:
            if kind == "do_year" and match:
                fy = _fy_in(match.group("fy"))
                if fy:
                    candidates[fy] += 1
        if report.detected_fiscal_year is None and candidates:
            report.detected_fiscal_year = candidates.most_common(1)[0][0]
        if report.fiscal_year is None:
            report.fiscal_year = report.detected_fiscal_year

    def _next_nonblank(self, index: int) -> int | None:
        for j in range(index + 1, min(index + 8, len(self.lines))):
            if self.lines[j].strip():
                return j
        return None

    def _sheet_titles(self) -> list[int]:
        titles = []
        last_heading: str | None = None
        for index, raw in enumerate(self.lines):
            kind = self.headings[index][0]
            if kind:
                last_heading = kind
                continue
            if not _title_candidate(raw):
                continue
            j = self._next_nonblank(index)
            if j is None:
                continue
            following = self.headings[j][0]
            if following == "goal" or (following == "plan" and last_heading != "goal"):
                titles.append(index)
                last_heading = None
        return titles

    def _boundaries(self) -> list[tuple[int, str]]:
        found = []
        for index, raw in enumerate(self.lines):
            text = raw.strip()
            if not text or "\t" in raw.strip("\t "):
                continue
            key = _key(text)
            if key == "その他の事業":
                j = self._next_nonblank(index)
                if j is None or "事務事業名" not in _key(self.lines[j]):
                    found.append((index, "other"))
                continue
            if _APPENDIX_RE.match(key):
                found.append((index, "appendix"))
                continue
            match = _REGION_RE.match(text)
            if match and "。" not in text and "\t" not in raw:
                for word, kind in _REGION_TITLES:
                    if word in match.group("title"):
                        found.append((index, kind))
                        break
        return found

    # -- sheets

    def _sheet(self, start: int, end: int) -> None:
        lines = self.lines
        title = lines[start].strip()
        group, position, name = _split_title(title)
        fy = self.report.fiscal_year
        sections: dict[str, list[tuple[int, str]]] = {}
        current: str | None = None
        program_name = program_period = ""
        for index in range(start + 1, end):
            raw = lines[index]
            kind, match = self.headings[index]
            number = index + 1
            if kind == "issues" and current not in ("program", "results", "issues"):
                kind = None
            if kind == "results" and current not in ("program", "results", "issues", "do"):
                kind = None
            if kind:
                if kind == "do_year":
                    seen = _fy_in(match.group("fy")) if match else None
                    if fy and seen and seen != fy:
                        self.warn(number, f"「{raw.strip()}」は{format_fy(fy)}の報告書の見出しと"
                                          "年度が合いません。")
                    kind = "do"
                elif kind in ("next_plan", "action") and match and match.groupdict().get("fy"):
                    seen = _fy_in(match.group("fy"))
                    if fy and seen and seen != fy + 1:
                        self.warn(number, f"「{raw.strip()}」の年度が{format_fy(fy + 1)}では"
                                          "ありません。")
                elif kind == "program" and match:
                    program_name = match.group("name")
                    program_period = match.group("rest").strip("〔〕[]() ")
                current = kind
                sections.setdefault(kind, [])
                continue
            if current is None:
                if raw.strip():
                    self.warn(number, f"「{title}」の見出しより前の行「{raw.strip()[:40]}」を"
                                      "読み飛ばしました。")
                continue
            sections[current].append((number, raw))
        if name == PROCUREMENT_TITLE or _fold(name) == _fold(PROCUREMENT_TITLE):
            self._procurement(start, end, sections)
            return
        sheet = Sheet(heading=title, project=name[:200], line=start + 1, group=group,
                      position=position, end_line=end)
        if len(name) > 200 or (group and len(group) > 100):
            self.warn(start + 1, f"事業名「{title[:40]}…」が長すぎるため切り詰めました。")
            sheet.group = group[:100] if group else None
        references = self._reference_blocks(sections)
        sheet.goal = _plain(sections.get("goal", []))
        sheet.plan = _narrative(sections.get("plan", []), "bullets", f"{name} 事業計画",
                                self.report, sheet.captions)
        sheet.activities = _narrative(sections.get("activities", []), "bullets",
                                      f"{name} 主な取組", self.report, sheet.captions)
        sheet.indicators = _indicators(references + sections.get("indicators", []), self.report)
        sheet.indicator_notes = _narrative(sections.get("notes", []), "notes",
                                           f"{name} 補足事項", self.report, sheet.captions)
        sheet.do_text = _narrative(sections.get("do", []) + sections.get("program", []), "do",
                                   f"{name} 事業の実施状況", self.report, sheet.captions)
        sheet.program, sheet.program_period = program_name, program_period
        sheet.program_results = _narrative(sections.get("results", []), "bullets",
                                           f"{name} 主な実績・成果", self.report, sheet.captions)
        sheet.program_issues = _narrative(sections.get("issues", []), "bullets",
                                          f"{name} 課題", self.report, sheet.captions)
        sheet.opinions = _items(sections.get("check", []), "検証意見", self.report)
        sheet.responses = _items(sections.get("action", []), "対応", self.report)
        sheet.next_plan = _narrative(sections.get("next_plan", []), "bullets",
                                     f"{name} 実施計画", self.report, sheet.captions)
        if sheet.opinions or sheet.responses:
            _check_numbering(sheet.opinions, sheet.responses, f"「{name}」", self.report)
        for n, text in sheet.captions:
            if _mostly_latin(text):
                self.warn(n, f"画像の説明と思われる文「{text[:40]}…」を読み飛ばしました。")
        if not any(getattr(sheet, f) for f in Sheet.TEXTS) and not sheet.indicators:
            self.warn(start + 1, f"「{title}」には本文がありません。")
        self.report.sheets.append(sheet)

    def _reference_blocks(self, sections: dict[str, list[tuple[int, str]]]
                          ) -> list[tuple[int, str]]:
        """【参考：…】 tables printed outside the indicators part (e.g. under 主な取組)."""
        taken: list[tuple[int, str]] = []
        for kind in ("activities", "plan", "notes", "do"):
            lines = sections.get(kind)
            if not lines:
                continue
            keep = []
            index = 0
            while index < len(lines):
                number, raw = lines[index]
                if raw.strip().startswith("【参考"):
                    j = index + 1
                    while j < len(lines) and not lines[j][1].strip():
                        j += 1
                    if j < len(lines) and _fy_header(lines[j][1].strip()):
                        block = [(number, raw), lines[j]]
                        j += 1
                        while j < len(lines) and _ROW_RE.match(normalize_ascii(lines[j][1])) \
                                and lines[j][1].strip():
                            block.append(lines[j])
                            j += 1
                        taken.extend(block)
                        index = j
                        continue
                keep.append((number, raw))
                index += 1
            sections[kind] = keep
        return taken

    def _procurement(self, start: int, end: int, sections) -> None:
        proc = Procurement(line=start + 1)
        if self.report.procurement is not None:
            self.warn(start + 1, "「受注機会の増大等」が2回あります。2つ目を読み飛ばしました。")
            return
        captions: list[tuple[int, str]] = []
        proc.plan = _narrative(sections.get("plan", []), "bullets", "受注機会の増大等 事業計画",
                               self.report, captions)
        do_lines = self._procurement_tables(proc, sections.get("do", []))
        proc.do_text = _narrative(do_lines, "do", "受注機会の増大等 事業の実施状況", self.report,
                                  captions)
        self._procurement_parts(proc, sections.get("do", []), captions)
        proc.opinions = _items(sections.get("check", []), "検証意見", self.report)
        proc.responses = _items(sections.get("action", []), "対応", self.report)
        _check_numbering(proc.opinions, proc.responses, "「受注機会の増大等」", self.report)
        for kind in ("goal", "activities", "indicators", "notes", "results", "issues",
                     "next_plan"):
            for number, raw in sections.get(kind, []):
                if raw.strip():
                    self.warn(number, f"「受注機会の増大等」の行「{raw.strip()[:40]}」を読み飛ばしました。")
        self.report.procurement = proc

    def _procurement_tables(self, proc: Procurement, lines: list[tuple[int, str]]):
        """Take the contract tables out of the Do lines; return the rest."""
        rest: list[tuple[int, str]] = []
        index = 0
        while index < len(lines):
            number, raw = lines[index]
            key = _key(raw)
            kind = None
            if "規模等・種別契約実績" in key:
                kind = "contracts"
            elif "優先発注契約実績" in key:
                kind = "subsidised"
            elif key.startswith("【") and "主観評価項目】" in key:
                kind = "evaluation"
            if kind is None:
                rest.append((number, raw))
                index += 1
                continue
            j = index + 1
            block: list[tuple[int, str]] = []
            # Rows are the tab lines from the title on; prose between title and table
            # (the subsidised table's explanation) stays in the text.
            while j < len(lines):
                n2, r2 = lines[j]
                if "\t" in r2.strip("\n"):
                    block.append((n2, r2))
                elif r2.strip() and block:
                    break
                elif r2.strip():
                    rest.append((n2, r2))
                j += 1
            if kind == "contracts":
                self._contracts(proc, block, number)
            elif kind == "subsidised":
                self._subsidised(proc, block, number)
            else:
                self._evaluation(proc, block)
            index = j
        return rest

    def _contracts(self, proc: Procurement, rows: list[tuple[int, str]], title_line: int) -> None:
        from_key = {"物品": "goods", "工事": "works", "委託": "services", "合計": "total"}
        order = ["goods", "works", "services", "total"]
        fy = None
        totals: dict[tuple[int, str], tuple[int, int]] = {}
        for number, raw in rows:
            cells = [c.strip() for c in raw.rstrip("\n").split("\t")]
            keys = [_key(c) for c in cells]
            if any(k in from_key for k in keys):
                order = [from_key[k] for k in keys if k in from_key]
                continue
            if any(k in ("契約件数", "割合") for k in keys):
                continue
            label_fy = _fy_in(cells[0]) if cells and cells[0] else None
            if label_fy:
                fy = label_fy
            label = keys[1] if len(keys) > 1 else ""
            numbers = cells[2:]
            category = None
            if "大企業" in label:
                category = "large"
            elif "中小企業" in label:
                category = "sme"
            elif "その他" in label:
                category = "other"
            elif "市外" in label:
                category = "outside"
            elif "合計" in label:
                category = "total"
            if fy is None or category is None:
                self.warn(number, f"契約実績の表の行「{raw.strip()[:40]}」を読み取れません。")
                continue
            values = []
            try:
                for position in range(len(order)):
                    count = parse_number(numbers[position * 4])
                    amount = parse_number(numbers[position * 4 + 2])
                    values.append((order[position], int(count), int(amount)))
            except (ValueError, IndexError):
                self.warn(number, f"契約実績の表の行「{raw.strip()[:40]}」の数値を読み取れません。")
                continue
            for contract_type, count, amount in values:
                if category == "total" or contract_type == "total":
                    totals[(fy, f"{category}/{contract_type}")] = (count, amount)
                    continue
                proc.contracts.append({"fiscal_year": fy, "category": category,
                                       "contract_type": contract_type, "count": count,
                                       "amount": amount, "line": number})
            self._check_shares(number, numbers, order, category, fy)
        # Printed totals are derived figures: check them, do not keep them.
        for (fy, what), (count, amount) in totals.items():
            category, contract_type = what.split("/")
            rows_ = [r for r in proc.contracts if r["fiscal_year"] == fy
                     and (category == "total" or r["category"] == category)
                     and (contract_type == "total" or r["contract_type"] == contract_type)]
            if rows_ and (sum(r["count"] for r in rows_) != count
                          or sum(r["amount"] for r in rows_) != amount):
                self.warn(title_line, f"契約実績の表の{format_fy(fy)}の合計（{count:,}件・{amount:,}百万円）が"
                                      f"内訳の和（{sum(r['count'] for r in rows_):,}件・"
                                      f"{sum(r['amount'] for r in rows_):,}百万円）と合いません。")

    def _check_shares(self, number: int, cells: list[str], order: list[str], category: str,
                      fy: int) -> None:
        # Shares are recomputed by the statistics pages; a printed share that is not the
        # count's share of its column total is worth a warning (seen: 90.33% for 9.67%).
        self._share_rows = getattr(self, "_share_rows", {})
        self._share_rows.setdefault(fy, {})[category] = (number, cells, order)
        rows = self._share_rows[fy]
        if "total" not in rows or len(rows) < 5:
            return
        _n, total_cells, _o = rows["total"]
        for cat, (line, row_cells, row_order) in rows.items():
            if cat == "total":
                continue
            for position, contract_type in enumerate(row_order):
                for offset, what in ((0, "件数"), (2, "金額")):
                    try:
                        value = parse_number(row_cells[position * 4 + offset])
                        total = parse_number(total_cells[position * 4 + offset])
                        printed = parse_number(row_cells[position * 4 + offset + 1].rstrip("%％"))
                    except (ValueError, IndexError):
                        continue
                    if total and abs(value * 100 / total - printed) > Decimal("0.1"):
                        self.warn(line, f"契約実績の表の{format_fy(fy)}「{_LABELS.get(cat, cat)}」"
                                        f"{_LABELS.get(contract_type, contract_type)}の{what}の"
                                        f"割合が{printed}%と印刷されていますが、計算では"
                                        f"{(value * 100 / total).quantize(Decimal('0.01'))}%です"
                                        "（割合は保存せず計算し直します）。")

    def _subsidised(self, proc: Procurement, rows: list[tuple[int, str]], title_line: int) -> None:
        fy = None
        for number, raw in rows:
            cells = [c.strip() for c in raw.rstrip("\n").split("\t")]
            label_fy = _fy_in(cells[0]) if cells and cells[0] else None
            if label_fy:
                fy = label_fy
            label = _key(cells[1]) if len(cells) > 1 else ""
            if not label or "契約件数" in _key(raw) or label == "割合":
                continue
            scope = "local_sme" if "中小企業" in label else "all" if "全体" in label else None
            if fy is None or scope is None:
                if any(c for c in cells):
                    self.warn(number, f"補助金等交付事業の発注実績の行「{raw.strip()[:40]}」を読み取れません。")
                continue
            try:
                count, amount = parse_number(cells[2]), parse_number(cells[4])
            except (ValueError, IndexError):
                self.warn(number, f"補助金等交付事業の発注実績の行「{raw.strip()[:40]}」の数値を読み取れません。")
                continue
            proc.subsidised.append({"fiscal_year": fy, "scope": scope, "count": int(count),
                                    "amount": int(amount), "line": number})

    def _evaluation(self, proc: Procurement, rows: list[tuple[int, str]]) -> None:
        for number, raw in rows:
            cells = [c.strip() for c in raw.split("\t") if c.strip()]
            points = next((c for c in cells if re.fullmatch(r"\d+点", _key(c))), None)
            names = [c for c in cells if c != points and not re.fullmatch(r"\d+点.*", _key(c))
                     and _key(c) not in ("主観評価項目名", "主観点", "最大", "事業者申請項目")]
            if points and names:
                proc.evaluation_items.append({"name": names[-1], "points": points, "line": number})
                _evaluation_extras(proc.evaluation_items[-1], cells,
                                   proc.evaluation_items[-2] if len(proc.evaluation_items) > 1
                                   else None)

    def _procurement_parts(self, proc: Procurement, lines: list[tuple[int, str]],
                           captions: list[tuple[int, str]]) -> None:
        """The Do text cut at the page's tables into the parts of sheets.ProcurementPage."""
        parts: dict[str, list[tuple[int, str]]] = {}
        current, table, seen_rows = "rule_changes", None, False
        for number, raw in lines:
            key = _key(raw)
            kind = _procurement_part_kind(key)
            if kind is not None:
                if kind == "evaluation":
                    proc.parts["evaluation_title"] = _safe(key.strip("【】"))[:100]
                current, table, seen_rows = _PART_AFTER[kind], kind, False
                continue
            if "\t" in raw.strip("\n"):
                seen_rows = True  # a table row (read by _procurement_tables)
                continue
            if key == "【参考】" or (key.startswith("【") and key.endswith("入札契約制度の見直し】")):
                continue  # headings the page prints itself
            part = "subsidised_intro" if table == "subsidised" and not seen_rows else current
            parts.setdefault(part, []).append((number, raw))
        for name, part_lines in parts.items():
            text = _narrative(part_lines, "do", f"受注機会の増大等 {name}", self.report, captions)
            if text.strip():
                proc.parts[name] = text

    # -- outside the sheets

    def _regions(self, other: dict[str, list[int]]) -> None:
        for region, indexes in other.items():
            if region == "system":
                indexes = self._rosters(indexes)
            elif region == "status":
                indexes = self._status_tables(indexes)
            elif region == "other":
                self._other_entries(indexes)
                continue
            elif region == "front":
                indexes = [i for i in indexes if self.lines[i].strip()]
            prose = [i for i in indexes if self.lines[i].strip()]
            if not prose:
                continue
            label = _REGION_LABELS.get(region, region)
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

    def _rosters(self, indexes: list[int]) -> list[int]:
        rest = []
        roster: Roster | None = None
        category = ""
        for index in indexes:
            raw = self.lines[index]
            text = raw.strip()
            match = _ROSTER_TITLE.search(_WS.sub("", text))
            if match:
                roster = Roster(committee=match.group("name"), line=index + 1)
                try:
                    day = parse_date(match.group("asof"))
                    roster.as_of = f"{day.year}-{day.month:02d}"
                except ValueError:
                    self.warn(index + 1, f"名簿の基準日「{match.group('asof')}」を読み取れません。")
                self.report.rosters.append(roster)
                category = ""
                continue
            if roster is not None and "\t" in raw.strip("\n "):
                cells = [c.strip() for c in raw.split("\t")]
                if "氏名" in _key(raw):
                    continue
                member = self._roster_row(cells, category)
                if member is None:
                    self.warn(index + 1, f"名簿の行「{text[:40]}」を読み取れません。")
                    continue
                category = member.category
                roster.members.append(member)
                continue
            if roster is not None and text and roster.members:
                roster = None
            rest.append(index)
        for r in self.report.rosters:
            if not r.members:
                self.warn(r.line, f"「{r.committee}」の名簿に委員の行がありません。")
        return rest

    def _roster_row(self, cells: list[str], category: str) -> RosterMember | None:
        number_at = next((i for i, c in enumerate(cells) if re.fullmatch(r"\d{1,3}", _key(c))),
                         None)
        if number_at is None or number_at + 2 >= len(cells):
            return None
        before = [c for c in cells[:number_at] if c]
        if before:
            category = _key(before[-1])
        title, name = cells[number_at + 1], cells[number_at + 2]
        if not title or not name:
            return None
        role = "member"
        folded = normalize_ascii(title)
        for word, code in _ROLE_MARKS:
            mark = re.search(rf"\(\s*{word}\s*\)\s*$", folded)
            if mark:
                role = code
                title = title[: len(title) - (len(folded) - mark.start())].strip()
                break
        return RosterMember(number=int(_key(cells[number_at])), category=category or "",
                            title=title[:200], name=_WS.sub(" ", name)[:100], role=role)

    def _status_tables(self, indexes: list[int]) -> list[int]:
        """Section 4 before the sheets: lists of projects, ※ notes, main opinions table."""
        rest: list[int] = []
        mode = None
        article = None
        listing: list[ListedProject] | None = None
        effective_fy = None
        for index in indexes:
            raw = self.lines[index]
            text = raw.strip()
            key = _key(text)
            number = index + 1
            if not text:
                if mode in ("main", "list"):
                    mode = None
                rest.append(index)
                continue
            if key == "検証対象事業":
                listing, article, mode = self.report.verified_projects, None, "list_title"
                continue
            if key == "その他の事業":
                listing, article, mode = self.report.other_projects, None, "list_title"
                continue
            if mode == "list_title" and "事務事業名" in key:
                mode = "list"
                continue
            if key.startswith("条文") and "主な検証意見" in key:
                mode = "main"
                continue
            if mode == "list" and listing is not None:
                article = self._list_row(raw, article, listing, number)
                continue
            if mode == "main":
                self._main_row(raw, number)
                continue
            if key == "<参考>" or key == "＜参考＞":
                mode = "notes"
                continue
            if mode == "notes":
                if effective_fy is None:
                    effective_fy = _fy_in(text)
                match = _LINEAGE_NOTE.match(text)
                if match:
                    self.report.lineage_notes.append(
                        LineageNote(mark=int(match.group("n")), text=match.group("text").strip(),
                                    line=number))
                    continue
                if text.startswith(("川崎市総合計画", "における位置付け")) or "計画期間" in text \
                        or "位置付け" in text:
                    continue
                mode = None
            rest.append(index)
        self._resolve_lineage(effective_fy)
        return rest

    def _list_row(self, raw: str, article: int | None, listing: list[ListedProject],
                  number: int) -> int | None:
        cells = [c.strip() for c in raw.split("\t")]
        names = []
        pages = ""
        for cell in cells:
            if not cell:
                continue
            key = _key(cell)
            match = _ARTICLE_ROW.match(key)
            if match:
                article = int(match.group("n"))
                continue
            if _PAGES.match(key):
                pages = key
                continue
            if any(cell == m for m in self.report.measures.values()) or cell in _MEASURE_WORDS:
                if article is not None:
                    self.report.measures.setdefault(article, cell)
                continue
            names.append(cell)
        if not names:
            return article
        joined = " ".join(names)
        if listing is self.report.verified_projects and (
                joined.startswith(PROCUREMENT_TITLE) or "※本市の調達" in joined):
            return article
        parts = [p for p in _WS.split(joined) if p]
        entries: list[ListedProject] = []
        group = None
        if listing is self.report.verified_projects and len(parts) >= 2:
            group, members = parts[0], parts[1:]
            for position, part in enumerate(members, start=1):
                own = article
                match = re.search(r"[(（](\d{1,2})条[)）]$", part)
                if match:
                    own, part = int(match.group(1)), part[: match.start()]
                entries.append(ListedProject(name=part, article=own, line=number, group=group,
                                             position=position if len(members) > 1 else None,
                                             pages=pages))
        else:
            for part in (parts if listing is self.report.verified_projects else [joined]):
                mark = None
                match = _MARK.search(part)
                if match:
                    mark = int(match.group("n"))
                    part = (part[: match.start()] + part[match.end():]).strip()
                entries.append(ListedProject(name=part, article=article, line=number, mark=mark,
                                             pages=pages))
        listing.extend(entries)
        return article

    def _main_row(self, raw: str, number: int) -> None:
        cells = [c.strip() for c in raw.split("\t")]
        match = _ARTICLE_ROW.match(_key(cells[0])) if cells else None
        if not match or len(cells) < 3:
            self.warn(number, f"条文ごとの主な検証意見の行「{raw.strip()[:40]}」を読み取れません。")
            return
        article = int(match.group("n"))
        measure = cells[1]
        self.report.measures.setdefault(article, measure)
        body = "\t".join(cells[2:])
        paragraphs = re.findall(r"<p[^>]*>(.*?)</p>", body, flags=re.S | re.I)
        if not paragraphs:
            paragraphs = [body]
        opinions = [_strip_html(p) for p in paragraphs]
        self.report.main_opinions.append(
            MainOpinions(article=article, measure=measure,
                         opinions=[o for o in opinions if o], line=number))

    def _resolve_lineage(self, effective_fy: int | None) -> None:
        fy = self.report.fiscal_year
        by_mark = {p.mark: p for p in self.report.other_projects if p.mark}
        for note in self.report.lineage_notes:
            note.effective_fy = effective_fy or (fy + 1 if fy else None)
            marked = by_mark.get(note.mark)
            if marked is None:
                self.warn(note.line, f"※{note.mark}の付いた事業が一覧にありません。")
                continue
            text = note.text
            match = re.match(r"^(?P<other>.+?)と統合の上、事務事業名を(?P<succ>.+?)に変更$", text)
            if match:
                note.kind = "merged"
                note.predecessors = [marked.name, match.group("other").strip()]
                note.successor = match.group("succ").strip()
                continue
            match = re.match(r"^(?P<succ>.+?)に統合$", text)
            if match:
                note.kind, note.predecessors = "merged", [marked.name]
                note.successor = match.group("succ").strip()
                continue
            match = re.match(r"^(?:事務事業名を)?(?P<succ>.+?)に(?:名称)?変更$", text)
            if match:
                note.kind, note.predecessors = "renamed", [marked.name]
                note.successor = match.group("succ").strip()
                continue
            self.warn(note.line, f"※{note.mark}「{text}」を事業の変遷として読み取れません。")

    # -- その他の事業

    def _other_entries(self, indexes: list[int]) -> None:
        lines = self.lines
        article: int | None = None
        entry: OtherEntry | None = None
        column = None  # "left" / "right" in text layout, "cells" after a two-column header
        left: list[str] = []
        right: list[str] = []
        gap = 0
        caption_mode = False
        first = True

        def close():
            nonlocal entry, left, right
            if entry is None:
                return
            label = f"その他の事業「{entry.project}」"
            overview = _html_narrative(left, f"{label} 次年度の概要", entry.line, self.report)
            results = _html_narrative(right, f"{label} 実績", entry.line, self.report)
            previous = self.report.other_entries[-1] if self.report.other_entries else None
            if previous is not None and previous.project == entry.project:
                # The same project continued on the next page.
                previous.next_overview = "\n\n".join(p for p in (previous.next_overview, overview)
                                                     if p)
                previous.results = "\n\n".join(p for p in (previous.results, results) if p)
                previous.captions.extend(entry.captions)
                if entry.merged_from and not previous.merged_from:
                    previous.merged_from = entry.merged_from
            else:
                entry.next_overview, entry.results = overview, results
                self.report.other_entries.append(entry)
            entry, left, right = None, [], []

        for position, index in enumerate(indexes):
            raw = lines[index]
            text = raw.strip()
            number = index + 1
            if first:
                first = False
                if _key(text) == "その他の事業":
                    continue
            if not text:
                gap += 1
                continue
            key = _key(text)
            match = _OTHER_ARTICLE.match(text)
            if match and "\t" not in text and len(text) < 60:
                close()
                article = int(match.group("n"))
                self.report.measures.setdefault(article, match.group("measure").strip())
                column, gap, caption_mode = None, 0, False
                continue
            if key.startswith(("令和", "R", "平成")) and "年度の概要" in key:
                if entry is None:
                    self.warn(number, "事業名のない「年度の概要」の表があります。読み飛ばしました。")
                    column = "skip"
                else:
                    column = "cells" if "\t" in text else "left"
                gap, caption_mode = 0, False
                continue
            if re.fullmatch(r"(令和|R|平成).{1,12}年度の実績", key) and entry is not None:
                column, gap, caption_mode = "right", 0, False
                continue
            if self._is_entry_start(indexes, position):
                close()
                entry = OtherEntry(project=text.split("\t")[0].strip()[:200], article=article,
                                   line=number)
                column, gap, caption_mode = None, 0, False
                continue
            if entry is not None and column is None and text.startswith("※"):
                entry.note = (entry.note + " " + text).strip()
                merged = re.match(r"^※\s*(?P<name>.+?)は、?.{0,20}?から本事業に統合", text)
                if merged:
                    entry.merged_from = merged.group("name").strip()
                continue
            if entry is None or column in (None, "skip"):
                if entry is not None and column is None:
                    entry.captions.append((number, text))
                    if _mostly_latin(text):
                        self.warn(number, f"画像の説明と思われる文「{text[:40]}」を読み飛ばしました。")
                else:
                    self.warn(number, f"その他の事業の行「{text[:40]}」を置き場所がないため読み飛ばしました。")
                gap = 0
                continue
            if column in ("left", "right"):
                if gap >= 2:
                    caption_mode = True
                if caption_mode:
                    entry.captions.append((number, text))
                    if _mostly_latin(text):
                        self.warn(number, f"画像の説明と思われる英文「{text[:40]}…」を読み飛ばしました。")
                else:
                    (left if column == "left" else right).append(raw)
                gap = 0
                continue
            # column == "cells": "overview<TAB>results" (HTML fragments)
            cells = [c.strip() for c in raw.split("\t")]
            while cells and not cells[-1]:
                cells.pop()
            if gap == 0 and (left or right) and len(cells) >= 2 and _duplicate(cells, left + right):
                self.warn(number, f"その他の事業「{entry.project}」の表の行「{text[:30]}」は"
                                  "前の行の表と重複しているため読み飛ばしました。")
                continue
            if len(cells) == 1 and gap > 0 and (left or right) and len(text) < 40:
                entry.captions.append((number, _strip_html(text)))
                continue
            if cells:
                left.append(cells[0])
            if len(cells) > 1:
                right.append(cells[1])
            if len(cells) > 2:
                extra = cells[2:]
                if not _duplicate(extra, left + right):
                    right.append(" ".join(extra))
            gap = 0
        close()

    def _is_entry_start(self, indexes: list[int], position: int) -> bool:
        """A project name line: followed (after ※ notes) by 「令和N年度の概要」."""
        raw = self.lines[indexes[position]]
        text = raw.strip()
        if not text or len(text.split("\t")[0]) > 80 or text.startswith(
                ("<", "・", "-", "(", "（", "※", "【", "*")):
            return False
        if len([c for c in text.split("\t") if c.strip()]) > 1:
            return False
        for index in indexes[position + 1: position + 8]:
            following = self.lines[index].strip()
            if not following:
                continue
            if following.startswith("※"):
                continue
            key = _key(following)
            return key.startswith(("令和", "R", "平成")) and "年度の概要" in key
        return False

    # -- after all parts

    def _scopes(self) -> None:
        """A Check printed after the last of several sheets of one group is the group's."""
        run: list[Sheet] = []
        for sheet in self.report.sheets:
            if run and (not sheet.group or sheet.group != run[-1].group):
                run = []
            run.append(sheet)
            if sheet.opinions or sheet.responses:
                sheet.opinion_scope = "group" if sheet.group and len(run) > 1 else "sheet"
                run = []

    def _articles_of_sheets(self) -> None:
        listed = {_fold(p.name): p for p in self.report.verified_projects}
        seen: dict[str, int] = {}
        for sheet in self.report.sheets:
            entry = listed.get(_fold(sheet.project))
            if entry is not None:
                sheet.article = entry.article
                if sheet.group is None and entry.group:
                    sheet.group = entry.group
            key = _fold(sheet.project)
            if key in seen:
                self.warn(sheet.line, f"「{sheet.project}」のシートが2つあります（{seen[key]}行目と"
                                      f"{sheet.line}行目）。2つ目を読み飛ばします。")
            seen.setdefault(key, sheet.line)
        sheets = {_fold(s.project) for s in self.report.sheets}
        for project in self.report.verified_projects:
            if _fold(project.name) not in sheets:
                self.warn(project.line, f"検証対象事業「{project.name}」のシートがこのファイルに"
                                        "ありません（抜粋の可能性があります）。")


_LABELS = {"large": "市内大企業", "sme": "市内中小企業", "other": "その他",
           "outside": "準市内・市外", "total": "合計", "goods": "物品", "works": "工事",
           "services": "委託"}

_MEASURE_WORDS = frozenset({
    "創業、経営の革新等の促進", "連携の促進", "研究及び開発の支援",
    "経営基盤の強化及び小規模企業者の事情の考慮", "地域の活性化の促進", "人材の確保及び育成",
    "海外市場の開拓等の促進", "受注機会の増大等",
})


def _duplicate(cells: list[str], existing: list[str]) -> bool:
    joined = _fold(_strip_html(" ".join(existing)))
    return all(_fold(_strip_html(c)) in joined for c in cells if c.strip())


_TAG = re.compile(r"<[^<>]{0,2000}>")
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|div|ul|ol|li|tr|table|br|h\d)\b[^<>]{0,2000}>", re.I)


def _strip_html(text: str) -> str:
    text = _BLOCK_TAG.sub(" ", text)
    text = _TAG.sub("", text)
    return _WS.sub(" ", html.unescape(text)).strip()


def _html_lines(fragments: list[str]) -> list[str]:
    """HTML fragments (as the extractor printed table cells) → one item per line."""
    out: list[str] = []
    for fragment in fragments:
        text = re.sub(r"<\s*/?\s*td\b[^<>]*>", " ", fragment, flags=re.I)
        text = _BLOCK_TAG.sub("\n", text)
        text = _TAG.sub("", text)
        text = html.unescape(text)
        for line in text.split("\n"):
            line = _WS.sub(" ", line).strip().strip("{}").strip()
            if not line:
                continue
            # Items whose <li> were lost run together: split after a full stop.
            out.extend(part.strip() for part in re.split(r"(?<=。)\s+(?=[^\s（(])", line)
                       if part.strip())
    return out


def _html_narrative(fragments: list[str], label: str, line: int, report: ParsedReport) -> str:
    blocks: list[_Block] = []
    for item in _html_lines(fragments):
        if re.match(r"^[(（]\s*\d+\s*[)）]", item):
            blocks.append(_Block("heading", text=item))
        elif item.startswith("※"):
            blocks.append(_Block("note", text=item))
        elif item.startswith("【"):
            blocks.append(_Block("text", text=item))
        else:
            match = re.match(r"^(?:[・･\-*]\s*)(?P<text>.+)$", item)
            blocks.append(_Block("bullet", text=(match.group("text") if match else item).strip()))
    return _finish_text(blocks, label, line, report)


def parse(text: str, fiscal_year: int | None = None, *,
          progress: Progress | None = None) -> ParsedReport:
    """Parse a report's text. Never raises for odd input: problems become warnings."""
    if not isinstance(text, str):
        raise TypeError("text must be str")
    report = _Parser(text, fiscal_year, progress).run()
    from shisaku.ordinance.parse import parse_appendix

    report.ordinance_text = parse_appendix(text)
    return report


# --------------------------------------------------------------------------- art. 19 parts

# The Do text of the art. 19 page, cut where the city's page puts its tables: the rule
# changes before the 主観評価項目 table, the text after it, the notes under the contract
# table, the subsidised table's explanation and its notes (sheets.ProcurementPage fields).
_PART_AFTER = {"evaluation": "evaluation_notes", "contracts": "contract_notes",
               "subsidised": "subsidised_notes"}
_ADDED_RE = re.compile(r"^\d+点[（(](?P<date>[^）)～~]+)[～~]?[）)]$")


def _procurement_part_kind(key: str) -> str | None:
    if "規模等・種別契約実績" in key:
        return "contracts"
    if "優先発注契約実績" in key:
        return "subsidised"
    if key.startswith("【") and "主観評価項目】" in key:
        return "evaluation"
    return None


def _evaluation_extras(item: dict, cells: list[str], previous: dict | None) -> None:
    """The row's group (事業者申請項目, printed once for the rows below it) and the date the
    item joins the maximum (「110点（R4.3.1～）」 in its 最大 cell), as ISO text."""
    group = next((_key(c) for c in cells if "申請項目" in _key(c)), None)
    item["group"] = group or (previous or {}).get("group", "")
    item["added_on"] = ""
    for cell in cells:
        match = _ADDED_RE.match(_key(cell))
        if match and item["points"] != cell:
            try:
                item["added_on"] = parse_date(match.group("date")).isoformat()
            except ValueError:
                pass
