"""The Excel workbook a section fills in: one worksheet per project sheet of a fiscal year.

The workbook carries a very hidden, protected worksheet (`_shisaku`) that says it is ours,
for which FY, and, for every worksheet, the sheet id and version it was made from and the
address of every input cell. The upload (excel_upload.py) reads cells only through that
layout, so the format downloaded is exactly the format uploaded. The layout is signed with
the site's secret key: a workbook whose layout was altered, or made elsewhere, is refused.

Each value's entry in the layout also carries the value's version and what its five cells
showed when downloaded: the upload writes only the cells the person changed, refuses a change
to a value saved by someone else since, and refuses any change to a read-only year (a value
owned by another year's sheet, see sheets.editing.year_rules), whose cells are grey and locked.
"""

import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from shisaku.accounts import access
from shisaku.lib.cleantext import printable
from shisaku.lib.era import format_fy
from shisaku.lib.spreadsheet import set_cell
from shisaku.sheets import sections
from shisaku.sheets.achievement import ActualStatus
from shisaku.sheets.breakdown import format_breakdown
from shisaku.sheets.editing import year_rules
from shisaku.sheets.models import Cycle, Indicator, IndicatorValue, Sheet
from shisaku.sheets.queries import indicators_with_values
from shisaku.sheets.years import allowed_value_years, final_years

FORMAT = "shisaku-sheets-xlsx"
FORMAT_VERSION = 2  # 2: per-value version and shown cells; read-only years
MARKER = "施策 Shisaku 入力用ワークブック"
META_TITLE = "_shisaku"
SIGNING_SALT = "shisaku.ingest.excel"
META_CHUNK = 30_000  # an Excel cell holds at most 32,767 characters
MAX_TITLE = 31  # Excel's limit on a worksheet name
VALUE_FIELDS = ["target", "actual", "actual_status", "breakdown", "comment"]
EXCEL_DIGITS = 15  # Excel keeps 15 significant digits; longer numbers go in as text

# Texts before the indicator grid and after it, in the report's order (sheets.sections).
TEXTS_BEFORE_GRID = sections.TEXTS_BEFORE_GRID
TEXTS_AFTER_GRID = sections.TEXTS_AFTER_GRID

_LABEL_COL_WIDTH = 34
_TEXT_SPAN = 10  # a text cell spans B..K
_VALUE_WIDTHS = {"target": 11, "actual": 11, "actual_status": 10, "breakdown": 24, "comment": 24}
_LABEL_FILL = PatternFill("solid", fgColor="E7E6E6")
_READ_ONLY_FILL = PatternFill("solid", fgColor="D9D9D9")
_HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
_WRAP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)
_BAD_TITLE_CHARS = re.compile(r"[\[\]:*?/\\]")


def status_labels() -> dict[str, str]:
    """actual_status value → the label shown in the status column (実績あり, 中止 …)."""
    return {value: str(label) for value, label in ActualStatus.choices}


def value_headings() -> dict[str, str]:
    return {"target": _("目標"), "actual": _("実績"), "actual_status": _("状況"),
            "breakdown": _("内訳"), "comment": _("備考")}


def text_label(name: str) -> str:
    return _(sections.section(name).label)


def excel_safe(text: str) -> str:
    """What a cell can hold: XML forbids most control characters (see lib.cleantext)."""
    return printable(text or "")


def cell_number(value: Decimal | None):
    """A number as written to its cell: numeric when Excel keeps it exactly, else text."""
    if value is None:
        return None
    value = Decimal(value)
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    else:
        value = value.normalize()
    if len(value.as_tuple().digits) > EXCEL_DIGITS:
        return f"{value:f}"
    return int(value) if value == value.to_integral_value() else value


def cell_texts(value: IndicatorValue | None, unit: str) -> dict:
    """The five cells of one indicator in one FY, as the workbook shows them."""
    if value is None:
        return dict.fromkeys(VALUE_FIELDS)
    return {
        "target": cell_number(value.target),
        "actual": cell_number(value.actual),
        "actual_status": status_labels().get(value.actual_status, value.actual_status),
        "breakdown": excel_safe(format_breakdown(value.breakdown, unit)) or None,
        "comment": excel_safe(value.comment) or None,
    }


def worksheet_titles(names: list[str]) -> list[str]:
    """Excel-safe, unique worksheet names: no []:*?/\\, at most 31 characters."""
    used = {META_TITLE.casefold(), "history"}  # "History" is reserved by Excel
    titles = []
    for name in names:
        base = _BAD_TITLE_CHARS.sub("_", excel_safe(name)).strip().strip("'").strip()
        base = base or _("シート")
        title, n = base[:MAX_TITLE], 1
        while title.casefold() in used:
            n += 1
            suffix = f"({n})"
            title = base[:MAX_TITLE - len(suffix)] + suffix
        used.add(title.casefold())
        titles.append(title)
    return titles


