"""Breakdowns of an actual, typed as the report prints them: 新規38件・変更21件."""

import re
from decimal import Decimal

from shisaku.lib.textnorm import normalize_digits, parse_number

from .units import UNITS

_SEPARATORS = re.compile(r"[、・／/;；\n]+")  # not "," : it groups thousands
_ITEM = re.compile(r"^(?P<label>.*?\D)\s*[:：]?\s*(?P<value>[-△▲]?[\d,]+(?:\.\d+)?)\s*(?P<unit>\D*)$")


class BreakdownError(ValueError):
    pass


def parse_breakdown(text: str) -> list[dict]:
    """'新規38件・変更21件' → [{'label': '新規', 'value': 38}, {'label': '変更', 'value': 21}]."""
    items = []
    for part in _SEPARATORS.split(normalize_digits(text or "").strip()):
        part = part.strip().strip("()（）")
        if not part:
            continue
        match = _ITEM.match(part)
        if not match or not match.group("label").strip():
            raise BreakdownError(f"内訳「{part}」は「項目名 数値」の形で入力してください（例: 新規38件）")
        unit = match.group("unit").strip()
        if unit and unit not in UNITS:
            raise BreakdownError(f"内訳「{part}」の単位「{unit}」を読み取れません")
        value = parse_number(match.group("value"))
        items.append({"label": match.group("label").strip(), "value": _plain(value)})
    return items


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


BRACKETS = {"": "{}", "full": "（{}）", "report": " ({})"}


def format_breakdown(items: list[dict], unit: str = "", *, brackets: str = "",
                     labels: bool = True) -> str:
    """The one spelling of a breakdown: 新規38件・変更21件.

    brackets="full": as it follows its total on a screen, 59（新規38件・変更21件）;
    brackets="report": inside the report's indicator tables, as the city prints them
    (59 (新規38件・変更21件)) — like the short year R3 (2021) 年度 there.
    labels=False: the values only, as a target's breakdown is printed (1,950,000（220,000）).
    """
    text = "・".join(f"{item.get('label', '') if labels else ''}{_fmt(item['value'])}{unit}"
                    for item in items or [])
    return BRACKETS[brackets].format(text) if text else ""


def _fmt(value) -> str:
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,}"
