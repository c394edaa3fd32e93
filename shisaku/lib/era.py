"""Japanese era (和暦) ↔ fiscal year (年度) and date helpers.

The city's fiscal year runs April 1 - March 31 and is stored as the plain int of
the calendar year it starts in (FY2021 = 2021-04-01 .. 2022-03-31). Documents
write it in many ways (令和3（2021）年度, R3 (2021) 年度, 令和３年度 …); this module
formats one canonical spelling per style and parses all of them back.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from shisaku.lib.textnorm import normalize_ascii


@dataclass(frozen=True)
class Era:
    name: str  # 令和
    abbr: str  # R
    start: date  # first day of the era
    end: date | None  # last day of the era; None while it is current

    @property
    def first_year(self) -> int:
        """Western year of the era's year 1 (元年)."""
        return self.start.year

    @property
    def last_era_year(self) -> int | None:
        """Highest era year that exists (平成 → 31), None for the current era."""
        return None if self.end is None else self.end.year - self.first_year + 1

    def western(self, era_year: int) -> int:
        return self.first_year + era_year - 1


# Oldest first. Eras before 昭和 are out of scope for a municipal policy archive.
ERAS: tuple[Era, ...] = (
    Era("昭和", "S", date(1926, 12, 25), date(1989, 1, 7)),
    Era("平成", "H", date(1989, 1, 8), date(2019, 4, 30)),
    Era("令和", "R", date(2019, 5, 1), None),
)

_BY_NAME: dict[str, Era] = {e.name: e for e in ERAS} | {e.abbr: e for e in ERAS}

FY_STYLES = ("full", "short", "era", "western", "paren")
DATE_STYLES = ("full", "month")

_ERA_TOKEN = "|".join(sorted(_BY_NAME, key=len, reverse=True))
_SUFFIX = r"(?:年度|年)?"

# Inputs are normalised first (ASCII width, whitespace removed, upper-cased), so
# the patterns only need to cover half-width forms.
_FY_ERA_FIRST = re.compile(
    rf"(?P<era>{_ERA_TOKEN})(?P<ey>元|\d{{1,3}})"
    rf"(?:{_SUFFIX}\((?:FY)?(?P<west>\d{{4}}){_SUFFIX}\))?{_SUFFIX}"
)
_FY_WESTERN_FIRST = re.compile(
    rf"(?:FY)?(?P<west>\d{{4}})"
    rf"(?:{_SUFFIX}\((?P<era>{_ERA_TOKEN})(?P<ey>元|\d{{1,3}}){_SUFFIX}\))?{_SUFFIX}"
)

_DATE_ERA_KANJI = re.compile(
    rf"(?P<era>{_ERA_TOKEN})(?P<ey>元|\d{{1,3}})年(?P<m>\d{{1,2}})月(?:(?P<d>\d{{1,2}})日)?"
)
_DATE_ERA_DOTTED = re.compile(
    rf"(?P<era>{_ERA_TOKEN})(?P<ey>元|\d{{1,3}})(?P<sep>[./-])(?P<m>\d{{1,2}})"
    rf"(?:(?P=sep)(?P<d>\d{{1,2}}))?"
)
_DATE_WESTERN_KANJI = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?")
_DATE_WESTERN_DOTTED = re.compile(
    r"(?P<y>\d{4})(?P<sep>[./-])(?P<m>\d{1,2})(?:(?P=sep)(?P<d>\d{1,2}))?"
)


def _compact(text: str) -> str:
    """Width-fold, drop all whitespace and upper-case so 'r 3' and 'Ｒ３' look alike."""
    return re.sub(r"\s+", "", normalize_ascii(text)).upper()


def _year_label(n: int) -> str:
    # Year 1 of an era is always written 元年 in prose.
    return "元" if n == 1 else str(n)


def _era_for_fy(fy: int) -> Era:
    # An era that starts during a fiscal year names that whole year (FY2019 is
    # 令和元年度 even though April 2019 was still 平成). 昭和 began 1926-12-25,
    # inside FY1926, so FY1926 is 昭和元年度 by the same rule.
    for era in reversed(ERAS):
        if fy >= era.first_year:
            return era
    raise ValueError(f"{fy}年度は昭和より前のため和暦に変換できません")


def fy_era(fy: int) -> tuple[str, int]:
    """Era name and era year used to label fiscal year `fy` (2021 → ("令和", 3))."""
    era = _era_for_fy(fy)
    return era.name, fy - era.first_year + 1


def format_fy(fy: int, style: str = "full") -> str:
    """Spell fiscal year `fy` in one of FY_STYLES.

    full: 令和3（2021）年度   short: R3 (2021) 年度   era: 令和3年度
    western: 2021年度         paren: 令和3(2021)年度
    """
    if style == "western":
        return f"{fy}年度"
    era = _era_for_fy(fy)
    n = fy - era.first_year + 1
    if style == "full":
        return f"{era.name}{_year_label(n)}（{fy}）年度"
    if style == "short":
        # Report column headers print R1, not R元 — keep that exact spelling.
        return f"{era.abbr}{n} ({fy}) 年度"
    if style == "era":
        return f"{era.name}{_year_label(n)}年度"
    if style == "paren":
        return f"{era.name}{_year_label(n)}({fy})年度"
    raise ValueError(f"年度の表記形式「{style}」は未対応です（{', '.join(FY_STYLES)}）")


