"""Art. 19: the city's contracts by company category × contract type, as the report prints them.

For one fiscal year: count (件) and amount (百万円) per category and contract type; totals per
column (契約実績 合計) and per row (合計); each figure's share (割合) of its column total,
rounded half up to the dataset's places (two decimals in the report). The subsidised
projects' table gives the local SMEs' share of all their contracts (one decimal).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from . import vocab
from .models import Dataset, Period, ProcurementFigure, SubsidisedContracts
from .ratios import Percent, number, pct_text, percent
from .tabular import Row, StatTable

TOTAL = "total"
CONTRACTS = [code for code, _ in vocab.CONTRACT.items] + [TOTAL]
CATEGORIES = [code for code, _ in vocab.COMPANY.items] + [TOTAL]


@dataclass(frozen=True)
class Cell:
    count: int
    count_share: Percent | None
    amount: int
    amount_share: Percent | None


@dataclass
class ProcurementTable:
    period: Period
    places: int
    cells: dict[tuple[str, str], Cell]  # (category or "total", contract type or "total")

    def cell(self, category: str, contract: str) -> Cell:
        return self.cells[(category, contract)]

    def as_table(self, caption: str = "") -> StatTable:
        header = ["企業区分"]
        for contract in CONTRACTS:
            name = "合計" if contract == TOTAL else vocab.CONTRACT.label(contract)
            header += [f"{name} 契約件数", "割合", f"{name} 契約金額", "割合"]
        rows = []
        for category in CATEGORIES:
            label = "契約実績 合計" if category == TOTAL else vocab.COMPANY.label(category)
            cells = [label]
            for contract in CONTRACTS:
                c = self.cells[(category, contract)]
                cells += [number(c.count), pct_text(c.count_share, self.places),
                          number(c.amount), pct_text(c.amount_share, self.places)]
            rows.append(Row(tuple(cells), "total" if category == TOTAL else "item", category))
        return StatTable(caption or f"{self.period.label} 規模等・種別契約実績割合",
                         tuple(header), rows, "件、百万円")


def build(period: Period, places: int, figures) -> ProcurementTable | None:
    """The table of one fiscal year from its ProcurementFigure rows (None when there are none)."""
    base: dict[tuple[str, str], tuple[int, int]] = {
        (f.category, f.contract_type): (f.count, f.amount) for f in figures}
    if not base:
        return None
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for (category, contract), (count, amount) in base.items():
        for key in ((category, contract), (category, TOTAL), (TOTAL, contract), (TOTAL, TOTAL)):
            sums[key][0] += count
            sums[key][1] += amount
    cells = {}
    for category in CATEGORIES:
        for contract in CONTRACTS:
            count, amount = sums.get((category, contract), (0, 0))
            total_count, total_amount = sums[(TOTAL, contract)]
            cells[(category, contract)] = Cell(count, percent(count, total_count, places),
                                               amount, percent(amount, total_amount, places))
    return ProcurementTable(period, places, cells)


def tables(dataset: Dataset) -> list[ProcurementTable]:
    """One table per fiscal year of the dataset, oldest first."""
    by_period = defaultdict(list)
    for f in ProcurementFigure.objects.filter(period__dataset=dataset):
        by_period[f.period_id].append(f)
    built = [build(p, dataset.percent_places, by_period[p.pk]) for p in dataset.periods.all()]
    return [t for t in built if t is not None]


# --- subsidised projects -------------------------------------------------------------------

@dataclass(frozen=True)
class SubsidisedRow:
    period: Period
    scope: str
    count: int
    count_share: Percent | None
    amount: int
    amount_share: Percent | None


def subsidised_rows(dataset: Dataset) -> list[SubsidisedRow]:
    places = dataset.percent_places
    figures: defaultdict[int, dict[str, SubsidisedContracts]] = defaultdict(dict)
    for contracts in SubsidisedContracts.objects.filter(period__dataset=dataset):
        figures[contracts.period_id][contracts.scope] = contracts
    rows = []
    for period in dataset.periods.all():
        whole = figures[period.pk].get("all")
        for scope, _ in vocab.SUBSIDY_SCOPE.items:
            s = figures[period.pk].get(scope)
            if s is None:
                continue
            rows.append(SubsidisedRow(
                period, scope, s.count, percent(s.count, whole.count if whole else None, places),
                s.amount, percent(s.amount, whole.amount if whole else None, places)))
    return rows


def subsidised_table(dataset: Dataset) -> StatTable:
    rows = []
    previous = None
    for r in subsidised_rows(dataset):
        rows.append(Row((r.period.label if r.period != previous else "",
                         vocab.SUBSIDY_SCOPE.label(r.scope), number(r.count),
                         pct_text(r.count_share), number(r.amount), pct_text(r.amount_share)),
                        "total" if r.scope == "all" else "item"))
        previous = r.period
    return StatTable(dataset.title, ("年度", "範囲", "契約件数", "割合", "契約金額", "割合"), rows,
                     "件、百万円")
