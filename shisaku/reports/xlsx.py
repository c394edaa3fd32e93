"""Excel workbooks, one per document, each with that document's own content.

The full report's: one row per indicator × fiscal year (with achievement and rating, and a sheet of
ratings per article, where the city's report profile prints them). The
summary's: the verified projects and the main opinions with the city's answers. The press
release's: per article, the count of projects verified, the main opinion and the answer, and
the efforts it lists. All follow the machine-readable rules for open data (one datum per cell,
one header row, no merged cell, numbers as numbers, the fiscal year in 西暦 beside 和暦).

Every cell goes through lib.spreadsheet: a text is written as text, never as a formula (an
indicator named "=HYPERLINK(…)" stays a name), and the workbook holds no formula at all (the
totals are computed here), so what anyone downloads only shows data.
"""

from datetime import datetime

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from shisaku.lib.era import format_fy
from shisaku.lib.spreadsheet import append_row, stable_bytes
from shisaku.sheets.achievement import RATING_ORDER, rating_labels
from shisaku.sheets.breakdown import format_breakdown

from . import profile as report_profile
from .content import rating_counts
from .data import ReportData

HEADER = ["年度", "条文", "事務事業", "指標", "種別", "単位", "目標", "実績", "実績の状況", "内訳",
          "達成率(%)", "評価"]


def workbook(data: ReportData, kind: str = "full") -> bytes:
    book = Workbook()
    {"full": _full, "summary": _summary, "press": _press}[kind](book, data)
    return _save(book, data)


def _table(book, title: str, header: list[str], rows, widths: list[int], first=False):
    """One worksheet: a bold header row, then one row per record, filter and frozen header."""
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
    for row in rows:
        append_row(sheet, row)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return sheet


YEAR = ["年度（西暦）", "年度"]


def _year(data: ReportData) -> list:
    return [data.fiscal_year, format_fy(data.fiscal_year, "era")]


def _summary(book, data: ReportData) -> None:
    from .content.press import main_efforts
    from .content.summary import summary_rows

    _table(book, "検証した事業", YEAR + ["条", "施策", "事務事業", "所管課"], (
        _year(data) + [article.number, article.title, name, section]
        for article in data.articles
        for name, section in _efforts_with_sections(data, article, main_efforts)),
        [12, 14, 6, 30, 40, 30], first=True)
    _table(book, "主な検証意見", YEAR + ["条", "施策", "順序", "主な検証意見", "今後の取組"], (
        _year(data) + [article.number, article.title, order, text, answer or None]
        for article, order, text, answer in summary_rows(data)),
        [12, 14, 6, 30, 6, 60, 60])


def _efforts_with_sections(data: ReportData, article, main_efforts):
    sections = {s.project.name: (s.project.section.name if s.project.section else "")
                for s in data.verified}
    return [(name, sections.get(name, "")) for name in main_efforts(data, article)]


def _press(book, data: ReportData) -> None:
    from .content.press import main_efforts, press_rows

    rows = press_rows(data)
    _table(book, "条文別の主な取組", YEAR + ["条", "施策", "検証した事業数", "主な検証意見",
                                          "今後の取組"], (
        _year(data) + [article.number, article.title, len(efforts), opinion, answer or None]
        for article, efforts, opinion, answer in rows),
        [12, 14, 6, 30, 10, 60, 60], first=True)
    _table(book, "主な取組", YEAR + ["条", "施策", "取組"], (
        _year(data) + [article.number, article.title, name]
        for article, _efforts, _opinion, _answer in rows
        for name in main_efforts(data, article)),
        [12, 14, 6, 30, 50])


def _full(book, data: ReportData) -> None:
    # Achievement and ratings are the city's only where its report profile prints them.
    achievement = report_profile.shows("achievement")
    columns = len(HEADER) if achievement else len(HEADER) - 2
    sheet = book.active
    sheet.title = "指標"
    append_row(sheet, HEADER[:columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
    names = rating_labels()
    for report_sheet in data.verified + data.others:
        article = data.article_of(report_sheet)
        for indicator in report_sheet.project.indicators.all():
            for value in indicator.values.all():
                value.indicator = indicator
                rate = value.rate()
                breakdown = format_breakdown(value.breakdown, indicator.unit)
                append_row(sheet, ([
                    format_fy(value.fiscal_year), article.label if article else "",
                    report_sheet.project.heading, indicator.name, indicator.get_kind_display(),
                    indicator.unit,
                    float(value.target) if value.target is not None else None,
                    float(value.actual) if value.actual is not None else None,
                    value.get_actual_status_display(), breakdown,
                    round(float(rate), 1) if rate is not None else None,
                    names[value.rating(data.cycle.bands)],
                ])[:columns])
    widths = [18, 8, 36, 40, 8, 6, 10, 10, 10, 24, 10, 10][:columns]
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    if report_profile.shows("ratings"):
        _ratings_sheet(book, data, names)


def _ratings_sheet(book, data: ReportData, names) -> None:
    summary = book.create_sheet("条文別の達成状況")
    counts = rating_counts(data)
    codes = [r.value for r in RATING_ORDER]
    append_row(summary, ["条文"] + [names[k] for k in codes] + ["計"])
    for label, values in counts:
        append_row(summary, [label] + [values[k] for k in codes]
                   + [sum(values[k] for k in codes)])
    for cell in summary[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    if counts:
        chart = BarChart()
        chart.type = "bar"
        chart.grouping = "stacked"
        chart.overlap = 100
        chart.title = f"{format_fy(data.fiscal_year, 'era')} 条文別の指標の達成状況"
        chart.add_data(Reference(summary, min_col=2, max_col=5, min_row=1,
                                 max_row=len(counts) + 1), titles_from_data=True)
        chart.set_categories(Reference(summary, min_col=1, min_row=2, max_row=len(counts) + 1))
        chart.height, chart.width = 9, 16
        summary.add_chart(chart, "H2")


def _save(book, data: ReportData) -> bytes:
    # Same data, same bytes: fix the timestamps openpyxl would set to now.
    stamp = datetime(data.fiscal_year + 1, 4, 1)
    book.properties.created = book.properties.modified = stamp
    return stable_bytes(book, stamp)