def _era_to_western(era_key: str, ey_text: str, original: str) -> int:
    """Convert an era year to a western year, allowing the final partial year (平成31)."""
    era = _BY_NAME[era_key]
    n = 1 if ey_text == "元" else int(ey_text)
    if n < 1:
        raise ValueError(f"「{original}」：和暦の年は1（元年）以上で指定してください")
    last = era.last_era_year
    if last is not None and n > last:
        raise ValueError(f"「{original}」：{era.name}は{last}年までです")
    return era.western(n)


def parse_fy(text: str) -> int:
    """Read any written form of a fiscal year and return its start year.

    Accepts era-first (令和3（2021）年度, R3, 令和元年度), western-first
    (2021年度, FY2021, 2016（平成28）年度) and mixed full/half width. 平成31年度 is
    accepted as 2019 because documents drafted before May 2019 use it.
    """
    original = text.strip() if isinstance(text, str) else str(text)
    if not isinstance(text, str):
        raise ValueError(f"「{original}」を年度として読み取れません")
    s = _compact(text)
    m = _FY_ERA_FIRST.fullmatch(s) or _FY_WESTERN_FIRST.fullmatch(s)
    if m is None:
        raise ValueError(f"「{original}」を年度として読み取れません")
    west = int(m["west"]) if m["west"] else None
    from_era = _era_to_western(m["era"], m["ey"], original) if m["era"] else None
    if west is not None and from_era is not None and west != from_era:
        raise ValueError(f"「{original}」の和暦と西暦が一致しません")
    result = from_era if from_era is not None else west
    assert result is not None  # both regexes require at least one year
    return result


def era_year(d: date) -> tuple[str, int]:
    """Era of a calendar date (2019-04-30 → ("平成", 31), 2019-05-01 → ("令和", 1))."""
    for era in reversed(ERAS):
        if d >= era.start:
            return era.name, d.year - era.first_year + 1
    raise ValueError(f"{d.isoformat()}は昭和より前の日付のため和暦に変換できません")


def format_date(d: date, style: str = "full") -> str:
    """令和4年8月1日 (full) or 令和4年8月 (month, as rosters print 「令和4年8月現在」)."""
    name, n = era_year(d)
    head = f"{name}{_year_label(n)}年{d.month}月"
    if style == "full":
        return f"{head}{d.day}日"
    if style == "month":
        return head
    raise ValueError(f"日付の表記形式「{style}」は未対応です（{', '.join(DATE_STYLES)}）")


def _check_in_era(era: Era, start: date, end: date, original: str) -> None:
    """Reject dates outside the era they are written in (令和元年4月30日 never existed)."""
    if end < era.start:
        raise ValueError(
            f"「{original}」は{era.name}の始まり（{format_western(era.start)}）より前の日付です"
        )
    if era.end is not None and start > era.end:
        raise ValueError(
            f"「{original}」は{era.name}の終わり（{format_western(era.end)}）より後の日付です"
        )


def format_western(d: date) -> str:
    """2019年5月1日 — used in messages and wherever the western calendar is wanted."""
    return f"{d.year}年{d.month}月{d.day}日"


def _build_date(y: int, m: int, d: int | None, original: str) -> tuple[date, date]:
    """Return (first, last) day covered: one day, or the whole month for 令和4年8月."""
    try:
        if d is None:
            last_day = calendar.monthrange(y, m)[1] if 1 <= m <= 12 else 0
            return date(y, m, 1), date(y, m, last_day)
        one = date(y, m, d)
    except ValueError as exc:
        raise ValueError(f"「{original}」は存在しない日付です") from exc
    return one, one


def parse_date(text: str) -> date:
    """Parse 令和4年8月1日, 令和4年8月 (→ 1st), R4.8.1, 2022年8月1日, 2022-08-01, 2022/8/1.

    Era dates must fall inside their era; a month-only date only has to overlap it
    (平成元年1月 is accepted and means 1989-01-01).
    """
    original = text.strip() if isinstance(text, str) else str(text)
    if not isinstance(text, str):
        raise ValueError(f"「{original}」を日付として読み取れません")
    s = _compact(text)
    m = _DATE_ERA_KANJI.fullmatch(s) or _DATE_ERA_DOTTED.fullmatch(s)
    if m is not None:
        era = _BY_NAME[m["era"]]
        n = 1 if m["ey"] == "元" else int(m["ey"])
        if n < 1:
            raise ValueError(f"「{original}」：和暦の年は1（元年）以上で指定してください")
        day = int(m["d"]) if m["d"] else None
        first, last = _build_date(era.western(n), int(m["m"]), day, original)
        _check_in_era(era, first, last, original)
        return first
    m = _DATE_WESTERN_KANJI.fullmatch(s) or _DATE_WESTERN_DOTTED.fullmatch(s)
    if m is not None:
        day = int(m["d"]) if m["d"] else None
        return _build_date(int(m["y"]), int(m["m"]), day, original)[0]
    raise ValueError(f"「{original}」を日付として読み取れません")


def fiscal_year_of(d: date) -> int:
    """Fiscal year containing `d` (2022-03-31 → 2021, 2022-04-01 → 2022)."""
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_bounds(fy: int) -> tuple[date, date]:
    """First and last day of fiscal year `fy` (April 1 .. March 31 of the next year)."""
    return date(fy, 4, 1), date(fy + 1, 3, 31)
