"""Industrial structure from the economic census: the derived columns of the city's tables.

From the stored counts of one census dataset (one measure, several years) this builds
what the report prints: 全産業, the 第一次/第二次/第三次産業 subtotals and each industry,
with 増減数, 増減割合, 構成比 and 構成比変化率 between two of its years.

Rules, as the published tables apply them:

* 全産業 is the published total when the dataset holds one (a census total can include
  establishments no industry row shows), else the sum of the rows. When both exist and
  differ, the table says so in a check line instead of silently picking one.
* Subtotals are always the sum of their rows.
* 構成比 = value / 全産業 of the same year; 増減割合 = (b − a) / a;
  構成比変化率 = (構成比b − 構成比a) / 構成比a. All exact, rounded half up to the dataset's
  places (one decimal) only when printed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import industries
from .models import CensusValue, Dataset, Period, groups_of
from .ratios import Percent, change_rate, number, pct_text, percent, relative_change
from .tabular import Row, StatTable


@dataclass(frozen=True)
class CensusRow:
    key: str  # "ALL", "sector-2", or an industry code
    label: str
    level: str  # total | subtotal | item
    values: tuple[int | None, ...]  # one per period of the table
    shares: tuple[Percent | None, ...]
    change: int | None = None  # between the table's pair of periods
    change_rate: Percent | None = None
    share_change_rate: Percent | None = None


@dataclass
class CensusTable:
    dataset: Dataset
    periods: list[Period]
    rows: list[CensusRow]
    pair: tuple[int, int] | None  # indexes into periods: the compared years
    checks: list[str] = field(default_factory=list)

    def row(self, key: str) -> CensusRow:
        return next(r for r in self.rows if r.key == key)

    @property
    def groups(self) -> list[str]:
        return groups_of(self.periods)

    @property
    def spans_groups(self) -> bool:
        return len(self.groups) > 1

    @property
    def has_industries(self) -> bool:
        return any(r.level == "item" for r in self.rows)

    def header(self) -> tuple[str, ...]:
        measure = self.dataset.get_measure_display()
        cols = ["業種大分類"]
        cols += [f"{measure} {p.label}" for p in self.periods]
        if self.pair:
            cols += ["増減数", "増減割合"]
        cols += [f"構成比 {p.label}" for p in self.periods]
        if self.pair:
            cols.append("構成比変化率")
        return tuple(cols)

    def cells(self, row: CensusRow) -> tuple[str, ...]:
        places = self.dataset.percent_places
        out = [row.label] + [number(v) for v in row.values]
        if self.pair:
            out += [number(row.change), pct_text(row.change_rate, places)]
        out += [pct_text(s, places) for s in row.shares]
        if self.pair:
            out.append(pct_text(row.share_change_rate, places))
        return tuple(out)

    def as_table(self) -> StatTable:
        return StatTable(
            caption=self.dataset.title,
            header=self.header(),
            rows=[Row(self.cells(r), r.level, r.key) for r in self.rows],
            unit=self.dataset.unit,
            notes=list(self.checks),
        )


def values_by_period(dataset: Dataset) -> dict[int, dict[str, int]]:
    """{period id: {industry: value}} in one query."""
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for period_id, code, value in CensusValue.objects.filter(period__dataset=dataset).values_list(
        "period_id", "industry", "value"
    ):
        out[period_id][code] = value
    return out


def _totals(period: Period, values: dict[str, int], checks: list[str]) -> int | None:
    rows = [v for code, v in values.items() if code != industries.ALL]
    published = values.get(industries.ALL)
    summed = sum(rows) if rows else None
    if published is not None and summed is not None and summed != published:
        checks.append(
            f"{period.label}: 業種の合計 {summed:,} が全産業 {published:,} と一致しません"
            f"（差 {summed - published:+,}）。構成比は全産業を分母にしています。"
        )
    return published if published is not None else summed


def build(dataset: Dataset, periods: Sequence[Period], pair: tuple[int, int] | None = None,
          values: dict[int, dict[str, int]] | None = None) -> CensusTable:
    """The census table of `periods` (in that order), comparing `pair` (default: last two)."""
    periods = list(periods)
    values = values_by_period(dataset) if values is None else values
    per_period = [values.get(p.pk, {}) for p in periods]
    if pair is None and len(periods) >= 2:
        pair = (len(periods) - 2, len(periods) - 1)
    places = dataset.percent_places
    checks: list[str] = []
    totals = [_totals(p, v, checks) for p, v in zip(periods, per_period, strict=True)]

    def make(key: str, label: str, level: str, vals: list[int | None]) -> CensusRow:
        shares = tuple(percent(v, t, places) for v, t in zip(vals, totals, strict=True))
        row = CensusRow(key, label, level, tuple(vals), shares)
        if pair is None:
            return row
        a, b = pair
        before, after = vals[a], vals[b]
        change = None if before is None or after is None else after - before
        return CensusRow(key, label, level, tuple(vals), shares, change,
                         change_rate(before, after, places),
                         relative_change(shares[a], shares[b], places))

    present = {code for v in per_period for code in v if code != industries.ALL}
    checks += industries.overlap_errors(present)
    rows = [make(industries.ALL, industries.TOTAL_NAME, "total", totals)]
    for sector, sector_name in industries.SECTORS.items():
        codes = [i.code for i in industries.INDUSTRIES if i.sector == sector and i.code in present]
        if not codes:
            continue
        sums = [
            sum(v[c] for c in codes if c in v) if any(c in v for c in codes) else None
            for v in per_period
        ]
        rows.append(make(f"sector-{sector}", sector_name, "subtotal", sums))
        rows += [make(c, industries.name(c), "item", [v.get(c) for v in per_period])
                 for c in codes]
    return CensusTable(dataset, periods, rows, pair, checks)


def for_dataset(dataset: Dataset, key_a: str | None = None, key_b: str | None = None) -> CensusTable:
    """Every period of the dataset; the pair compared is (key_a, key_b) or the last two."""
    periods = list(dataset.periods.all())
    keys = [p.key for p in periods]
    pair = None
    if key_a in keys and key_b in keys and key_a != key_b:
        pair = (keys.index(key_a), keys.index(key_b))
    return build(dataset, periods, pair)


def ranking(table: CensusTable, index: int, top: int = 3) -> list[CensusRow]:
    """The industries with the largest shares in period `index`, largest first."""
    shares = [(share.value, r) for r in table.rows
              if r.level == "item" and (share := r.shares[index]) is not None]
    return [r for _value, r in sorted(shares, key=lambda pair: pair[0], reverse=True)[:top]]
