"""Reading an uploaded workbook: refuse what is not ours, validate every cell, write all or nothing.

The steps live in their own modules: excel_reading opens the untrusted file and reads the
signed layout and its cells, excel_cells reads one cell as text or number, excel_check checks
every cell and lists the changes (`check_workbook`); this module writes them.

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

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shisaku.audit.context import audited
from shisaku.lib.era import format_fy
from shisaku.sheets.editing import EditConflict, ValueInput, save_sheet
from shisaku.sheets.models import Cycle, Indicator, Sheet

from .excel_check import SheetEdit, UploadResult, _last_writer, check_workbook

# --------------------------------------------------------------------------- writing

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
    title = ""  # the worksheet being written when something refused it
    try:
        with transaction.atomic():
            for edit in result.edits:
                title = edit.title
                changes = save_sheet(edit.sheet, user, edit.texts, edit.version, edit.values)
                result.saved.append((edit.title, len(changes)))
    except EditConflict as exc:
        if exc.values:
            for item, _stored in exc.values:
                result.errors.append(_("%(title)s: 「%(name)s」%(fy)sはブックのダウンロード後に"
                                       "%(who)sが保存しました。もう一度ダウンロードして入力し直してください。") % {
                    "title": title, "name": item.indicator.name,
                    "fy": format_fy(item.fiscal_year, "short"),
                    "who": _last_writer(item.indicator, item.fiscal_year)})
        else:
            who = exc.current.updated_by.display_name if exc.current.updated_by else _("他の人")
            result.errors.append(_("%(title)s: このシートはブックのダウンロード後に%(who)sが保存しました。"
                                   "もう一度ダウンロードして入力し直してください。") % {
                "title": title, "who": who})
    except ValidationError as exc:
        result.errors.append(f"{title}: " + "、".join(exc.messages))
    except PermissionDenied:
        result.errors.append(_("%(title)s: このシートを変更する権限がありません。") % {
            "title": title})
    if result.errors:
        result.saved, result.unchanged, result.warnings = [], [], []
    return result
