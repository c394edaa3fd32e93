"""Checking an uploaded workbook: every cell against the web form's rules, every change listed.

Nothing is written here: the result is the list of errors, or the edits (and the preview's
changes, field by field) that excel_upload writes.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils.cell import coordinate_to_tuple

from shisaku.accounts import access
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
    ValueInput,
    value_display,
    value_label,
    year_rules,
)
from shisaku.sheets.models import Cycle, Indicator, IndicatorValue, Sheet, SheetChange
from shisaku.sheets.years import allowed_value_years

from .excel_cells import CellError, _status_lookup, cell_number, cell_text
from .excel_reading import Book, WorkbookRefused, read_workbook
from .excel_workbook import (
    VALUE_FIELDS,
    canonical,
    excel_safe,
    fingerprint,
    input_addresses,
    text_label,
    value_headings,
)

COMMENT_MAX = IndicatorValue._meta.get_field("comment").max_length


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
