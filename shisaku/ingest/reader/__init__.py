"""Past implementation-status reports (実施状況報告書) → structured data. Pure: no Django.

    report = parse_bytes(data, fiscal_year=2021)   # bytes of a .txt (UTF-8 / BOM / cp932) or .pdf
    report = parse(text, fiscal_year=2021)         # already decoded text
    to_json(report)                                # the JSON document of ``import-report --json``

The input is text extracted from the city's PDF, with its irregularities: tables come as
tab-separated lines (or, from pdfplumber, as space-separated ones), pictures leave a run of
blank lines and a caption, some tables are HTML fragments, bullets are written ``-``,
``- ・``, ``・``, ``○`` or ``◆``, digits and parentheses are full- or half-width.

Where the city's words are: ``layout.Layout`` holds every heading, word and pattern of one
city's report; ``KAWASAKI`` is the one read by default, ``parse(..., layout=...)`` reads
another, and ``parse(..., layout=(KAWASAKI, other))`` keeps the reading that finds the most.
``own_report.own_layout`` is the report Shisaku prints itself (its words come from the
report profile: ``report_import.layouts``). The modules:

* ``text``: the bytes (text encodings, PDF) → text;
* ``segment``: the headings of every line, the sheets and the regions, each handed to the
  reader registered for its kind (``registry``);
* ``sheets`` (a project sheet's parts), ``narrative`` (Plan, Do … → Shisaku text),
  ``indicators`` (the FY tables), ``opinions`` (Check ① / Action ①), ``procurement``
  (the procurement page and its tables), ``rosters``, ``measures`` (the lists of projects
  per article and the main opinions), ``lineage`` (the ※ notes), ``other_projects``
  (その他の事業), ``ordinance`` (the appendix), ``names`` (names checked against the list);
* ``model``: the recognised dataclasses and their one serialiser, ``to_json``.

Nothing is dropped silently: a line that cannot be placed becomes a warning with its line
number; parts of the report that are deliberately not imported (foreword, statistics,
the ordinance's text) are reported once per part. Picture captions are listed per sheet.
"""

from __future__ import annotations

from collections.abc import Sequence

# The section readers register themselves by kind on import.
from . import measures, other_projects, own_report, procurement, rosters, sheets  # noqa: F401
from .layout import KAWASAKI, Layout
from .lines import fold, fy_header, mark
from .model import (
    STATUS_WORDS,
    Caption,
    Indicator,
    Item,
    LineageNote,
    ListedProject,
    MainOpinions,
    OtherEntry,
    ParsedReport,
    Procurement,
    Roster,
    RosterMember,
    Sheet,
    Value,
    Warning,
    json_number,
    to_json,
)
from .ordinance import read_ordinance
from .own_report import own_layout
from .segment import MAX_LINE_CHARS, Progress, Reading, heading
from .text import MAX_BYTES, MAX_PDF_PAGES, ReportError, decode, pdf_text, read_bytes

__all__ = [
    "KAWASAKI", "MAX_BYTES", "MAX_LINE_CHARS", "MAX_PDF_PAGES", "STATUS_WORDS", "Caption",
    "Indicator", "Item", "Layout", "LineageNote", "ListedProject", "MainOpinions",
    "OtherEntry", "ParsedReport", "Procurement", "Progress", "ReportError", "Roster",
    "RosterMember", "Sheet", "Value", "Warning", "decode", "fold", "fy_header", "heading",
    "json_number", "mark", "own_layout", "parse", "parse_bytes", "parse_read", "pdf_text", "read_bytes", "to_json",
]


Layouts = Layout | Sequence[Layout]


def parse(text: str, fiscal_year: int | None = None, *, progress: Progress | None = None,
          layout: Layouts = KAWASAKI) -> ParsedReport:
    """Read a report's text. Never raises for odd input: problems become warnings.

    Given several layouts, the text is read with each and the reading that finds the most
    (sheets, その他の事業, the procurement page), then warns the least, is kept; a tie goes
    to the first listed."""
    if not isinstance(text, str):
        raise TypeError("text must be str")
    if isinstance(layout, Layout):
        report = Reading(text, fiscal_year, layout, progress).run()
    else:
        readings = [Reading(text, fiscal_year, each, progress if n == 0 else None).run()
                    for n, each in enumerate(layout)]
        report = max(readings, key=_found)  # max keeps the first of equals
    report.ordinance_text = read_ordinance(text)
    return report


def _found(report: ParsedReport) -> tuple[int, int]:
    """What a reading found, then how little it left unplaced (fewer warnings)."""
    return (len(report.sheets) + len(report.other_entries) + (report.procurement is not None),
            -len(report.warnings))


def parse_bytes(data: bytes, fiscal_year: int | None = None, *,
                max_bytes: int | None = MAX_BYTES, progress: Progress | None = None,
                layout: Layouts = KAWASAKI) -> ParsedReport:
    text, kind, encoding, truncated = read_bytes(data, max_bytes)
    return parse_read(text, fiscal_year, kind, encoding, truncated, progress=progress,
                      layout=layout)


def parse_read(text: str, fiscal_year: int | None, kind: str = "text", encoding: str = "",
               truncated: bool = False, *, progress: Progress | None = None,
               layout: Layouts = KAWASAKI) -> ParsedReport:
    """Parse what ``read_bytes`` returned, and tell whether the file was cut short.

    A text file cut at a random byte ends without a line break, inside a sheet or a row of
    その他の事業; such a file is marked ``truncated`` (the importer refuses it).
    """
    report = parse(text, fiscal_year, progress=progress, layout=layout)
    report.source, report.encoding = kind, encoding
    if truncated:
        report.truncated = True
        report.warn(report.lines, "ファイルの末尾が文字の途中で切れています。")
    elif kind == "text" and text.strip() and not text.endswith(("\n", "\r")) and report.ends_inside:
        report.truncated = True
        report.warn(report.lines, f"ファイルが{report.ends_inside}の途中（{report.lines}行目）で"
                                  "終わっています。途中で切れている可能性があります。")
    return report
