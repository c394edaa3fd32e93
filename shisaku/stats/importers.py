"""Read a CSV or Excel file into a dataset: every cell validated, all or nothing.

    result = import_file(dataset, data, "census.csv", layout="wide")

* Files: CSV/TSV (UTF-8, UTF-8 with BOM, cp932, detected) or Excel ``.xlsx`` read with cached
  values only, at most 5 MB; see ``shisaku.stats.readers``.
* Layouts: ``wide`` (dimensions, then one column per period) and ``long`` (a period column,
  the dimensions and one value column); see ``shisaku.stats.schemas``.
* Errors name the row and column as the file shows them:
  ``3行目「2016」列: 「12,3x」は数値ではありません``. With any error nothing is written;
  otherwise the file's periods are replaced in one transaction.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils.translation import gettext as _

from shisaku.audit.records import record_import

from . import industries, periods
from .models import Dataset, Period
from .readers import MAX_BYTES, ImportFailed, read_rows
from .schemas import Cells, Schema, Skip, schema_for

__all__ = ["MAX_BYTES", "ImportFailed", "LAYOUTS", "Parsed", "Result", "compare", "import_file",
           "parse", "read_rows", "write"]

MAX_ERRORS = 50
MAX_CELLS = 20000  # a preview keeps the cells in the session until it is confirmed
LAYOUTS = ("wide", "long")
# Columns of printed tables that are computed, never read: they are recomputed instead.
DERIVED_HEADERS = {"増減数", "増減割合", "増減率", "構成比", "構成比変化率", "割合", "前年比",
                   "前期差", "回答率"}

Progress = Callable[[int, int], None]


@dataclass
class Parsed:
    """The cells of a valid file, ready to write (or to keep in the session for a preview)."""

    layout: str
    periods: dict[str, periods.PeriodValue]
    cells: Cells
    warnings: list[str] = field(default_factory=list)
    rows_read: int = 0
    encoding: str = ""
    # The day these figures were released (公表日): set on the file's periods when written,
    # so a report dated before it does not print them. None: leave the periods' dates alone.
    released_on: datetime.date | None = None

    def to_json(self) -> dict:
        return {
            "layout": self.layout,
            "periods": {k: [p.label, p.order] for k, p in self.periods.items()},
            "cells": [[*key, str(value)] for key, value in self.cells.items()],
            "warnings": self.warnings, "rows_read": self.rows_read, "encoding": self.encoding,
            "released_on": self.released_on.isoformat() if self.released_on else None,
        }

    @classmethod
    def from_json(cls, data: dict) -> Parsed:
        released = data.get("released_on")
        return cls(
            data["layout"],
            {k: periods.PeriodValue(k, label, order) for k, (label, order) in
             data["periods"].items()},
            {tuple(c[:-1]): Decimal(c[-1]) for c in data["cells"]},
            data["warnings"], data["rows_read"], data["encoding"],
            datetime.date.fromisoformat(released) if released else None,
        )


@dataclass
class Result:
    parsed: Parsed
    written: int = 0
    new_periods: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        p = self.parsed
        used = {key[0] for key in p.cells}
        labels = "、".join(v.label for v in sorted(p.periods.values(), key=lambda v: v.order)
                          if v.key in used)
        head = f"{p.rows_read}行を読み、{len(p.cells)}個の値（{labels}）"
        if self.dry_run:
            return f"{head}を検証しました。書き込みはしていません（--dry-run）。"
        return f"{head}を登録しました（新しい期間 {self.new_periods}件）。"


# --- layouts -------------------------------------------------------------------------------

def _fold(header: str) -> str:
    return "".join(unicodedata.normalize("NFKC", header).split())


class _Collector:
    """Cells and errors of one file; errors carry the row and column as the file shows them."""

    def __init__(self, schema: Schema, period_kind: str):
        self.schema = schema
        self.period_kind = period_kind
        self.cells: Cells = {}
        self.where: dict[tuple, int] = {}
        self.periods: dict[str, periods.PeriodValue] = {}
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.subtotals: list[tuple[int, str, int, str, Decimal]] = []

    def error(self, row: int, column: str | None, message: str) -> None:
        where = f"{row}行目「{column}」列" if column else f"{row}行目"
        self.errors.append(f"{where}: {message}")
        if len(self.errors) >= MAX_ERRORS:
            raise ImportFailed([*self.errors, f"誤りが多いため{MAX_ERRORS}件で打ち切りました。"])

    def period(self, row: int, column: str, text: str) -> periods.PeriodValue | None:
        try:
            value = periods.parse(self.period_kind, text)
        except ValueError as exc:
            self.error(row, column, str(exc))
            return None
        self.periods.setdefault(value.key, value)
        return value

    def dims(self, row: int, texts: list[tuple[str, str]]) -> tuple[str, ...] | None:
        """texts: (column header, cell) per dimension; None when a cell is wrong or a subtotal."""
        codes = []
        for dim, (column, text) in zip(self.schema.dims, texts, strict=True):
            try:
                codes.append(dim.parse(text))
            except industries.SubtotalRow as sub:
                return ("subtotal", str(sub.sector))
            except ValueError as exc:
                self.error(row, column, str(exc))
                return None
        return tuple(codes)

    def value(self, row: int, column: str, period: periods.PeriodValue, codes, text: str):
        subtotal = bool(codes) and codes[0] == "subtotal"
        key = (period.key, *codes)
        if not subtotal:
            if key in self.where:
                self.error(row, column, f"同じ値が{self.where[key]}行目にもあります（重複）")
                return
            self.where[key] = row
        try:
            number = self.schema.parse_value(text)
        except Skip as skip:
            if skip.warning:
                self.warnings.append(f"{row}行目「{column}」列: {skip.warning}")
            return
        except ValueError as exc:
            self.error(row, column, str(exc))
            return
        if subtotal:
            self.subtotals.append((row, column, int(codes[1]), period.key, number))
        else:
            self.cells[key] = number
            if len(self.cells) > MAX_CELLS:
                raise ImportFailed([f"値の数が上限（{MAX_CELLS:,}個）を超えています。ファイルを分けてください。"])

    def finish(self) -> None:
        self.errors += self.schema.check(self.cells)
        self._check_subtotals()
        if self.errors:
            raise ImportFailed(self.errors)
        if not self.cells:
            raise ImportFailed(["読み込める値が1つもありません。"])

    def _check_subtotals(self) -> None:
        """Subtotal rows are not read; they are compared with the sum of their rows."""
        for row, column, sector, period_key, printed in self.subtotals:
            codes = {i.code for i in industries.INDUSTRIES if i.sector == sector}
            summed = sum(v for (p, code), v in self.cells.items() if p == period_key and code in codes)
            name = industries.SECTORS[sector]
            note = f"{row}行目「{column}」列: {name}は小計のため読み込みません（内訳から計算します）"
            if summed != printed:
                note += f"。記載の {printed:,} は内訳の合計 {summed:,} と一致しません"
            self.warnings.append(note)


def _header_index(header: list[str], names: tuple[str, ...]) -> int | None:
    wanted = {_fold(n) for n in names}
    for i, cell in enumerate(header):
        if _fold(cell) in wanted:
            return i
    return None


def _parse_wide(rows, schema: Schema, period_kind: str, progress: Progress | None) -> _Collector:
    c = _Collector(schema, period_kind)
    (head_no, header), body = rows[0], rows[1:]
    ndims = len(schema.dims)
    for i, dim in enumerate(schema.dims):
        if i >= len(header) or _header_index([header[i]], dim.headers) is None:
            found = header[i] if i < len(header) else ""
            raise ImportFailed([f"{head_no}行目: {i + 1}列目の見出しは「{dim.name}」にしてください"
                                f"（「{found}」）。横長形式の見出し: "
                                f"{'、'.join(d.name for d in schema.dims)}、期間…"])
    columns: list[tuple[int, str, periods.PeriodValue]] = []
    for i in range(ndims, len(header)):
        title = header[i]
        if not title:
            continue
        if any(_fold(title).startswith(d) for d in DERIVED_HEADERS):
            c.warnings.append(f"「{title}」列は計算で求める値のため読み込みません（再計算します）")
            continue
        period = c.period(head_no, title, title)
        if period is not None:
            if any(p.key == period.key for _, _, p in columns):
                c.error(head_no, title, "同じ期間の列が2つあります")
            columns.append((i, title, period))
    if not columns:
        c.error(head_no, None, "期間（年・年度など）の列がありません")
    if c.errors:
        raise ImportFailed(c.errors)
    for done, (number, cells) in enumerate(body, start=1):
        cells = cells + [""] * (len(header) - len(cells))
        codes = c.dims(number, [(header[i], cells[i]) for i in range(ndims)]) if ndims else ()
        if codes is not None:
            for i, title, period in columns:
                c.value(number, title, period, codes, cells[i])
        if len(cells) > len(header) and any(cells[len(header):]):
            c.error(number, None, "見出しのない列に値があります")
        if progress and (done % 500 == 0 or done == len(body)):
            progress(done, len(body))
    return c


def _parse_long(rows, schema: Schema, period_kind: str, progress: Progress | None) -> _Collector:
    c = _Collector(schema, period_kind)
    (head_no, header), body = rows[0], rows[1:]
    period_header = periods.HEADERS[period_kind]
    wanted = [(period_header, (period_header, "期間", "調査年", "時点"))]
    wanted += [(d.name, d.headers) for d in schema.dims]
    wanted.append((schema.value_name, schema.value_headers))
    index = {}
    for name, names in wanted:
        i = _header_index(header, names)
        if i is None:
            expected = "、".join(n for n, _ in wanted)
            raise ImportFailed([f"{head_no}行目: 「{name}」列がありません（縦長形式の見出し: {expected}）"])
        index[name] = i
    used = set(index.values())
    for i, title in enumerate(header):
        if i not in used and title:
            c.warnings.append(f"「{title}」列は読み込みません")
    value_column = header[index[schema.value_name]]
    for done, (number, cells) in enumerate(body, start=1):
        cells = cells + [""] * (len(header) - len(cells))
        period = c.period(number, header[index[period_header]], cells[index[period_header]])
        codes = c.dims(number, [(header[index[d.name]], cells[index[d.name]])
                                for d in schema.dims])
        if period is not None and codes is not None:
            if not cells[index[schema.value_name]].strip():
                c.error(number, value_column, "値が空欄です")
            else:
                c.value(number, value_column, period, codes, cells[index[schema.value_name]])
        if progress and (done % 500 == 0 or done == len(body)):
            progress(done, len(body))
    return c


def parse(dataset: Dataset, rows, layout: str = "wide", progress: Progress | None = None,
          encoding: str = "") -> Parsed:
    schema = schema_for(dataset)
    if schema is None:
        raise ImportFailed([f"「{dataset.get_kind_display()}」はファイルから取り込めません"
                            "（管理サイトで入力してください）。"])
    if layout not in LAYOUTS:
        raise ImportFailed([f"形式は {' / '.join(LAYOUTS)} のいずれかです。"])
    if len(rows) < 2:
        raise ImportFailed(["見出し行と1行以上のデータが必要です。"])
    parser = _parse_wide if layout == "wide" else _parse_long
    collector = parser(rows, schema, dataset.period_kind, progress)
    collector.finish()
    return Parsed(layout, collector.periods, collector.cells, collector.warnings,
                  len(rows) - 1, encoding)


# --- writing -------------------------------------------------------------------------------

def write(dataset: Dataset, parsed: Parsed) -> Result:
    """Replace the figures of the parsed periods, creating missing periods, in one transaction."""
    schema = schema_for(dataset)
    result = Result(parsed)
    with transaction.atomic():
        by_key: dict[str, Period] = {}
        used = {key[0] for key in parsed.cells}
        for key, value in parsed.periods.items():
            if key not in used:
                continue
            period, created = Period.objects.get_or_create(
                dataset=dataset, key=key,
                defaults={"label": value.label, "order": value.order,
                          "comparability_group": dataset.default_group(key),
                          "released_on": parsed.released_on})
            if not created and parsed.released_on and period.released_on != parsed.released_on:
                period.released_on = parsed.released_on
                period.save(update_fields=["released_on"])
            by_key[key] = period
            result.new_periods += created
        before = schema.stored_cells(dataset)
        with disable_auditlog():  # one entry for the import, not one per figure
            result.written = schema.write(dataset, by_key, parsed.cells)
        record_import(dataset, _("統計の取込み"), before=_("数値 %(n)s件") % {"n": len(before)},
                      after=_("数値 %(n)s件（期間: %(periods)s）") % {
                          "n": len(schema.stored_cells(dataset)),
                          "periods": "、".join(p.label for p in by_key.values())})
    return result


def import_file(dataset: Dataset, data: bytes, filename: str, layout: str = "wide", *,
                dry_run: bool = False, sheet: str | None = None,
                progress: Progress | None = None,
                released_on: datetime.date | None = None) -> Result:
    """Validate every cell of the file; unless dry_run, write it all or nothing.
    `released_on`: the figures' release date (公表日), recorded on the file's periods."""
    rows, encoding = read_rows(data, filename, sheet)
    parsed = parse(dataset, rows, layout, progress, encoding)
    parsed.released_on = released_on
    if dry_run:
        return Result(parsed, dry_run=True)
    return write(dataset, parsed)


@dataclass(frozen=True)
class Changes:
    added: int
    changed: int
    removed: int
    unchanged: int


def compare(dataset: Dataset, parsed: Parsed) -> Changes:
    """What writing `parsed` would do to the stored figures of the same periods."""
    stored = {k: v for k, v in schema_for(dataset).stored_cells(dataset).items()
              if k[0] in {key[0] for key in parsed.cells}}
    new = parsed.cells
    return Changes(
        added=sum(1 for k in new if k not in stored),
        changed=sum(1 for k, v in new.items() if k in stored and stored[k] != v),
        removed=sum(1 for k in stored if k not in new),
        unchanged=sum(1 for k, v in new.items() if stored.get(k) == v),
    )
