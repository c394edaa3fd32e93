"""The time axis of a dataset: calendar years (census), fiscal years, quarters (DI).

A period is stored as a sortable key ("2016", "2022Q2") with a printed label
("H28(2016)", "令和3(2021)年度", "2022年4-6月期").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shisaku.lib.era import ERAS, format_fy, fy_era, parse_fy
from shisaku.lib.textnorm import normalize_ascii


@dataclass(frozen=True)
class PeriodValue:
    key: str
    label: str
    order: int


YEAR, FISCAL_YEAR, QUARTER = "year", "fy", "quarter"


def year_label(year: int) -> str:
    """2016 → "H28(2016)", as the census tables head their columns."""
    era, n = fy_era(year)
    abbr = next(e.abbr for e in ERAS if e.name == era)
    return f"{abbr}{n}({year})"


def year_prose(year: int) -> str:
    """2016 → "平成28（2016）年", as the report's sentences write a census year."""
    era, n = fy_era(year)
    return f"{era}{'元' if n == 1 else n}（{year}）年"


def parse_year(text: str) -> PeriodValue:
    """2016, 2016年, H28(2016), 平成28年 → the census year 2016."""
    year = _parse_year_number(text, "年")
    return PeriodValue(str(year), year_label(year), year * 10)


def parse_fiscal_year(text: str) -> PeriodValue:
    """2021, 令和3年度, R3, 令和3（2021）年度 → FY2021."""
    fy = _parse_year_number(text, "年度")
    return PeriodValue(str(fy), format_fy(fy, "paren"), fy * 10)


def _parse_year_number(text, unit: str) -> int:
    raw = str(text).strip() if text is not None else ""
    if not raw:
        raise ValueError(f"{unit}が空欄です")
    try:
        year = parse_fy(raw)
    except ValueError:
        raise ValueError(f"「{raw}」は{unit}として読み取れません") from None
    if not 1950 <= year <= 2200:
        raise ValueError(f"「{raw}」は{unit}として範囲外です")
    return year


_QUARTER_KEY = re.compile(r"(?P<y>\d{4})[-/ ]?Q(?P<q>[1-4])")
_QUARTER_MONTHS = re.compile(
    r"(?P<year>.+?)年?(?P<m1>\d{1,2})[-~〜～ー―](?P<m2>\d{1,2})月期?")
_FIRST_MONTHS = {1: 1, 4: 2, 7: 3, 10: 4}


def quarter_label(year: int, q: int) -> str:
    first = (q - 1) * 3 + 1
    return f"{year}年{first}-{first + 2}月期"


def parse_quarter(text: str) -> PeriodValue:
    """2022Q2, 2022年4-6月期, 令和4年4～6月期 → the calendar quarter April-June 2022."""
    raw = str(text).strip() if text is not None else ""
    s = re.sub(r"\s+", "", normalize_ascii(raw)).upper()
    m = _QUARTER_KEY.fullmatch(s)
    if m:
        year, q = int(m["y"]), int(m["q"])
    else:
        m = _QUARTER_MONTHS.fullmatch(s)
        if m is None:
            raise ValueError(f"「{raw}」は四半期（例: 2022年4-6月期）として読み取れません")
        first, last = int(m["m1"]), int(m["m2"])
        if first not in _FIRST_MONTHS or last != first + 2:
            raise ValueError(f"「{raw}」の月の範囲が四半期になっていません")
        try:
            year = parse_fy(m["year"].rstrip("年"))
        except ValueError:
            raise ValueError(f"「{raw}」の年を読み取れません") from None
        q = _FIRST_MONTHS[first]
    return PeriodValue(f"{year}Q{q}", quarter_label(year, q), year * 10 + q)


def end_date(kind: str | None, key: str):
    """The last day of a period ("2016" census year → 2016-12-31, FY "2021" → 2022-03-31,
    "2022Q2" → 2022-06-30); None when the key is not a period of that kind."""
    import calendar
    from datetime import date

    try:
        value = parse(kind, key) if kind else None
    except (KeyError, ValueError):
        return None
    if value is None:
        return None
    if kind == YEAR:
        return date(int(value.key), 12, 31)
    if kind == FISCAL_YEAR:
        return date(int(value.key) + 1, 3, 31)
    year, q = int(value.key[:4]), int(value.key[-1])
    month = q * 3
    return date(year, month, calendar.monthrange(year, month)[1])


PARSERS = {YEAR: parse_year, FISCAL_YEAR: parse_fiscal_year, QUARTER: parse_quarter}
HEADERS = {YEAR: "年", FISCAL_YEAR: "年度", QUARTER: "期"}


def parse(kind: str, text) -> PeriodValue:
    return PARSERS[kind](text)


def from_key(kind: str, key: str) -> PeriodValue:
    """Rebuild label and order from a stored key."""
    return parse(kind, key)


# --- comparability of census years ---------------------------------------------------------

ESTABLISHMENT_SURVEY = "事業所・企業統計調査（平成18年以前）"
CENSUS_2009_2016 = "経済センサス（平成21年〜平成28年）"
CENSUS_2021 = "経済センサス（令和3年以降）"


def census_group(year: int) -> str:
    """The comparability group of a census year: years in different groups do not compare.

    ≤2006 are the 事業所・企業統計調査; 2009-2016 the 経済センサス; from 2021 the census
    figures differ from the earlier censuses (as the city's plan notes).
    """
    if year <= 2006:
        return ESTABLISHMENT_SURVEY
    if year <= 2016:
        return CENSUS_2009_2016
    return CENSUS_2021


def break_positions(groups) -> list[int]:
    """Indexes where the comparability group changes from the previous category."""
    return [i for i in range(1, len(groups)) if groups[i] != groups[i - 1]]
