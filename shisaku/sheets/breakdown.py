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


def format_breakdown(items: list[dict], unit: str = "") -> str:
    return "・".join(f"{item['label']}{_fmt(item['value'])}{unit}" for item in items or [])


def _fmt(value) -> str:
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,}"
