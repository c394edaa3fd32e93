"""Series of section 2 of the report: sentiment DI, bankruptcies, job offers, R&D institutions.

Derived here: a DI's change from the previous quarter (前期差, points) only when that quarter
is stored; bankruptcies' change from the previous fiscal year; R&D institutions' total
(①+②+③+④) per ward and for the city.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from shisaku.lib.textnorm import format_fixed

from . import vocab
from .models import (
    BankruptcyCount,
    Dataset,
    DiValue,
    JobOfferRatio,
    Period,
    RdInstitutionCount,
)
from .ratios import number
from .tabular import Row, StatTable


def _signed(value: Decimal | None, places: int = 1) -> str:
    """DI points as printed: △ for negatives (△12.4), + for positive changes."""
    return format_fixed(value, places, minus="△", empty="—")


def _points(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{value:+.1f}ポイント"


def _is_next_quarter(previous: Period, current: Period) -> bool:
    py, pq = divmod(previous.order, 10)
    cy, cq = divmod(current.order, 10)
    return (cy * 4 + cq) - (py * 4 + pq) == 1


# --- sentiment DI ----------------------------------------------------------------------------

@dataclass(frozen=True)
class DiPoint:
    period: Period
    industry: str
    kind: str
    value: Decimal
    change: Decimal | None  # from the previous quarter, when stored


def di_points(dataset: Dataset) -> list[DiPoint]:
    periods = list(dataset.periods.all())
    by_key = {(v.period_id, v.industry, v.kind): v.value
              for v in DiValue.objects.filter(period__dataset=dataset)}
    points = []
    for i, period in enumerate(periods):
        previous = periods[i - 1] if i and _is_next_quarter(periods[i - 1], period) else None
        for industry, _ in vocab.DI_INDUSTRY.items:
            for kind, _ in vocab.DI_KIND.items:
                value = by_key.get((period.pk, industry, kind))
                if value is None:
                    continue
                before = by_key.get((previous.pk, industry, kind)) if previous else None
                points.append(DiPoint(period, industry, kind, value,
                                      None if before is None else value - before))
    return points


def di_table(dataset: Dataset) -> StatTable:
    rows = [Row((p.period.label, vocab.DI_INDUSTRY.label(p.industry), vocab.DI_KIND.label(p.kind),
                 _signed(p.value), _points(p.change)))
            for p in di_points(dataset)]
    return StatTable(dataset.title, ("期", "業種", "DIの種類", "DI", "前期差"), rows, "ポイント",
                     ["△はマイナス。前期差は前期の値が登録されている場合のみ計算します。"])


# --- bankruptcies ----------------------------------------------------------------------------

@dataclass(frozen=True)
class CountPoint:
    period: Period
    count: int
    change: int | None


def bankruptcy_points(dataset: Dataset) -> list[CountPoint]:
    counts = {b.period_id: b.count
              for b in BankruptcyCount.objects.filter(period__dataset=dataset)}
    points: list[CountPoint] = []
    previous: CountPoint | None = None
    for period in dataset.periods.all():
        if period.pk not in counts:
            continue
        count = counts[period.pk]
        change = (count - previous.count if previous is not None
                  and period.order - previous.period.order == 10 else None)
        points.append(CountPoint(period, count, change))
        previous = points[-1]
    return points


def bankruptcy_table(dataset: Dataset) -> StatTable:
    rows = [Row((p.period.label, number(p.count), number(p.change, sign=True)))
            for p in bankruptcy_points(dataset)]
    return StatTable(dataset.title, ("年度", "倒産件数", "前年度差"), rows, "件")


# --- job offers ------------------------------------------------------------------------------

def job_offer_grid(dataset: Dataset) -> tuple[list[Period], dict[tuple[int, str], Decimal]]:
    values = {(v.period_id, v.area): v.ratio
              for v in JobOfferRatio.objects.filter(period__dataset=dataset)}
    return list(dataset.periods.all()), values


def job_offer_table(dataset: Dataset) -> StatTable:
    periods, values = job_offer_grid(dataset)
    rows = []
    for period in periods:
        cells = [values.get((period.pk, area)) for area, _ in vocab.AREA.items]
        rows.append(Row((period.label, *("—" if v is None else f"{format_fixed(v, 2)}倍" for v in cells))))
    header = ("年度", *(label for _, label in vocab.AREA.items))
    return StatTable(dataset.title, header, rows, "倍")


# --- R&D institutions ------------------------------------------------------------------------

def rd_grids(dataset: Dataset) -> dict[int, dict[str, dict[str, int]]]:
    """{period id: {ward: {kind: count}}} of every survey of the dataset, in one query."""
    grids: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for c in RdInstitutionCount.objects.filter(period__dataset=dataset):
        grids[c.period_id][c.ward][c.kind] = c.count
    return grids


def rd_total(grid: dict[str, dict[str, int]]) -> int:
    return sum(sum(kinds.values()) for kinds in grid.values())


def rd_table(dataset: Dataset, period: Period, grid: dict[str, dict[str, int]]) -> StatTable:
    kinds = vocab.RD_KIND.items
    rows = []
    for ward, ward_label in vocab.WARD.items:
        if ward not in grid:
            continue
        counts = [grid[ward].get(kind) for kind, _ in kinds]
        rows.append(Row((ward_label, *(number(c) for c in counts),
                         number(sum(c or 0 for c in counts))), key=ward))
    if len(rows) > 1:
        totals = [sum(g.get(kind, 0) for g in grid.values()) for kind, _ in kinds]
        rows.append(Row(("合計", *(number(t) for t in totals), number(sum(totals))), "total"))
    header = ("区", *(label for _, label in kinds), "研究開発機関数（①+②+③+④）")
    return StatTable(f"{dataset.title}（{period.label}）", header, rows, "機関")