def editable_sheets(user, cycle: Cycle) -> list[Sheet]:
    """The current sheets of the FY this user may write: their sections', or all for planning."""
    sheets = (Sheet.objects.current().filter(cycle=cycle)
              .select_related("cycle", "project__section", "corrects", "corrected_by")
              .order_by("project__group", "project__position", "project__name"))
    if not user.is_planning_admin:
        sheets = sheets.for_sections(user.sections.all())
    return [sheet for sheet in sheets if access.can_edit_sheet(user, sheet)]


def grid_years(sheet: Sheet, indicators: list[Indicator]) -> list[int]:
    """The FY columns: last year and this one, and any later year that already has values."""
    fy = sheet.fiscal_year
    allowed = allowed_value_years(fy)
    years = {fy - 1, fy}
    for indicator in indicators:
        years.update(v.fiscal_year for v in indicator.values.all()
                     if v.fiscal_year >= fy - 1 and (allowed is None or v.fiscal_year in allowed))
    return sorted(years)


@dataclass
class _Layout:
    """Where one worksheet's inputs are; stored in the metadata sheet."""

    title: str
    sheet: int
    version: int
    texts: dict = field(default_factory=dict)
    values: list = field(default_factory=list)
    written: dict = field(default_factory=dict)  # address → what was written there

    def as_dict(self) -> dict:
        entry = {"title": self.title, "sheet": self.sheet, "version": self.version,
                 "texts": self.texts, "values": self.values}
        entry["fingerprint"] = fingerprint([self.written.get(a) for a in input_addresses(entry)])
        return entry


def input_addresses(entry: dict) -> list[str]:
    """Every input cell of a worksheet's layout, in a fixed order (the layout's JSON sorts keys)."""
    return [entry["texts"][name] for name in sorted(entry["texts"])] + [
        value[name] for value in entry["values"] for name in VALUE_FIELDS]


