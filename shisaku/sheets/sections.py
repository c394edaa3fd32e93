"""The sections of a project sheet: one table for the model, the form, the screens, the
documents, the Excel workbook, the open data and the past-report reader.

Each row is one narrative part of the sheet, in the report's order. ``label`` names the
field (form, workbook, history, open data); ``heading`` is the city's printed heading
(report and screens), where ``%(fy)s`` stands for a fiscal year in era form: the sheet's
year, or the next one when ``next_year``. ``part`` is what the reader calls the part under
that heading. Adding a section here adds it everywhere; ``tests/test_sections.py`` checks
that every consumer follows the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from shisaku.lib.era import format_fy


@dataclass(frozen=True, kw_only=True)
class SheetSection:
    field: str
    label: str  # the field's name (model verbose name, form label, workbook row, open data)
    heading: str  # printed heading; %(fy)s: a fiscal year (era form)
    next_year: bool = False  # %(fy)s is the year after the sheet's
    required: bool = False  # needed to submit a verified sheet
    final_year: bool = False  # only in the last year of an execution program
    summary: bool = False  # the two-part その他の事業 entry of a project not verified
    before_grid: bool = False  # printed before the indicators (workbook, report)
    part: str = ""  # the reader's name for the part under the heading

    def heading_for(self, fiscal_year: int,
                    translate: Callable[[str], str] | None = None) -> str:
        """The printed heading for a sheet of `fiscal_year` (`translate`: gettext, for the
        screens; the documents print the city's Japanese as it is)."""
        text = translate(self.heading) if translate else self.heading
        if "%(fy)s" not in self.heading:
            return text
        return text % {"fy": format_fy(fiscal_year + int(self.next_year), "era")}


SECTIONS: tuple[SheetSection, ...] = (
    SheetSection(field="goal", label=gettext_noop("施策における目標"),
                 heading=gettext_noop("施策における目標"), required=True, before_grid=True,
                 part="goal"),
    SheetSection(field="plan", label=gettext_noop("事業計画（Plan）"),
                 heading=gettext_noop("事業計画 Plan"), required=True, before_grid=True,
                 part="plan"),
    SheetSection(field="activities", label=gettext_noop("主な取組"),
                 heading=gettext_noop("主な取組"), required=True, before_grid=True,
                 part="activities"),
    SheetSection(field="indicator_notes", label=gettext_noop("主な成果・活動指標に関する補足事項"),
                 heading=gettext_noop("主な成果・活動指標に関する補足事項"), part="notes"),
    SheetSection(field="do_text", label=gettext_noop("事業の実施状況（Do）"),
                 heading=gettext_noop("事業の実施状況 Do"), required=True, part="do"),
    SheetSection(field="program_results", label=gettext_noop("実行プログラムの主な実績・成果"),
                 heading=gettext_noop("①主な実績・成果"), final_year=True, part="results"),
    SheetSection(field="program_issues", label=gettext_noop("実行プログラムの課題"),
                 heading=gettext_noop("②課題"), final_year=True, part="issues"),
    SheetSection(field="next_plan", label=gettext_noop("次年度の実施計画"),
                 heading=gettext_noop("%(fy)sの実施計画"), next_year=True, required=True,
                 part="next_plan"),
    SheetSection(field="summary_results", label=gettext_noop("今年度の実績（その他の事業）"),
                 heading=gettext_noop("%(fy)sの実績"), summary=True),
    SheetSection(field="summary_next", label=gettext_noop("次年度の概要（その他の事業）"),
                 heading=gettext_noop("%(fy)sの概要"), next_year=True, summary=True),
)

BY_FIELD: dict[str, SheetSection] = {s.field: s for s in SECTIONS}

TEXT_FIELDS: list[str] = [s.field for s in SECTIONS]
REQUIRED_FIELDS: list[str] = [s.field for s in SECTIONS if s.required]
FINAL_YEAR_FIELDS: list[str] = [s.field for s in SECTIONS if s.final_year]
SUMMARY_FIELDS: list[str] = [s.field for s in SECTIONS if s.summary]
#: The verified sheet's own texts (what a report page prints), without the summary entry.
PAGE_FIELDS: list[str] = [s.field for s in SECTIONS if not s.summary]
TEXTS_BEFORE_GRID: list[str] = [s.field for s in SECTIONS if s.before_grid]
TEXTS_AFTER_GRID: list[str] = [s.field for s in SECTIONS if not s.before_grid]


def section(field: str) -> SheetSection:
    return BY_FIELD[field]


def heading(field: str, fiscal_year: int = 0) -> str:
    """The city's printed heading of `field` on a sheet of `fiscal_year` (documents)."""
    return BY_FIELD[field].heading_for(fiscal_year)


def printed_headings() -> dict[str, str]:
    """Fixed printed heading → the reader's part (headings with a year are patterns)."""
    return {s.heading: s.part for s in SECTIONS if s.part and "%(fy)s" not in s.heading}
