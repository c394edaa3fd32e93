"""Text normalisation helpers for numbers typed or pasted from Japanese documents.

Framework-free on purpose: these run in importers, forms and the CLI alike.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

# Only these characters are folded. A blanket NFKC would also turn circled
# digits (①) into "1" and half-width katakana into full-width, which would
# silently change item numbers and names; so we NFKC one character at a time.
_FOLDABLE = frozenset("０１２３４５６７８９（），．－\u3000")

# Characters NFKC leaves alone but that people use as a minus sign.
_EXTRA_MINUS = {"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-"}

# The same folding as tables for str.translate (one C loop instead of one call per character).
_DIGITS_TABLE = {ord(ch): unicodedata.normalize("NFKC", ch) for ch in _FOLDABLE} | {
    ord(ch): minus for ch, minus in _EXTRA_MINUS.items()}
_ASCII_TABLE = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFF01, 0xFF5F)} | {
    0x3000: unicodedata.normalize("NFKC", "\u3000")} | {
    ord(ch): minus for ch, minus in _EXTRA_MINUS.items()}

_CIRCLED_FIRST = 0x2460  # ①
_CIRCLED_MAX = 20  # ⑳ is the last of the contiguous block U+2460..U+2473

# Japanese accounting documents print negatives as △3 or ▲3.
_NEGATIVE_MARKS = ("-", "△", "▲")

_NUMBER_RE = re.compile(
    r"""
    (?P<sign>[-△▲+])?
    (?P<int>\d{1,3}(?:,\d{3})+|\d+)   # either properly grouped or not grouped at all
    (?:\.(?P<frac>\d+))?
    """,
    re.VERBOSE,
)


def normalize_digits(text: str) -> str:
    """Fold full-width digits, parentheses, comma, period, minus and space to ASCII.

    Everything else (circled digits, kana, kanji, ▲/△) is left untouched.
    """
    return text.translate(_DIGITS_TABLE)


def normalize_ascii(text: str) -> str:
    """Fold every full-width ASCII variant (Ｒ, ／, ．, ０ …) and the ideographic space.

    Wider than normalize_digits: used when parsing codes such as "Ｒ３．８．１" where
    letters and slashes matter too. Circled digits are still left alone.
    """
    return text.translate(_ASCII_TABLE)


def parse_circled(ch: str) -> int:
    """①-⑳ → 1-20. Anything else is a ValueError (plain "1" included, by design)."""
    n = circled_value(ch)
    if n is None:
        raise ValueError(f"「{ch}」は丸数字（①〜⑳）ではありません")
    return n


def circled_value(ch: str) -> int | None:
    """①-⑳ → 1-20, anything else None (`parse_circled` without the error)."""
    s = ch.strip() if isinstance(ch, str) else ch
    if isinstance(s, str) and len(s) == 1:
        n = ord(s) - _CIRCLED_FIRST + 1
        if 1 <= n <= _CIRCLED_MAX:
            return n
    return None


def circled(n: int) -> str:
    """1-20 → ①-⑳. Beyond ⑳ Unicode's circled numbers are not contiguous, so we stop."""
    # bool is an int subclass; circled(True) would be a bug at the call site.
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= _CIRCLED_MAX:
        raise ValueError(f"丸数字にできるのは1〜{_CIRCLED_MAX}です（{n!r}）")
    return chr(_CIRCLED_FIRST + n - 1)


def item_mark(n: int) -> str:
    """The mark of a numbered item: ①-⑳, beyond them "(21)"."""
    try:
        return circled(n)
    except ValueError:
        return f"({n})"


def format_number(value: Decimal | int | float | str | None) -> str:
    """A figure as the screens and documents print it: 1500 → "1,500", 59.000 → "59",
    1500.500 → "1,500.5"; None → "". The one number formatter; figures printed with a fixed
    number of decimals (statistics' tables, chart labels) use ``format_fixed``."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        return str(number)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


def format_fixed(value: Decimal | int | float | str | None, places: int = 0, *,
                 sign: bool = False, minus: str = "-", empty: str = "") -> str:
    """A figure with exactly `places` decimals, as the statistics' tables and the charts
    print it: 1234.5 → "1,234.5" (places=1), 79 → "79.0". Rounded half away from zero
    (四捨五入: 0.125 → "0.13", -0.125 → "-0.13"), never to "-0"; `sign` puts "+" before a
    positive figure, `minus` is the mark of a negative one (the city's "△"); None → `empty`.
    """
    if value is None:
        return empty
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        return str(number)
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):,.{places}f}"
    if rounded < 0:
        return f"{minus}{text}"
    return f"+{text}" if sign and rounded > 0 else text


#: How a breakdown follows what it breaks down (see `format_breakdown`).
BRACKETS = {"": "{}", "full": "（{}）", "report": " ({})"}


def format_breakdown(items: list[dict[str, Any]] | None, unit: str = "", *, brackets: str = "",
                     labels: bool = True) -> str:
    """The one spelling of a breakdown: 新規38件・変更21件.

    brackets="full": as it follows its total on a screen, 59（新規38件・変更21件）;
    brackets="report": inside the report's indicator tables, as the city prints them
    (59 (新規38件・変更21件)) — like the short year R3 (2021) 年度 there.
    labels=False: the values only, as a target's breakdown is printed (1,950,000（220,000）).
    """
    text = "・".join(f"{item.get('label', '') if labels else ''}{format_number(item['value'])}{unit}"
                    for item in items or [])
    return BRACKETS[brackets].format(text) if text else ""


def format_actual(actual: Decimal | int | float | None, items: list[dict[str, Any]] | None,
                  unit: str = "", *, brackets: str = "full") -> str:
    """As printed: 59（新規38件・変更21件）; the number alone without a breakdown
    (brackets="report" inside the report's indicator tables, see format_breakdown)."""
    text = "" if actual is None else format_number(actual)
    return text + format_breakdown(items, unit, brackets=brackets)


def parse_number(text: str) -> Decimal:
    """Parse "1,500", "１，５００", "12.5", "-3", "△3", "▲3" into a Decimal.

    Decimal, not float, because these are budget figures and must round-trip exactly.
    Commas must group by thousands ("1,50" is rejected) to catch typos.
    """
    if not isinstance(text, str):
        raise ValueError(f"「{text}」を数値として読み取れません")
    s = re.sub(r"\s+", "", normalize_digits(text))
    m = _NUMBER_RE.fullmatch(s)
    if m is None:
        raise ValueError(f"「{text.strip()}」を数値として読み取れません")
    digits = m["int"].replace(",", "")
    if m["frac"] is not None:
        digits += "." + m["frac"]
    try:
        value = Decimal(digits)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise ValueError(f"「{text.strip()}」を数値として読み取れません") from exc
    return -value if m["sign"] in _NEGATIVE_MARKS else value
