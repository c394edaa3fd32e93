"""Reading an uploaded workbook: refuse what is not ours, validate every cell, write all or nothing.

The file is untrusted. It is size-limited and checked whole by core.uploads.check_office_file
(a plain .xlsx: a zip, no macros, no DTD or entity in any part, no zip bomb), then opened with
openpyxl in read-only, data-only mode: formulas are never evaluated, only
the values Excel saved are read, and nothing in the file is executed. Cells are read only at
the addresses the signed layout in the `_shisaku` sheet names (see excel_workbook.py).

Every cell is checked with the web form's rules (numbers, 状況, 内訳, 備考, the narrative
texts, and IndicatorValue.clean). Any error means nothing is written, and every error is
listed as 「ワークシート!セル: メッセージ」. Otherwise the changed sheets are written through
`save_sheet` in one transaction: a sheet saved by someone else since the download refuses the
whole upload. Unchanged sheets are not touched at all (no version bump, no history).

On the screen it takes two steps. `check_workbook` reads and checks the file and lists every
change field by field (sheet, field, old → new), writing nothing; its `pending()` is the parsed
upload as plain data, which the view keeps in the session under a one-time token.
`apply_pending` writes exactly that, through `save_sheet` with the versions the preview was made
against: a sheet or value saved by anyone since then refuses the whole confirmation.
`upload_workbook` does both at once (commands, tests).

A value is written only if the person changed one of its cells, and then only the cells they
changed (compared with what the download showed, kept in the signed layout), under the rules of
its own year's sheet (sheets.editing.year_rules): a change to a read-only year, or to a value
saved by someone else since the download, is refused naming the cell.
"""

import io
import json
import logging
import math
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import openpyxl
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from openpyxl.utils.cell import coordinate_to_tuple

from shisaku.accounts import access
from shisaku.audit.context import audited
from shisaku.core.uploads import XLSX, UnsafeUpload, check_office_file
from shisaku.core.validation import control_character_error
from shisaku.lib import richtext
from shisaku.lib.era import format_fy
from shisaku.lib.textnorm import parse_number
from shisaku.sheets.achievement import ActualStatus
from shisaku.sheets.breakdown import (
    BreakdownError,
    format_breakdown,
    parse_actual,
    parse_breakdown,
)
from shisaku.sheets.editing import (
    EditConflict,
    ValueInput,
    save_sheet,
    value_display,
    value_label,
    year_rules,
)
from shisaku.sheets.models import Cycle, Indicator, IndicatorValue, Sheet, SheetChange
from shisaku.sheets.years import allowed_value_years

from .excel_workbook import (
    FORMAT,
    FORMAT_VERSION,
    MARKER,
    META_TITLE,
    VALUE_FIELDS,
    canonical,
    excel_safe,
    fingerprint,
    input_addresses,
    layout_signature,
    text_label,
    value_headings,
)

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_META_ROWS = 2_000
MAX_CELL_ROW = 5_000
MAX_CELL_COL = 200
COMMENT_MAX = IndicatorValue._meta.get_field("comment").max_length
NUMBER_WHOLE_DIGITS = 13  # DecimalField(max_digits=16, decimal_places=3)
NUMBER_DECIMALS = 3


