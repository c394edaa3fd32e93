"""A table written as CSV, Excel or JSON, following the machine-readable rules.

* CSV: UTF-8 with BOM (Japanese Excel opens it as UTF-8), CRLF, one header row. Shift_JIS on
  request (cp932, as Windows writes it): a character cp932 cannot hold is replaced, never
  dropped silently and never refused: first by its compatibility form when that fits (™ → TM),
  then by a close equivalent (— → ―, · → ・), else by 〓 (the geta mark Japanese typesetting
  uses for a missing character); the count is returned so the response can say it. The
  UTF-8 file is always the exact one.
* Excel (openpyxl): one table on the first sheet from A1, one header row, one datum per cell,
  no merged cell, numbers as numbers (int, Decimal), text as text; the source and licence on a
  second sheet, never inside the table. Same table, same bytes (timestamps fixed).
* JSON: {"dataset": {...}, "columns": [...], "rows": [{column: value}, ...]}, numbers as numbers.

Text that a spreadsheet would run as a formula (= + - @ …) is written as text: in CSV with a
leading apostrophe (`lib.cleantext.csv_cell`), in Excel as a quoted string cell
(`lib.spreadsheet.set_cell`). JSON carries the text as it is (a JSON string is never run).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import unicodedata
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from shisaku.lib.cleantext import csv_cell, printable
from shisaku.lib.spreadsheet import append_row, stable_bytes

from .licence import LICENCE_NAME, LICENCE_NOTE, LICENCE_URL
from .tables import BOOLEAN, Table

FORMATS = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
BOM = "\ufeff"
GETA = "〓"
# Close equivalents cp932 holds, for characters it does not.
CP932_EQUIVALENTS = {"—": "―", "·": "・", "•": "・", "‧": "・", "–": "－"}


def _csv_value(value) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        return format(value, "f")
    return csv_cell(value)


def csv_text(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(c.name) for c in table.columns])
    writer.writerows([[_csv_value(v) for v in row] for row in table.rows])
    return buffer.getvalue()


def to_cp932(text: str) -> tuple[bytes, int]:
    """(bytes, characters replaced): see the module's docstring."""
    try:
        return text.encode("cp932"), 0
    except UnicodeEncodeError:
        pass
    out, replaced = [], 0
    for ch in text:
        try:
            out.append(ch.encode("cp932"))
            continue
        except UnicodeEncodeError:
            replaced += 1
        for candidate in (unicodedata.normalize("NFKC", ch), CP932_EQUIVALENTS.get(ch, GETA)):
            try:
                out.append(candidate.encode("cp932"))
                break
            except UnicodeEncodeError:
                continue
    return b"".join(out), replaced


def csv_bytes(table: Table, encoding: str = "utf-8") -> tuple[bytes, int]:
    text = csv_text(table)
    if encoding == "sjis":
        return to_cp932(text)
    return (BOM + text).encode("utf-8"), 0


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return cleaned[:31] or "data"


def _stamp(table: Table) -> datetime.datetime:
    moment = table.modified or datetime.date(2000, 1, 1)
    if isinstance(moment, datetime.datetime):
        return moment.replace(tzinfo=None, microsecond=0)
    return datetime.datetime(moment.year, moment.month, moment.day)


def period_label(table: Table) -> str:
    if not table.period:
        return ""
    return f"{table.period[0].isoformat()}/{table.period[1].isoformat()}"


def xlsx_bytes(table: Table, *, url: str = "", publisher: str = "") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(table.title)
    append_row(sheet, [c.name for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        append_row(sheet, row)
    for index, column in enumerate(table.columns, 1):
        if column.type == BOOLEAN:
            continue
        longest = max([len(column.name), *(len(str(r[index - 1] or ""))
                                           for r in table.rows[:200])])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, longest * 2))
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = sheet.dimensions
    about = book.create_sheet("出典・利用条件")
    append_row(about, ["項目", "内容"])
    for cell in about[1]:
        cell.font = Font(bold=True)
    for key, value in [("表題", table.title), ("説明", table.description),
                       ("出所", table.source or publisher), ("作成者", publisher),
                       ("期間", period_label(table)),
                       ("年度", table.fiscal_year or "全年度"),
                       ("利用条件", LICENCE_NAME), ("利用条件のURL", LICENCE_URL),
                       ("互換性", LICENCE_NOTE), ("ダウンロードURL", url)]:
        if value:
            append_row(about, [key, value])
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 100

    stamp = _stamp(table)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = publisher or "Shisaku"
    book.properties.title = table.title
    return stable_bytes(book, stamp)


def _json_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str):
        return printable(value)
    return value


def json_bytes(table: Table, metadata: dict) -> bytes:
    names = [c.name for c in table.columns]
    document = {
        "dataset": metadata,
        "columns": [{"name": c.name, "type": c.type} for c in table.columns],
        "rows": [dict(zip(names, (_json_value(v) for v in row), strict=True))
                 for row in table.rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
