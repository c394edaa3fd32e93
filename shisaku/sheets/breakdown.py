"""Breakdowns of an actual, typed as the report prints them: 新規38件・変更21件.

Staff also type an actual with its breakdown in one field, as it is printed:
`59（新規38件・変更21件）` (half- or full-width brackets and digits, 、 or ・ between the parts,
thousands commas, a unit after the numbers): `parse_actual` splits it into the actual and the
breakdown, and `format_actual` prints it back the one way (full-width brackets).
"""

import re
from decimal import Decimal

from django.utils.translation import gettext as _

# The printing side is framework-free, in lib (core's template filter uses it too).
from shisaku.lib.textnorm import format_actual as format_actual
from shisaku.lib.textnorm import format_breakdown as format_breakdown
from shisaku.lib.textnorm import normalize_digits, parse_number

from .units import UNITS

_SEPARATORS = re.compile(r"[、・／/;；\n]+")  # not "," : it groups thousands
_ITEM = re.compile(r"^(?P<label>.*?\D)\s*[:：]?\s*(?P<value>[-△▲]?[\d,]+(?:\.\d+)?)\s*(?P<unit>\D*)$")


_ACTUAL = re.compile(
    r"^(?P<total>[-△▲+]?[\d,]+(?:\.\d+)?)\s*(?P<unit>[^\d()（）]*?)\s*"
    r"(?:\((?P<parts>[^()]*)\))?$")


class BreakdownError(ValueError):
    pass


def parse_actual(text: str, unit: str = "") -> tuple[Decimal | None, list[dict] | None]:
    """'59（新規38件・変更21件）' → (59, [新規 38, 変更 21]); '1,500' or '59件' → (…, None).

    The breakdown is None when the text has no bracketed part (the breakdown field then
    stands as typed). `unit`: the indicator's unit; another unit after the total is refused.
    Whether the parts add up to the total is not checked here: the report sometimes lists
    only part of it (IndicatorValue.breakdown_mismatch warns).
    """
    typed = (text or "").strip()
    if not typed:
        return None, None
    match = _ACTUAL.match(re.sub(r"\s+", " ", normalize_digits(typed)))
    if match is None:
        raise BreakdownError(_("「%(text)s」を実績として読み取れません。数値か、"
                               "「59（新規38件・変更21件）」の形で入力してください") % {"text": typed})
    typed_unit = match.group("unit").strip()
    if typed_unit and typed_unit not in UNITS:
        raise BreakdownError(_("「%(text)s」の単位「%(unit)s」を読み取れません") % {
            "text": typed, "unit": typed_unit})
    if typed_unit and unit and typed_unit != unit:
        raise BreakdownError(_("「%(text)s」の単位「%(typed)s」がこの指標の単位「%(unit)s」と違います") % {
            "text": typed, "typed": typed_unit, "unit": unit})
    try:
        total = parse_number(match.group("total"))
    except ValueError as exc:
        raise BreakdownError(str(exc)) from None
    parts = match.group("parts")
    if parts is None:
        return total, None
    items = parse_breakdown(parts)
    if not items:
        raise BreakdownError(_("「%(text)s」の括弧の中に内訳がありません（例: 59（新規38件・変更21件））")
                             % {"text": typed})
    return total, items


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