class WorkbookRefused(Exception):
    """The file as a whole is not one of our readable workbooks; the message is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _damaged() -> WorkbookRefused:
    return WorkbookRefused(_("ファイルが壊れているため読み込めません。Shisaku からダウンロードした"
                             "ブックを Excel で開き、.xlsx 形式で保存し直してからアップロードしてください。"))


def _not_ours() -> WorkbookRefused:
    return WorkbookRefused(_("Shisaku からダウンロードした入力用ブックではありません。"
                             "「ダウンロード」から入力用ブックを取得して入力してください。"))


# --------------------------------------------------------------------------- reading the file

@dataclass
class Book:
    """What was read from an uploaded workbook: its signed layout and the cells it names."""

    fiscal_year: int
    worksheets: list[dict]
    cells: dict[str, dict[str, object]]  # worksheet title → address → value (missing: absent)
    extra: list[str]  # worksheets that are not in the layout


def read_workbook(data: bytes) -> Book:
    """Open and check the file, or raise WorkbookRefused with a message for the user."""
    if len(data) > MAX_BYTES:
        raise WorkbookRefused(_("ファイルが大きすぎます（5 MB まで）。"))
    try:
        # the type, zip bombs, macros, and a DTD or entity anywhere in any part
        check_office_file(data, XLSX)
    except UnsafeUpload as exc:
        raise WorkbookRefused(exc.message) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about parts it does not know
            return _read(data)
    except WorkbookRefused:
        raise
    except Exception as exc:
        # openpyxl raises many kinds of errors on well-formed parts that do not make a
        # workbook; to the person uploading they all mean the same thing.
        log.info("unreadable workbook: %r", exc)
        raise _damaged() from exc


def _read(data: bytes) -> Book:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                  keep_links=False, keep_vba=False)
    try:
        if META_TITLE not in book.sheetnames:
            raise _not_ours()
        layout = _read_layout(book[META_TITLE])
        worksheets = layout["worksheets"]
        titles = {entry["title"] for entry in worksheets}
        cells = {}
        for entry in worksheets:
            if entry["title"] in book.sheetnames:
                cells[entry["title"]] = _read_cells(book[entry["title"]], input_addresses(entry))
        extra = [t for t in book.sheetnames if t != META_TITLE and t not in titles]
    finally:
        book.close()
    return Book(fiscal_year=layout["fiscal_year"], worksheets=worksheets, cells=cells, extra=extra)


def _read_layout(ws) -> dict:
    rows = list(ws.iter_rows(min_row=1, max_row=MAX_META_ROWS, max_col=3, values_only=True))
    if not rows or rows[0][0] != MARKER or rows[0][1] != FORMAT:
        raise _not_ours()
    if rows[0][2] != FORMAT_VERSION:
        raise WorkbookRefused(_("古い形式の入力用ブックです。もう一度ダウンロードしてください。"))
    signature = rows[2][1] if len(rows) > 2 else None
    payload = "".join(row[1] for row in rows[4:] if row[0] == "data" and isinstance(row[1], str))
    if not isinstance(signature, str) or not constant_time_compare(
            layout_signature(payload), signature):
        raise WorkbookRefused(_("入力用ブックの管理情報が変更されているか、別の Shisaku で作られた"
                                "ブックです。もう一度ダウンロードしてください。"))
    layout = json.loads(payload)
    if not _valid_layout(layout):
        raise _not_ours()
    return layout


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _valid_layout(layout) -> bool:
    """The signed layout's shape; signed means ours, but an older format must not crash us."""
    if not isinstance(layout, dict) or layout.get("format") != FORMAT:
        return False
    if not _is_int(layout.get("fiscal_year")) or not isinstance(layout.get("worksheets"), list):
        return False
    return all(_valid_worksheet(entry) for entry in layout["worksheets"])


def _valid_worksheet(entry) -> bool:
    if not isinstance(entry, dict) or not isinstance(entry.get("title"), str):
        return False
    if not _is_int(entry.get("sheet")) or not _is_int(entry.get("version")):
        return False
    if not isinstance(entry.get("fingerprint"), str):
        return False
    texts, values = entry.get("texts"), entry.get("values")
    if not isinstance(texts, dict) or not isinstance(values, list):
        return False
    if any(name not in Sheet.TEXT_FIELDS for name in texts):
        return False
    if not all(_valid_value(value) for value in values):
        return False
    try:
        for address in input_addresses(entry):
            row, col = coordinate_to_tuple(address)
            if not (1 <= row <= MAX_CELL_ROW and 1 <= col <= MAX_CELL_COL):
                return False
    except (ValueError, TypeError):
        return False
    return True


def _valid_value(value) -> bool:
    if not isinstance(value, dict) or not _is_int(value.get("indicator")):
        return False
    if not _is_int(value.get("fiscal_year")) or not _is_int(value.get("version")):
        return False
    shown = value.get("shown")
    if not isinstance(shown, list) or len(shown) != len(VALUE_FIELDS):
        return False
    return all(isinstance(value.get(name), str) for name in VALUE_FIELDS)