def canonical(value):
    """A cell's content as compared between download and upload (see `fingerprint`)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return ["b", value]
    if isinstance(value, float):
        value = Decimal(format(value, ".15g"))
    if isinstance(value, (int, Decimal)):
        return ["n", format(Decimal(value).normalize(), "f")]
    if isinstance(value, str):
        return ["s", value.replace("\r\n", "\n").replace("\r", "\n")]
    return ["o", str(value)]


def fingerprint(values: list) -> str:
    """A digest of a worksheet's input cells: equal when nobody touched them.

    Values are compared as Excel gives them back (a Decimal written comes back a float).
    """
    text = json.dumps([canonical(v) for v in values], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def build_workbook(cycle: Cycle, sheets: list[Sheet], user) -> bytes:
    """The .xlsx bytes for these sheets of `cycle`."""
    book = Workbook()
    book.remove(book.active)
    finals = final_years()
    titles = worksheet_titles([sheet.project.name for sheet in sheets])
    layouts = []
    for sheet, title in zip(sheets, titles, strict=True):
        indicators = list(indicators_with_values().filter(project=sheet.project))
        ws = book.create_sheet(title)
        layouts.append(_write_sheet(ws, sheet, indicators, final=sheet.fiscal_year in finals,
                                    user=user))
    _write_meta(book.create_sheet(META_TITLE), cycle, layouts, user)
    book.active = 0
    book.security = WorkbookProtection(lockStructure=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text_cell(cell, value) -> None:
    """Write a cell: text stays text (never a formula, even if it starts with =)."""
    set_cell(cell, value)


def _label(ws, row: int, col: int, text: str, fill=_LABEL_FILL, bold=False) -> None:
    cell = ws.cell(row, col)
    _text_cell(cell, text)
    cell.fill = fill
    cell.alignment = _WRAP
    if bold:
        cell.font = Font(bold=True)


def _write_sheet(ws, sheet: Sheet, indicators: list[Indicator], final: bool, user) -> _Layout:
    layout = _Layout(title=ws.title, sheet=sheet.pk, version=sheet.version)
    fy = sheet.fiscal_year
    years = grid_years(sheet, indicators)
    rules = year_rules(sheet, user, years)
    ws.column_dimensions["A"].width = _LABEL_COL_WIDTH
    for i in range(len(years) * len(VALUE_FIELDS)):
        name = VALUE_FIELDS[i % len(VALUE_FIELDS)]
        ws.column_dimensions[get_column_letter(2 + i)].width = _VALUE_WIDTHS[name]

    _text_cell(ws.cell(1, 1), sheet.project.heading)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    section = sheet.project.section.name if sheet.project.section else ""
    _text_cell(ws.cell(2, 1), f"{format_fy(fy)}　{section}　{sheet.get_state_display()}")
    _text_cell(ws.cell(3, 1), _(
        "白い欄に入力してください。灰色の欄・シート名・行や列の構成は変えないでください。"
        "見出しは「○」、箇条書きは「- 」や「・」で始めます。"))
    ws.cell(3, 1).font = Font(size=9, color="595959")
    row = 5

    def text_rows(names):
        nonlocal row
        for name in names:
            if sections.section(name).final_year and not final:
                continue
            _label(ws, row, 1, text_label(name), bold=True)
            text = excel_safe(getattr(sheet, name))
            cell = ws.cell(row, 2)
            _text_cell(cell, text or None)
            layout.written[cell.coordinate] = text or None
            cell.alignment, cell.protection = _WRAP, _UNLOCKED
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=1 + _TEXT_SPAN)
            lines = sum(1 + len(line) // 70 for line in text.split("\n"))
            ws.row_dimensions[row].height = min(409, max(45, 15 * lines))
            layout.texts[name] = cell.coordinate
            row += 1

    text_rows(TEXTS_BEFORE_GRID)
    row = _write_grid(ws, row + 1, indicators, years, layout, rules)
    text_rows(TEXTS_AFTER_GRID)

    ws.freeze_panes = "B5"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False
    ws.print_title_rows = "1:2"
    return layout


def _write_grid(ws, row: int, indicators, years: list[int], layout: _Layout, rules) -> int:
    _label(ws, row, 1, _("主な成果・活動指標"), fill=_HEAD_FILL, bold=True)
    headings = value_headings()
    width = len(VALUE_FIELDS)
    for i, year in enumerate(years):
        col = 2 + i * width
        heading = format_fy(year, "short")
        if rules[year].read_only:
            # Another year's sheet owns these values: shown for reference, never written here.
            heading = _("%(fy)s（参照のみ）") % {"fy": heading}
        _label(ws, row, col, heading, fill=_HEAD_FILL, bold=True)
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + width - 1)
        for j, name in enumerate(VALUE_FIELDS):
            _label(ws, row + 1, col + j, headings[name], fill=_HEAD_FILL)
    _label(ws, row + 1, 1, _("指標名（単位）"), fill=_HEAD_FILL)
    row += 2
    statuses = DataValidation(type="list", allow_blank=True,
                              formula1='"' + ",".join(status_labels().values()) + '"',
                              error=_("一覧から選んでください"), showErrorMessage=True)
    ws.add_data_validation(statuses)
    if not indicators:
        _text_cell(ws.cell(row, 1), _("指標がありません（Shisaku の画面で追加してください）"))
        return row + 2
    for indicator in indicators:
        name = str(indicator)
        if indicator.is_reference:
            name = f"【{_('参考')}】{name}"
        _label(ws, row, 1, name)
        by_year = {v.fiscal_year: v for v in indicator.values.all()}
        for i, year in enumerate(years):
            value = by_year.get(year)
            shown = cell_texts(value, indicator.unit)
            read_only = rules[year].read_only
            addresses = {"indicator": indicator.pk, "fiscal_year": year,
                         "version": value.version if value is not None else 0,
                         "shown": [canonical(shown[name]) for name in VALUE_FIELDS]}
            for j, name in enumerate(VALUE_FIELDS):
                cell = ws.cell(row, 2 + i * width + j)
                _text_cell(cell, shown[name])
                layout.written[cell.coordinate] = shown[name]
                if name in ("target", "actual"):
                    number = shown[name]
                    cell.number_format = ("#,##0" if isinstance(number, int) else "#,##0.0##")
                    cell.alignment = Alignment(horizontal="right")
                else:
                    cell.alignment = _WRAP
                if read_only:
                    cell.fill = _READ_ONLY_FILL  # locked with the worksheet's protection
                elif name == "target" and indicator.is_reference:
                    cell.fill = _LABEL_FILL  # reference rows carry an actual only
                else:
                    cell.protection = _UNLOCKED
                if name == "actual_status" and not read_only:
                    statuses.add(cell)
                addresses[name] = cell.coordinate
            layout.values.append(addresses)
        row += 1
    return row + 1


def layout_signature(text: str) -> str:
    return signing.Signer(salt=SIGNING_SALT).signature(text)


def _write_meta(ws, cycle: Cycle, layouts: list[_Layout], user) -> None:
    payload = json.dumps({
        "format": FORMAT, "format_version": FORMAT_VERSION, "fiscal_year": cycle.fiscal_year,
        "issued_at": timezone.now().isoformat(timespec="seconds"),
        "issued_to": user.username,
        "worksheets": [layout.as_dict() for layout in layouts],
    }, ensure_ascii=False, sort_keys=True)
    rows = [
        (MARKER, FORMAT, FORMAT_VERSION),
        (_("年度"), cycle.fiscal_year),
        (_("署名"), layout_signature(payload)),
        (_("この管理用シートは変更しないでください。"),),
    ]
    rows += [("data", payload[i:i + META_CHUNK]) for i in range(0, len(payload), META_CHUNK)]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            _text_cell(ws.cell(r, c), value)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
