"""Opening an uploaded workbook: refuse what is not ours, read the signed layout and its cells.

The file is untrusted. It is size-limited and checked whole by core.uploads.check_office_file
(a plain .xlsx: a zip, no macros, no DTD or entity in any part, no zip bomb), then opened with
openpyxl in read-only, data-only mode: formulas are never evaluated, only the values Excel
saved are read, and nothing in the file is executed. Cells are read only at the addresses the
signed layout in the `_shisaku` sheet names (see excel_workbook.py).
"""

import io
import json
import logging
import warnings
from dataclasses import dataclass

import openpyxl
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from openpyxl.utils.cell import coordinate_to_tuple

from shisaku.core.uploads import XLSX, UnsafeUpload, check_office_file
from shisaku.sheets.models import Sheet

from .excel_cells import _is_int
from .excel_workbook import (
    FORMAT,
    FORMAT_VERSION,
    MARKER,
    META_TITLE,
    VALUE_FIELDS,
    input_addresses,
    layout_signature,
)

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_META_ROWS = 2_000
MAX_CELL_ROW = 5_000
MAX_CELL_COL = 200


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
