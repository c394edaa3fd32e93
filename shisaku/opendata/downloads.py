"""A table as the bytes of one download: the format's writer, its media type and filename."""

from __future__ import annotations

from dataclasses import dataclass

from . import formats
from .catalog import metadata, publisher
from .tables import Table


@dataclass(frozen=True)
class Download:
    body: bytes
    content_type: str
    filename: str
    replaced: int = 0  # characters Shift_JIS could not hold (formats.to_cp932)


def render(table: Table, fmt: str, *, encoding: str, url: str, catalog_url: str) -> Download:
    city = publisher()
    sjis = fmt == "csv" and encoding == "sjis"
    name = table.slug + (f"-{table.fiscal_year}" if table.fiscal_year else "")
    filename = f"{name}{'-sjis' if sjis else ''}.{fmt}"
    if fmt == "csv":
        body, replaced = formats.csv_bytes(table, "sjis" if sjis else "utf-8")
        charset = "shift_jis" if sjis else "utf-8"
        return Download(body, f"text/csv; charset={charset}", filename, replaced)
    if fmt == "xlsx":
        return Download(formats.xlsx_bytes(table, url=url, publisher=city.name),
                        formats.FORMATS["xlsx"], filename)
    body = formats.json_bytes(table, metadata(table, url=url, catalog_url=catalog_url,
                                              publisher=city))
    return Download(body, "application/json; charset=utf-8", filename)
