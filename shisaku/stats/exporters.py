"""CSV downloads in UTF-8 with BOM, so Japanese Excel opens them without garbling.

* ``wide`` / ``long``: the stored figures in the import layouts (a download re-imports as is).
* ``table``: the tables as the page shows them, derived columns and notes included.

Every cell goes through lib.cleantext.csv_cell: text that Excel would run as a formula gets a
leading apostrophe; figures ("-1,234") stay figures.
"""

from __future__ import annotations

import csv
import io

from shisaku.lib.cleantext import csv_cell

from . import periods as period_kinds
from .models import Dataset
from .presentation import Presentation
from .schemas import schema_for

BOM = "\ufeff"
FORMATS = ("wide", "long", "table")


def _csv(rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([[csv_cell(c) for c in row] for row in rows])
    return BOM + buffer.getvalue()


def _plain(value) -> str:
    return format(value, "f")


def figures_csv(dataset: Dataset, layout: str) -> str:
    schema = schema_for(dataset)
    cells = schema.stored_cells(dataset)
    labels = {p.key: p.label for p in dataset.periods.all()}
    order = [p.key for p in dataset.periods.all()]
    dim_names = [d.name for d in schema.dims]
    if layout == "long":
        rows = [[period_kinds.HEADERS[dataset.period_kind], *dim_names, schema.value_name]]
        for key in sorted(cells, key=lambda k: (order.index(k[0]), schema.sort_key(k))):
            rows.append([labels[key[0]],
                         *(d.label(code) for d, code in zip(schema.dims, key[1:], strict=True)),
                         _plain(cells[key])])
        return _csv(rows)
    combos = sorted({key[1:] for key in cells},
                    key=lambda combo: schema.sort_key(("", *combo)))
    rows = [[*dim_names, *(labels[k] for k in order)]]
    for combo in combos:
        values = [cells.get((k, *combo)) for k in order]
        rows.append([*(d.label(code) for d, code in zip(schema.dims, combo, strict=True)),
                     *("" if v is None else _plain(v) for v in values)])
    return _csv(rows)


def table_csv(view: Presentation) -> str:
    rows: list[list[str]] = [[view.dataset.title], [f"出所: {view.dataset.source}"]]
    if view.caveat:
        rows.append([f"※ {view.caveat}"])
    for table in view.tables:
        rows += [[], [table.caption + (f"（単位: {table.unit}）" if table.unit else "")],
                 list(table.header)]
        rows += [list(cells) for cells in table.texts()]
        rows += [[f"※ {note}"] for note in table.notes]
    return _csv(rows)
