"""How each kind of dataset is laid out in a file, and how its cells are stored.

A file holds cells: a period, one value per dimension (業種, 地域 …) and a figure. The
*long* layout has one cell per row (年 | 業種 | 値); the *wide* layout, as e-Stat and the
city's tables print it, has the dimensions as leading columns and one column per period
(業種 | H26(2014) | H28(2016)). Both read into the same cells; ``Schema.write`` replaces the
stored figures of the periods a file contains.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from shisaku.lib.textnorm import parse_number

from . import industries, vocab
from .models import (
    BankruptcyCount,
    CensusValue,
    Dataset,
    DiValue,
    JobOfferRatio,
    Period,
    ProcurementFigure,
    RdInstitutionCount,
    SubsidisedContracts,
)

Key = tuple[str, ...]  # (period key, *dimension codes)
Cells = dict[Key, Decimal]


class Skip(Exception):
    """A cell that holds no figure on purpose (blank, 秘匿 x): read nothing, maybe warn."""

    def __init__(self, warning: str = ""):
        super().__init__(warning)
        self.warning = warning


@dataclass(frozen=True)
class Dimension:
    name: str
    headers: tuple[str, ...]
    parse: Callable[[str], str]
    label: Callable[[str], str]
    order: Callable[[str], int]


def _vocab_dim(v: vocab.Vocabulary, *headers: str) -> Dimension:
    return Dimension(v.name, (v.name, *headers), v.parse, v.label, v.order)


INDUSTRY = Dimension("業種", ("業種", "業種大分類", "産業大分類", "産業", "産業分類"),
                     industries.parse_industry, industries.name,
                     lambda c: industries.ORDER.get(c, len(industries.ORDER)))

MAX_COUNT = 2_147_483_647  # what every count column holds on SQLite and PostgreSQL
SECRET_MARKS = {"x", "X", "χ", "秘匿", "***"}
NOTHING_MARKS = {"", "…", "..."}
DASH_MARKS = {"-", "‐", "−", "－", "―", "ー"}  # e-Stat: 該当数値なし


def _special(text: str, zero_ok: bool) -> Decimal | None:
    """Marks that stand for no figure: blank, 秘匿 (x), 該当数値なし (-: 0 for counts)."""
    s = text.strip()
    if s in SECRET_MARKS:
        raise Skip(f"「{s}」は秘匿のため読み込みません")
    if s in DASH_MARKS:
        if zero_ok:
            return Decimal(0)
        raise Skip()
    if s in NOTHING_MARKS:
        raise Skip()
    return None


def _number(text: str) -> Decimal:
    try:
        return parse_number(text)
    except ValueError:
        raise ValueError(f"「{text.strip()}」は数値ではありません") from None


def count_value(text: str) -> Decimal:
    """A count: 0 or more, whole. 「-」 (該当数値なし) reads as 0."""
    special = _special(text, zero_ok=True)
    if special is not None:
        return special
    value = _number(text)
    if value != value.to_integral_value():
        raise ValueError(f"「{text.strip()}」は整数ではありません")
    if value < 0:
        raise ValueError(f"「{text.strip()}」は0以上の数ではありません")
    if value > MAX_COUNT:
        raise ValueError(f"「{text.strip()}」は大きすぎます")
    return value


def _decimal_value(places: int, low: Decimal | None, high: Decimal | None):
    def parse(text: str) -> Decimal:
        special = _special(text, zero_ok=False)
        if special is not None:
            return special
        value = _number(text)
        if -value.as_tuple().exponent > places:
            raise ValueError(f"「{text.strip()}」は小数点以下{places}桁までです")
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValueError(f"「{text.strip()}」は{low}から{high}の範囲外です")
        return value
    return parse


di_value = _decimal_value(1, Decimal(-100), Decimal(100))
ratio_value = _decimal_value(2, Decimal(0), Decimal(99))


@dataclass(frozen=True)
class Schema:
    kind: str
    dims: tuple[Dimension, ...]
    value_name: str
    value_headers: tuple[str, ...]
    parse_value: Callable[[str], Decimal]
    model: type
    to_cells: Callable[[list], Cells]  # stored rows → cells, for export
    to_rows: Callable[[dict[str, Period], Cells], list]  # cells → unsaved model rows
    check: Callable[[Cells], list[str]] = lambda cells: []  # errors across cells

    @property
    def long_headers(self) -> list[str]:
        return [d.name for d in self.dims] + [self.value_name]

    def stored_cells(self, dataset: Dataset) -> Cells:
        return self.to_cells(list(self.model.objects.filter(period__dataset=dataset)
                                  .select_related("period")))

    def write(self, dataset: Dataset, periods: dict[str, Period], cells: Cells) -> int:
        """Replace the figures of `periods` with `cells`; returns the rows written."""
        self.model.objects.filter(period__in=periods.values()).delete()
        rows = self.to_rows(periods, cells)
        self.model.objects.bulk_create(rows)
        return len(rows)

    def sort_key(self, key: Key) -> tuple:
        return tuple(d.order(code) for d, code in zip(self.dims, key[1:], strict=True))


def _int(d: Decimal) -> int:
    return int(d)


def _pairs(*dims: vocab.Vocabulary):
    """Count and amount go together: name the figures where one of them is missing."""

    def check(cells: Cells) -> list[str]:
        groups: dict[Key, set[str]] = defaultdict(set)
        for key in cells:
            groups[key[:-1]].add(key[-1])
        errors = []
        for key, measures in sorted(groups.items()):
            if measures != {"count", "amount"}:
                missing = "契約金額" if "amount" not in measures else "契約件数"
                names = " ".join(v.label(code) for v, code in zip(dims, key[1:], strict=True))
                errors.append(f"{key[0]}年度 {names}: {missing}がありません")
        return errors

    return check


def _pair_rows(model, periods, cells, fields: tuple[str, ...]) -> list:
    grouped: dict[Key, dict[str, int]] = defaultdict(dict)
    for key, value in cells.items():
        grouped[key[:-1]][key[-1]] = int(value)
    return [model(period=periods[key[0]], **dict(zip(fields, key[1:], strict=True)),
                  count=v["count"], amount=v["amount"]) for key, v in grouped.items()]


def _census_check(cells: Cells) -> list[str]:
    by_period: dict[str, set[str]] = defaultdict(set)
    for key in cells:
        by_period[key[0]].add(key[1])
    return [e for codes in by_period.values() for e in industries.overlap_errors(codes)]


SCHEMAS: dict[str, Schema] = {
    Dataset.Kind.CENSUS: Schema(
        Dataset.Kind.CENSUS, (INDUSTRY,), "値", ("値", "事業所数", "従業者数", "数"), count_value,
        CensusValue,
        lambda rows: {(r.period.key, r.industry): Decimal(r.value) for r in rows},
        lambda periods, cells: [CensusValue(period=periods[p], industry=i, value=_int(v))
                                for (p, i), v in cells.items()],
        _census_check,
    ),
    Dataset.Kind.DI: Schema(
        Dataset.Kind.DI, (_vocab_dim(vocab.DI_INDUSTRY), _vocab_dim(vocab.DI_KIND, "種類")),
        "DI", ("DI", "値"), di_value, DiValue,
        lambda rows: {(r.period.key, r.industry, r.kind): r.value for r in rows},
        lambda periods, cells: [DiValue(period=periods[p], industry=i, kind=k, value=v)
                                for (p, i, k), v in cells.items()],
    ),
    Dataset.Kind.BANKRUPTCY: Schema(
        Dataset.Kind.BANKRUPTCY, (), "倒産件数", ("倒産件数", "件数", "値"), count_value,
        BankruptcyCount,
        lambda rows: {(r.period.key,): Decimal(r.count) for r in rows},
        lambda periods, cells: [BankruptcyCount(period=periods[p], count=_int(v))
                                for (p,), v in cells.items()],
    ),
    Dataset.Kind.JOB_OFFER: Schema(
        Dataset.Kind.JOB_OFFER, (_vocab_dim(vocab.AREA, "エリア"),), "有効求人倍率",
        ("有効求人倍率", "倍率", "値"), ratio_value, JobOfferRatio,
        lambda rows: {(r.period.key, r.area): r.ratio for r in rows},
        lambda periods, cells: [JobOfferRatio(period=periods[p], area=a, ratio=v)
                                for (p, a), v in cells.items()],
    ),
    Dataset.Kind.RD: Schema(
        Dataset.Kind.RD, (_vocab_dim(vocab.WARD), _vocab_dim(vocab.RD_KIND, "種類")), "機関数",
        ("機関数", "値"), count_value, RdInstitutionCount,
        lambda rows: {(r.period.key, r.ward, r.kind): Decimal(r.count) for r in rows},
        lambda periods, cells: [RdInstitutionCount(period=periods[p], ward=w, kind=k,
                                                   count=_int(v))
                                for (p, w, k), v in cells.items()],
    ),
    Dataset.Kind.PROCUREMENT: Schema(
        Dataset.Kind.PROCUREMENT,
        (_vocab_dim(vocab.COMPANY, "規模等"), _vocab_dim(vocab.CONTRACT, "種別"),
         _vocab_dim(vocab.MEASURE)),
        "値", ("値",), count_value, ProcurementFigure,
        lambda rows: {k: Decimal(v) for r in rows for k, v in (
            ((r.period.key, r.category, r.contract_type, "count"), r.count),
            ((r.period.key, r.category, r.contract_type, "amount"), r.amount))},
        lambda periods, cells: _pair_rows(ProcurementFigure, periods, cells,
                                          ("category", "contract_type")),
        _pairs(vocab.COMPANY, vocab.CONTRACT),
    ),
    Dataset.Kind.SUBSIDISED: Schema(
        Dataset.Kind.SUBSIDISED, (_vocab_dim(vocab.SUBSIDY_SCOPE), _vocab_dim(vocab.MEASURE)),
        "値", ("値",), count_value, SubsidisedContracts,
        lambda rows: {k: Decimal(v) for r in rows for k, v in (
            ((r.period.key, r.scope, "count"), r.count),
            ((r.period.key, r.scope, "amount"), r.amount))},
        lambda periods, cells: _pair_rows(SubsidisedContracts, periods, cells, ("scope",)),
        _pairs(vocab.SUBSIDY_SCOPE),
    ),
}


def schema_for(dataset: Dataset) -> Schema | None:
    """None for kinds entered in the admin (surveys)."""
    return SCHEMAS.get(dataset.kind)
