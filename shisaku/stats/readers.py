"""Read the rows of an uploaded CSV, TSV or Excel file, safely and without running anything.

* CSV/TSV: UTF-8 with BOM, UTF-8, then cp932 (Shift_JIS as Windows writes it), in that order.
* Excel ``.xlsx``: checked whole by ``core.uploads.check_office_file`` (type, zip bombs,
  macros, a DTD or entity in any part, malformed parts named), then openpyxl in read-only
  mode with cached values only (formulas are not evaluated); ``.xls``/``.xlsm`` are not read.
* At most 5 MB, 5,000 rows and 300 columns.
"""

from __future__ import annotations

import csv
import io
import math
import warnings

from shisaku.core.uploads import XLSX, UnsafeUpload, check_office_file

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 300
_MAX_UNZIPPED = 60 * 1024 * 1024

Rows = list[tuple[int, list[str]]]  # (row number as the file shows it, cells)


class ImportFailed(Exception):
    """A file that cannot be imported; ``errors`` are the Japanese messages to show."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with BOM, UTF-8, then cp932 (Shift_JIS as Windows writes it)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8（BOM付き）"
    for encoding, name in (("utf-8", "UTF-8"), ("cp932", "Shift_JIS（cp932）")):
        try:
            return data.decode(encoding), name
        except UnicodeDecodeError:
            continue
    raise ImportFailed(["文字コードを判別できません。UTF-8 または Shift_JIS（cp932）で保存してください。"])


def _csv_rows(data: bytes) -> tuple[Rows, str]:
    text, encoding = decode(data)
    if "\x00" in text:
        raise ImportFailed(["テキスト形式（CSV）として読み取れません。"])
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if "\t" in first and "," not in first else ","
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter),
                                 start=1):
        _guard(number, len(row))
        rows.append((number, [c.strip() for c in row]))
    return rows, encoding


def _excel_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # 3034.0 → "3034"; anything odd (1e+30, nan, inf) stays as written and fails validation
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value).strip()


def _excel_rows(data: bytes, sheet: str | None) -> Rows:
    try:
        # the type, zip bombs, macros, and a DTD or entity anywhere in any part
        check_office_file(data, XLSX, max_unzipped=_MAX_UNZIPPED)
    except UnsafeUpload as exc:
        raise ImportFailed([exc.message]) from None

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about parts it does not know
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportFailed([f"Excel ファイルを開けません（{type(exc).__name__}）。"]) from None
    try:
        if sheet:
            if sheet not in book.sheetnames:
                listed = "、".join(book.sheetnames)
                raise ImportFailed([f"シート「{sheet}」がありません（{listed}）。"])
            ws = book[sheet]
        elif book.worksheets:
            ws = book.worksheets[0]
        else:
            raise ImportFailed(["Excel ファイルにワークシートがありません。"])
        rows = []
        try:
            # read-only worksheets are parsed while they are iterated
            for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = [_excel_cell(v) for v in row]
                while cells and cells[-1] == "":
                    cells.pop()
                _guard(number, len(cells))
                rows.append((number, cells))
        except ImportFailed:
            raise
        except Exception as exc:  # a well-formed part that is not a worksheet openpyxl reads
            raise ImportFailed([f"ワークシート「{ws.title}」を読めません（{type(exc).__name__}）。"]
                               ) from None
        return rows
    finally:
        book.close()


def _guard(row_number: int, columns: int) -> None:
    if row_number > MAX_ROWS:
        raise ImportFailed([f"行数が上限（{MAX_ROWS:,}行）を超えています。"])
    if columns > MAX_COLUMNS:
        raise ImportFailed([f"{row_number}行目: 列数が上限（{MAX_COLUMNS}列）を超えています。"])


def read_rows(data: bytes, filename: str, sheet: str | None = None) -> tuple[Rows, str]:
    """(row number, cells) of every non-empty row, and the encoding or format read."""
    if len(data) > MAX_BYTES:
        raise ImportFailed([f"ファイルが大きすぎます（上限 {MAX_BYTES // (1024 * 1024)}MB）。"])
    name = filename.lower()
    if name.endswith(".xlsm") or name.endswith(".xls"):
        raise ImportFailed(["読み込めるのは .csv（.tsv・.txt）と .xlsx です。"])
    if name.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        rows, encoding = _excel_rows(data, sheet), "Excel"
    elif name.endswith((".csv", ".tsv", ".txt")):
        rows, encoding = _csv_rows(data)
    else:
        raise ImportFailed(["読み込めるのは .csv（.tsv・.txt）と .xlsx です。"])
    return [(n, cells) for n, cells in rows if any(c for c in cells)], encoding
