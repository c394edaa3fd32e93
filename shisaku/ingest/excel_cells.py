"""One cell of an uploaded workbook read as text or as a number, with the web form's limits."""

import math
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from shisaku.core.validation import control_character_error
from shisaku.lib.textnorm import parse_number
from shisaku.sheets.achievement import ActualStatus

NUMBER_WHOLE_DIGITS = 13  # DecimalField(max_digits=16, decimal_places=3)
NUMBER_DECIMALS = 3


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --------------------------------------------------------------------------- reading cells

class CellError(ValueError):
    pass


def _plain_float(value: float) -> str:
    # Excel keeps 15 significant digits; 0.1+0.2 is shown, and meant, as 0.3.
    return format(Decimal(format(value, ".15g")), "f")


def cell_text(value) -> str:
    """A text cell's content; numbers typed into it count as text, dates do not."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.replace("\r\n", "\n").replace("\r", "\n")
        error = control_character_error(text)
        if error is not None:
            raise CellError(error.messages[0])
        return text
    if _is_int(value):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return _plain_float(value)
    if isinstance(value, (datetime, date, time, timedelta)):
        raise CellError(_("日付や時刻ではなく、文字で入力してください"))
    raise CellError(_("文字で入力してください"))


def cell_number(value) -> Decimal | None:
    """A number cell: empty, a number, or text such as "1,500" / "１５００" / "△3"."""
    if value is None:
        return None
    if _is_int(value):
        number = Decimal(value)
    elif isinstance(value, float) and math.isfinite(value):
        number = Decimal(format(value, ".15g"))
    elif isinstance(value, str):
        if not value.strip():
            return None
        number = parse_number(value)  # ValueError when it is not a number
    else:
        raise ValueError(value)
    if not number.is_finite() or number.adjusted() >= NUMBER_WHOLE_DIGITS:
        # Check size first: quantizing a huge value overflows Decimal's precision.
        raise CellError(_("整数部分は%(n)d桁までで入力してください") % {"n": NUMBER_WHOLE_DIGITS})
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    _sign, digits, exponent = number.as_tuple()
    if -exponent > NUMBER_DECIMALS:
        raise CellError(_("小数点以下は%(n)d桁までで入力してください") % {"n": NUMBER_DECIMALS})
    if len(digits) + min(exponent, 0) > NUMBER_WHOLE_DIGITS:
        raise CellError(_("整数部分は%(n)d桁までで入力してください") % {"n": NUMBER_WHOLE_DIGITS})
    return number


def _status_lookup() -> dict[str, str]:
    """Labels in every language the site speaks, and the stored codes, → actual_status."""
    lookup = {value: value for value in ActualStatus.values}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lookup.update({str(label): value for value, label in ActualStatus.choices})
    return lookup
