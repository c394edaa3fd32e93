"""A printed table: what the dataset page, the CSV of the displayed table and the report share."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]  # the first cell is the row label
    level: str = "item"  # total | subtotal | item
    key: str = ""


@dataclass
class StatTable:
    caption: str
    header: tuple[str, ...]
    rows: list[Row]
    unit: str = ""
    notes: list[str] = field(default_factory=list)  # checks and remarks printed under the table

    @property
    def numeric_columns(self) -> frozenset[int]:
        return frozenset(range(1, len(self.header)))

    def texts(self) -> list[tuple[str, ...]]:
        return [row.cells for row in self.rows]