def _read_cells(ws, addresses: list[str]) -> dict[str, object]:
    wanted = {coordinate_to_tuple(address): address for address in addresses}
    if not wanted:
        return {}
    max_row = max(row for row, _col in wanted)
    max_col = max(col for _row, col in wanted)
    cells = {}
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col,
                                         values_only=True), start=1):
        for c, value in enumerate(row, start=1):
            if (r, c) in wanted:
                cells[wanted[(r, c)]] = value
    return cells


# --------------------------------------------------------------------------- reading cells

class CellError(ValueError):
    pass


def _plain_float(value: float) -> str:
    # Excel keeps 15 significant digits; 0.1+0.2 is shown, and meant, as 0.3.
    return format(Decimal(format(value, ".15g")), "f")


def cell_text(value) -> str:
    """A text cell's content; numbers typed into it count as text, dates do not."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.replace("\r\n", "\n").replace("\r", "\n")
        error = control_character_error(text)
        if error is not None:
            raise CellError(error.messages[0])
        return text
    if _is_int(value):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return _plain_float(value)
    if isinstance(value, (datetime, date, time, timedelta)):
        raise CellError(_("日付や時刻ではなく、文字で入力してください"))
    raise CellError(_("文字で入力してください"))


def cell_number(value) -> Decimal | None:
    """A number cell: empty, a number, or text such as "1,500" / "１５００" / "△3"."""
    if value is None:
        return None
    if _is_int(value):
        number = Decimal(value)
    elif isinstance(value, float) and math.isfinite(value):
        number = Decimal(format(value, ".15g"))
    elif isinstance(value, str):
        if not value.strip():
            return None
        number = parse_number(value)  # ValueError when it is not a number
    else:
        raise ValueError(value)
    if not number.is_finite() or number.adjusted() >= NUMBER_WHOLE_DIGITS:
        # Check size first: quantizing a huge value overflows Decimal's precision.
        raise CellError(_("整数部分は%(n)d桁までで入力してください") % {"n": NUMBER_WHOLE_DIGITS})
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    _sign, digits, exponent = number.as_tuple()
    if -exponent > NUMBER_DECIMALS:
        raise CellError(_("小数点以下は%(n)d桁までで入力してください") % {"n": NUMBER_DECIMALS})
    if len(digits) + min(exponent, 0) > NUMBER_WHOLE_DIGITS:
        raise CellError(_("整数部分は%(n)d桁までで入力してください") % {"n": NUMBER_WHOLE_DIGITS})
    return number


def _status_lookup() -> dict[str, str]:
    """Labels in every language the site speaks, and the stored codes, → actual_status."""
    lookup = {value: value for value in ActualStatus.values}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lookup.update({str(label): value for value, label in ActualStatus.choices})
    return lookup


# --------------------------------------------------------------------------- checking

@dataclass
class Change:
    """One line of the preview: a field of a sheet, as it is and as the upload makes it."""

    title: str  # the worksheet (the project's name)
    label: str
    before: str
    after: str


@dataclass
class SheetEdit:
    title: str
    sheet: Sheet
    version: int
    texts: dict = field(default_factory=dict)
    values: list[ValueInput] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.texts or self.values)


@dataclass
class UploadResult:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    saved: list[tuple[str, int]] = field(default_factory=list)  # worksheet, changes recorded
    unchanged: list[str] = field(default_factory=list)
    edits: list[SheetEdit] = field(default_factory=list)  # checked, not yet written

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes(self) -> list[Change]:
        return [change for edit in self.edits for change in edit.changes]

    def pending(self) -> list[dict]:
        """The checked edits as plain data (JSON), for `apply_pending` after confirmation."""
        return [{
            "title": edit.title, "sheet": edit.sheet.pk, "version": edit.version,
            "texts": edit.texts,
            "values": [{
                "indicator": item.indicator.pk, "fiscal_year": item.fiscal_year,
                "target": _decimal_text(item.target), "actual": _decimal_text(item.actual),
                "actual_status": item.actual_status, "breakdown": item.breakdown,
                "comment": item.comment, "version": item.version,
                "changed": sorted(item.changed or ()),
            } for item in edit.values],
        } for edit in self.edits]


def _decimal_text(value) -> str | None:
    return None if value is None else str(value)


class _Check:
    """Validates every cell of every worksheet, collecting errors in sheet and cell order."""

    def __init__(self, book: Book, cycle: Cycle, user):
        self.book, self.cycle, self.user = book, cycle, user
        self._errors: list[tuple[int, int, int, str]] = []
        self.warnings: list[str] = []
        self.statuses = _status_lookup()
        self.allowed_years = allowed_value_years(cycle.fiscal_year)

    @property
    def errors(self) -> list[str]:
        return [text for *_key, text in sorted(self._errors)]

    def error(self, index: int, title: str, message: str, address: str | None = None) -> None:
        if address is None:
            self._errors.append((index, 0, 0, f"{title}: {message}"))
        else:
            row, col = coordinate_to_tuple(address)
            self._errors.append((index, row, col, f"{title}!{address}: {message}"))

    def run(self) -> list[SheetEdit]:
        entries = self.book.worksheets
        sheets = Sheet.objects.select_related(
            "cycle", "project__section", "corrects", "corrected_by", "updated_by").in_bulk(
            [entry["sheet"] for entry in entries])
        indicators = Indicator.objects.select_related("project").in_bulk(
            [value["indicator"] for entry in entries for value in entry["values"]])
        stored = {
            (v.indicator_id, v.fiscal_year): v
            for v in IndicatorValue.objects.filter(indicator__in=list(indicators))
        }
        edits = []
        for index, entry in enumerate(entries):
            edit = self._worksheet(index, entry, sheets, indicators, stored)
            if edit is not None:
                edits.append(edit)
        return edits

    def _worksheet(self, index, entry, sheets, indicators, stored) -> SheetEdit | None:
        title = entry["title"]
        sheet = sheets.get(entry["sheet"])
        if sheet is None or sheet.cycle_id != self.cycle.pk:
            self.error(index, title, _("このシートは見つかりません（削除されたか、別の年度のシートです）。"))
            return None
        cells = self.book.cells.get(title)
        if cells is None:
            self.error(index, title, _("ワークシートが見つかりません。シート名を変えたり削除したりしないでください。"))
            return None
        edit = SheetEdit(title=title, sheet=sheet, version=entry["version"])
        for name, address in entry["texts"].items():
            self._text(index, title, edit, name, address, cells.get(address))
        # Each FY column under the rules of its own year's sheet, as they stand now.
        rules = year_rules(sheet, self.user, {value["fiscal_year"] for value in entry["values"]})
        for value in entry["values"]:
            indicator = indicators.get(value["indicator"])
            if indicator is None or indicator.project_id != sheet.project_id:
                self.error(index, title, _("この行の指標は削除されています。もう一度ダウンロードしてください。"),
                           value["target"])
                continue
            key = (indicator.pk, value["fiscal_year"])
            self._value(index, title, edit, indicator, value, cells, stored.get(key),
                        rules[value["fiscal_year"]])
        if entry["fingerprint"] == fingerprint([cells.get(a) for a in input_addresses(entry)]):
            # Nobody touched this worksheet: whatever was saved since the download stands.
            edit.texts, edit.values, edit.changes = {}, [], []
        if edit.changed and sheet.version != edit.version:
            who = sheet.updated_by.display_name if sheet.updated_by else _("他の人")
            self.error(index, title, _("このシートはブックのダウンロード後に%(who)sが保存しました。"
                                       "もう一度ダウンロードして入力し直してください。") % {"who": who})
        if edit.changed and not access.can_edit_sheet(self.user, sheet):
            self.error(index, title, _("このシート（%(project)s・%(state)s）を変更する権限がありません。"
                                       "このシートの変更を元に戻してからアップロードしてください。") % {
                "project": sheet.project.name, "state": sheet.get_state_display()})
        return edit

    def _text(self, index, title, edit: SheetEdit, name: str, address: str, raw) -> None:
        label = text_label(name)
        try:
            text = cell_text(raw)
            richtext.validate(text, label=label)
        except CellError as exc:
            self.error(index, title, str(exc), address)
            return
        except richtext.RichTextError as exc:
            self.error(index, title, exc.message, address)
            return
        old = getattr(edit.sheet, name) or ""
        if text not in (old, excel_safe(old)):
            edit.texts[name] = text
            edit.changes.append(Change(title, label, old, text))

    def _value(self, index, title, edit: SheetEdit, indicator, addresses, cells, value,
               rule) -> None:
        row = _ValueRow(self, index, title, indicator, addresses, cells, value)
        # Only the cells the person changed since the download count; the rest are never
        # written back, whatever was saved meanwhile.
        touched = [name for name, shown in zip(VALUE_FIELDS, addresses["shown"], strict=True)
                   if canonical(cells.get(addresses[name])) != shown]
        if not touched:
            return
        if rule.read_only:
            for name in touched:
                self.error(index, title, _("%(where)sは変更できません。%(why)s"
                                           "この欄を元に戻してからアップロードしてください。") % {
                    "where": row.where, "why": rule.note}, addresses[name])
            return
        probe = row.read(touched)
        if probe is not None and not row.failed:
            self._changed_value(row, edit, touched, probe)

    def _changed_value(self, row: "_ValueRow", edit: SheetEdit, touched: list[str],
                       probe: IndicatorValue) -> None:
        indicator, value, fy, where = row.indicator, row.value, row.fy, row.where
        addresses, title, fail = row.addresses, row.title, row.fail
        old = ((value.target, value.actual, value.actual_status, value.breakdown, value.comment)
               if value is not None else (None, None, ActualStatus.MEASURED, [], ""))
        new = tuple(row.parsed[name] for name in VALUE_FIELDS)
        if all(o == n for name, o, n in zip(VALUE_FIELDS, old, new, strict=True)
               if name in touched):
            return
        if (value.version if value is not None else 0) != addresses["version"]:
            for name in touched:
                fail(name, _("%(where)sはブックのダウンロード後に%(who)sが保存しました。"
                             "もう一度ダウンロードして入力し直してください。") % {
                    "where": where, "who": _last_writer(indicator, fy)})
            return
        if self.allowed_years is not None and fy not in self.allowed_years:
            fail("target", _("%(fy)sは実行プログラムの期間外のため入力できません。") % {
                "fy": format_fy(fy)})
            return
        if probe.breakdown_mismatch:
            self.warnings.append(
                f"{title}!{addresses['breakdown']}: "
                + _("%(where)sの内訳の合計（%(total)s）が実績（%(actual)s）と一致しません。") % {
                    "where": where, "total": probe.breakdown_total, "actual": probe.actual})
        edit.values.append(ValueInput(indicator, fy, *new, version=addresses["version"],
                                      changed=frozenset(touched)))
        for name, before, after in zip(VALUE_FIELDS, old, new, strict=True):
            shown = (value_display(name, before, indicator.unit),
                     value_display(name, after, indicator.unit))
            if name in touched and shown[0] != shown[1]:
                edit.changes.append(Change(title, value_label(indicator, fy, name), *shown))


class _ValueRow:
    """One indicator value's row of a worksheet, read cell by cell; a cell that cannot be
    read is an error at its address (``fail``) and leaves its field out of ``parsed``."""

    def __init__(self, check: "_Check", index, title, indicator, addresses, cells, value):
        self.check, self.index, self.title = check, index, title
        self.indicator, self.addresses, self.cells, self.value = (
            indicator, addresses, cells, value)
        self.fy = addresses["fiscal_year"]
        self.where = f"「{indicator.name}」{format_fy(self.fy, 'short')}"
        self.parsed: dict = {}
        self.failed = False
        self.typed_breakdown = None

    def fail(self, name, message) -> None:
        self.failed = True
        self.check.error(self.index, self.title, message, self.addresses[name])

    def read(self, touched: list[str]) -> IndicatorValue | None:
        """Every cell read, then the model's own rules: the probe, or None if refused."""
        self._numbers()
        self._status()
        self._breakdown(touched)
        self._comment()
        return self._probe()

    def _numbers(self) -> None:
        headings = value_headings()
        where, unit = self.where, self.indicator.unit
        for name in ("target", "actual"):
            raw = self.cells.get(self.addresses[name])
            try:
                if name == "actual" and isinstance(raw, str) and _with_unit_or_breakdown(raw):
                    # As printed: 59件, or 59（新規38件・変更21件） with its breakdown.
                    total, self.typed_breakdown = parse_actual(raw, unit)
                    raw = None if total is None else str(total)
                self.parsed[name] = cell_number(raw)
            except BreakdownError as exc:
                self.fail(name, f"{where}: {exc}")
            except CellError as exc:
                self.fail(name, f"{exc}（{where}の{headings[name]}）")
            except ValueError:
                self.fail(name, _("数値を入力してください（%(where)sの%(label)s「%(text)s」）") % {
                    "where": where, "label": headings[name], "text": raw})

    def _status(self) -> None:
        raw = self.cells.get(self.addresses["actual_status"])
        status_text = raw.strip() if isinstance(raw, str) else raw
        statuses = self.check.statuses
        if status_text in (None, ""):
            self.parsed["actual_status"] = ActualStatus.MEASURED
        elif isinstance(status_text, str) and status_text in statuses:
            self.parsed["actual_status"] = statuses[status_text]
        else:
            self.fail("actual_status", _("状況は「%(choices)s」から選んでください（%(where)s）") % {
                "choices": "」「".join(str(label) for label in ActualStatus.labels),
                "where": self.where})

    def _breakdown(self, touched: list[str]) -> None:
        value, unit, parsed = self.value, self.indicator.unit, self.parsed
        try:
            text = cell_text(self.cells.get(self.addresses["breakdown"]))
            shown = excel_safe(format_breakdown(value.breakdown, unit)) if value else ""
            if value is not None and text == shown:
                parsed["breakdown"] = value.breakdown
            else:
                parsed["breakdown"] = parse_breakdown(text)
        except (CellError, BreakdownError) as exc:
            self.fail("breakdown", f"{self.where}: {exc}")
        typed = self.typed_breakdown
        if typed is None or "breakdown" not in parsed:
            return
        if "breakdown" in touched and parsed["breakdown"] and parsed["breakdown"] != typed:
            self.fail("actual", _("%(where)sの内訳が実績の欄（%(typed)s）と内訳の欄（%(field)s）で違います。"
                                  "どちらか一方に入力してください。") % {
                "where": self.where, "typed": format_breakdown(typed, unit),
                "field": format_breakdown(parsed["breakdown"], unit)})
        else:
            parsed["breakdown"] = typed
            if "breakdown" not in touched:
                touched.append("breakdown")

    def _comment(self) -> None:
        value = self.value
        try:
            comment = cell_text(self.cells.get(self.addresses["comment"])).strip()
            if value is not None and comment == excel_safe(value.comment).strip():
                comment = value.comment
            if len(comment) > COMMENT_MAX:
                raise CellError(_("備考は%(n)d字までです（%(len)d字）") % {
                    "n": COMMENT_MAX, "len": len(comment)})
            self.parsed["comment"] = comment
        except CellError as exc:
            self.fail("comment", f"{self.where}: {exc}")

    def _probe(self) -> IndicatorValue | None:
        """The model's own rules across fields, with what could be read: a bad 備考 must not
        hide a negative count in the same row."""
        bad = {name for name in VALUE_FIELDS if name not in self.parsed}
        defaults = {"target": None, "actual": None, "actual_status": ActualStatus.MEASURED,
                    "breakdown": [], "comment": ""}
        probe = IndicatorValue(indicator=self.indicator, fiscal_year=self.fy,
                               **{**defaults, **self.parsed})
        try:
            probe.clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                name = name if name in VALUE_FIELDS else "target"
                if name not in bad:
                    for message in messages:
                        self.fail(name, f"「{self.indicator.name}」: {message}")
            return None
        return probe


