"""The one way Shisaku writes a workbook cell (openpyxl): text stays text.

openpyxl turns any string that starts with ``=`` into a formula and refuses control
characters with an exception. `set_cell` writes text printable and typed as a string (never a
formula), and marks text that Excel would read as a formula (``=``, ``+``, ``-``, ``@``, tab,
CR) with the cell's quote prefix, so it stays text even when someone edits the cell in Excel.
Numbers, dates and None are written as they are (a negative number stays a number).
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from .cleantext import formula_like, printable


def set_cell(cell: Any, value: object) -> None:
    """Write `value` into an openpyxl cell: text as text, anything else as it is."""
    if isinstance(value, str):
        text = printable(value)
        cell.value = text
        cell.data_type = "s"
        if formula_like(text):
            cell.quotePrefix = True
    else:
        cell.value = value


def append_row(ws: Any, values: Iterable[object]) -> None:
    """`ws.append(values)` through `set_cell`."""
    values = list(values)
    ws.append([None] * len(values))
    row = ws.max_row
    for column, value in enumerate(values, start=1):
        if value is not None:
            set_cell(ws.cell(row, column), value)


def stable_bytes(book: Any, stamp: datetime) -> bytes:
    """The workbook's bytes, the same for the same data: its properties and every zip entry
    dated `stamp` (Workbook.save() would stamp "modified" with the clock and the zip
    entries with the time of day)."""
    import io
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    book.properties.created = book.properties.modified = stamp
    raw = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
