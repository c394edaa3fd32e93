"""Derived percentages: kept exact, printed rounded half up as the city's tables are.

``percent(part, whole)`` returns a ``Percent`` that holds the exact ratio (a Fraction) and
rounds only when printed: ``Percent.rounded(1)`` → Decimal("21.6"), ``str(p)`` → "21.6%".
Rounding from the exact fraction (never from an already rounded value) is what makes the
printed figures reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Context, Decimal
from fractions import Fraction

from shisaku.lib.textnorm import format_fixed

_EXACT = Context(prec=28)


def _fraction(value) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(Decimal(value))


def round_half_up(value: Fraction, places: int) -> Decimal:
    """Round a Fraction to `places` decimals, ties away from zero (四捨五入).

    The same as ``Decimal.quantize(..., ROUND_HALF_UP)``, but from the exact fraction: 1/3
    has no exact Decimal, and rounding a 28-digit approximation could round twice.
    """
    scale = 10**places
    scaled = abs(value) * scale
    whole = int(scaled + Fraction(1, 2))  # floor(x + 1/2) for x ≥ 0
    result = Decimal(whole).scaleb(-places)
    return -result if value < 0 and whole else result


@dataclass(frozen=True)
class Percent:
    """A percentage derived from figures: exact, rounded on demand."""

    value: Fraction  # in percent: Fraction(216, 10) is 21.6 %
    places: int = 1

    @property
    def exact(self) -> Decimal:
        """The value with 28 significant digits, for checks and exports."""
        return _EXACT.divide(Decimal(self.value.numerator), Decimal(self.value.denominator))

    def rounded(self, places: int | None = None) -> Decimal:
        return round_half_up(self.value, self.places if places is None else places)

    def text(self, places: int | None = None, sign: bool = False) -> str:
        r = self.rounded(places)
        prefix = "+" if sign and r > 0 else ""
        return f"{prefix}{r}%"

    def __str__(self) -> str:
        return self.text()


def percent(part, whole, places: int = 1) -> Percent | None:
    """part / whole × 100, or None when whole is 0 or either is missing."""
    if part is None or whole is None:
        return None
    whole_f = _fraction(whole)
    if whole_f == 0:
        return None
    return Percent(_fraction(part) * 100 / whole_f, places)


def change_rate(before, after, places: int = 1) -> Percent | None:
    """(after − before) / before × 100 (増減割合)."""
    if before is None or after is None:
        return None
    return percent(_fraction(after) - _fraction(before), before, places)


def relative_change(before: Percent | None, after: Percent | None,
                    places: int = 1) -> Percent | None:
    """Change of a share relative to itself (構成比変化率): (after − before) / before × 100."""
    if before is None or after is None or before.value == 0:
        return None
    return Percent((after.value - before.value) * 100 / before.value, places)


def number(value, places: int = 0, sign: bool = False) -> str:
    """1588 → "1,588"; -1588 → "-1,588"; sign=True prints "+209". None → "—"."""
    return format_fixed(value, places, sign=sign, empty="—")


def pct_text(p: Percent | None, places: int | None = None, sign: bool = False) -> str:
    return "—" if p is None else p.text(places, sign)
