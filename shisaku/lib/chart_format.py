"""Numbers and labels on a chart: decimal places, value and tick labels, label fitting."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal

from shisaku.lib.chart_setup import _BASE_SIZE, _PT_PER_CM, _SMALL_SIZE
from shisaku.lib.textnorm import format_fixed

# --- formatting helpers ----------------------------------------------------------------


def _to_decimal(value: Decimal | float | int | None) -> Decimal | None:
    """None, NaN and infinities all mean "no value": a gap, never a bar or a crash."""
    if value is None:
        return None
    # str() gives the shortest repr, so 0.1 stays 0.1 rather than 0.1000000000000000055…
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return d if d.is_finite() else None


def _common_places(values: Sequence[Decimal]) -> int:
    """Decimal places that show every value exactly, so 79 and 75.9 read as 79.0 / 75.9."""
    places = 0
    for v in values:
        exponent = v.normalize().as_tuple().exponent
        if isinstance(exponent, int):
            places = max(places, -exponent)
    return min(places, 6)


def _format_value(value: Decimal, places: int = 0) -> str:
    """1500 → "1,500"; with places=1, 79 → "79.0" and 1234.5 → "1,234.5"."""
    return format_fixed(value, places)


def _value_label_offset(
    value: float, target: float | None, pt_in_data: float
) -> tuple[float, bool]:
    """Where the actual's value label goes so it does not hide the target marker.

    Returns (offset in points from the bar end, inside the bar?). Everything is
    measured in points, positive meaning beyond the bar end.
    """
    label_h, gap, marker_r = _SMALL_SIZE * 1.25, 2.0, 6.0
    if target is None:
        return gap, False
    direction = 1 if value >= 0 else -1
    t = (target - value) * direction / pt_in_data
    marker = (t - marker_r, t + marker_r)

    def clear(lo: float, hi: float) -> bool:
        return hi <= marker[0] or lo >= marker[1]

    if clear(gap, gap + label_h):
        return gap, False
    if clear(-gap - label_h, -gap) and abs(value) / pt_in_data >= label_h + 2 * gap:
        return gap, True
    return max(gap, marker[1] + 1), False  # above the marker


def _format_tick(x: float, _pos: int | None = None) -> str:
    s = f"{x:,.6f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s.replace("-", "\u2212")


def _text_width_em(s: str) -> float:
    # Full-width (Japanese) characters are ~1 em, Latin ones ~0.6 em.
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in s)


def _chars_fitting(slot_cm: float, size: float = _SMALL_SIZE) -> int:
    return int(slot_cm * _PT_PER_CM * 0.9 / size)


def _fit_labels(labels: list[str], slot_cm: float) -> tuple[list[str], int]:
    """Keep x labels from overlapping: break "R2 (2020)" onto two lines, then rotate."""
    limit_em = slot_cm * _PT_PER_CM * 0.9 / _BASE_SIZE
    if all(_text_width_em(s) <= limit_em for s in labels):
        return labels, 0
    wrapped = [s.replace(" ", "\n", 1) for s in labels]
    if all(_text_width_em(line) <= limit_em for s in wrapped for line in s.split("\n")):
        return wrapped, 0
    return labels, 45
