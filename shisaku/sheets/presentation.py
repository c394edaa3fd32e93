"""How a sheet's indicators read on the page (and later in the documents): one row per year."""

from dataclasses import dataclass
from decimal import Decimal

from shisaku.lib.textnorm import format_number

from .achievement import Bands, Rating, rate_display
from .breakdown import format_actual, format_breakdown
from .models import Indicator, IndicatorValue


@dataclass
class Cell:
    fiscal_year: int
    value: IndicatorValue | None
    rate: Decimal | None
    rating: Rating

    @property
    def rate_text(self) -> str:
        return rate_display(self.rate)


def number(value: Decimal | None) -> str:
    """1500 → 1,500; 12.50 → 12.5 (``lib.textnorm.format_number``)."""
    return format_number(value)


def target_text(value: IndicatorValue | None, brackets: str = "full") -> str:
    """As printed: 1,950,000（220,000）: the part in brackets is the target's breakdown."""
    if value is None or value.target is None:
        return ""
    text = number(value.target)
    parts = value.target_breakdown or []
    return text + format_breakdown(parts, labels=False, brackets=brackets)


def actual_text(value: IndicatorValue | None, brackets: str = "full") -> str:
    """59（新規38件・変更21件）, 中止, or the number; brackets="report" in the report's tables."""
    if value is None:
        return ""
    if value.actual_status != "measured":
        return value.get_actual_status_display()
    if value.breakdown:
        return format_actual(value.actual, value.breakdown, value.indicator.unit, brackets=brackets)
    return number(value.actual)


def cells(indicator: Indicator, years: list[int], bands: Bands, values=None) -> list[Cell]:
    """`values`: the indicator's values this reader may see (default: all it has)."""
    by_year = {v.fiscal_year: v for v in (indicator.values.all() if values is None else values)}
    out = []
    for fy in years:
        value = by_year.get(fy)
        if value is None:
            out.append(Cell(fy, None, None, Rating.NOT_RATED))
            continue
        value.indicator = indicator  # avoid a query per value
        out.append(Cell(fy, value, value.rate(), value.rating(bands)))
    return out