def _with_unit_or_breakdown(text: str) -> bool:
    """Not a plain number, but still read as an actual (parse_actual) when it parses."""
    try:
        parse_number(text)
    except ValueError:
        try:
            parse_actual(text)
        except BreakdownError:
            return any(mark in text for mark in "(（")  # a bracket: its own message
        return True
    return False


def _last_writer(indicator, fy) -> str:
    change = (SheetChange.objects.filter(indicator=indicator, fiscal_year=fy)
              .select_related("user").order_by("-pk").first())
    if change is None or change.user is None:
        return _("他の人")
    return _("%(name)sさん") % {"name": change.user.display_name}


# --------------------------------------------------------------------------- writing

def check_workbook(data: bytes, cycle: Cycle, user) -> UploadResult:
    """Read and check the whole workbook and list what it would change; write nothing."""
    result = UploadResult()
    try:
        book = read_workbook(data)
    except WorkbookRefused as exc:
        result.errors.append(exc.message)
        return result
    if book.fiscal_year != cycle.fiscal_year:
        result.errors.append(_("このブックは%(theirs)sの入力用です。%(ours)sのブックではないため"
                               "読み込めません。%(theirs)sの画面からアップロードしてください。") % {
            "theirs": format_fy(book.fiscal_year), "ours": format_fy(cycle.fiscal_year)})
        return result
    check = _Check(book, cycle, user)
    edits = check.run()
    result.errors, result.warnings = check.errors, check.warnings
    result.warnings += [_("ワークシート「%(title)s」は Shisaku のシートではないため読み飛ばしました。")
                        % {"title": title} for title in book.extra]
    if result.errors:
        result.warnings = []
        return result
    result.edits = [edit for edit in edits if edit.changed]
    result.unchanged = [edit.title for edit in edits if not edit.changed]
    return result


@audited
def upload_workbook(data: bytes, cycle: Cycle, user) -> UploadResult:
    """Check the whole workbook, then write every changed sheet, or nothing."""
    result = check_workbook(data, cycle, user)
    if result.errors:
        return result
    return _write(result, user)


@audited
def apply_pending(pending: list[dict], cycle: Cycle, user) -> UploadResult:
    """Write exactly the edits a preview showed (`UploadResult.pending`), or nothing.

    Each sheet and value is written against the version the preview was made with: anything
    saved since then (by anyone) refuses the whole confirmation, naming the sheet."""
    result = UploadResult()
    sheets = Sheet.objects.select_related("cycle", "project__section").in_bulk(
        [entry["sheet"] for entry in pending])
    indicators = Indicator.objects.in_bulk(
        [value["indicator"] for entry in pending for value in entry["values"]])
    for entry in pending:
        sheet = sheets.get(entry["sheet"])
        if sheet is None or sheet.cycle_id != cycle.pk:
            result.errors.append(_("%(title)s: このシートは見つかりません（削除されたか、別の年度のシートです）。")
                                 % {"title": entry["title"]})
            continue
        values = []
        for value in entry["values"]:
            indicator = indicators.get(value["indicator"])
            if indicator is None:
                result.errors.append(_("%(title)s: 指標が削除されています。もう一度アップロードしてください。")
                                     % {"title": entry["title"]})
                continue
            values.append(ValueInput(
                indicator, value["fiscal_year"], _decimal(value["target"]),
                _decimal(value["actual"]), value["actual_status"], value["breakdown"],
                value["comment"], version=value["version"], changed=frozenset(value["changed"])))
        result.edits.append(SheetEdit(title=entry["title"], sheet=sheet, version=entry["version"],
                                      texts=entry["texts"], values=values))
    if result.errors:
        result.edits = []
        return result
    return _write(result, user)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _write(result: UploadResult, user) -> UploadResult:
    current = None
    try:
        with transaction.atomic():
            for edit in result.edits:
                current = edit
                changes = save_sheet(edit.sheet, user, edit.texts, edit.version, edit.values)
                result.saved.append((edit.title, len(changes)))
    except EditConflict as exc:
        if exc.values:
            for item, _stored in exc.values:
                result.errors.append(_("%(title)s: 「%(name)s」%(fy)sはブックのダウンロード後に"
                                       "%(who)sが保存しました。もう一度ダウンロードして入力し直してください。") % {
                    "title": current.title, "name": item.indicator.name,
                    "fy": format_fy(item.fiscal_year, "short"),
                    "who": _last_writer(item.indicator, item.fiscal_year)})
        else:
            who = exc.current.updated_by.display_name if exc.current.updated_by else _("他の人")
            result.errors.append(_("%(title)s: このシートはブックのダウンロード後に%(who)sが保存しました。"
                                   "もう一度ダウンロードして入力し直してください。") % {
                "title": current.title, "who": who})
    except ValidationError as exc:
        result.errors.append(f"{current.title}: " + "、".join(exc.messages))
    except PermissionDenied:
        result.errors.append(_("%(title)s: このシートを変更する権限がありません。") % {
            "title": current.title})
    if result.errors:
        result.saved, result.unchanged, result.warnings = [], [], []
    return result
