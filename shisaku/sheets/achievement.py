"""Achievement rate and rating of one indicator value.

Rate = actual ÷ target (target ÷ actual when lower is better). There is no rate
when the target is empty or 0, or when the actual was not measured. Ratings come
from the cycle's bands; a value without a rate is 評価対象外, except a
lower-is-better actual of 0 against a positive target, which is plainly met.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActualStatus(models.TextChoices):
    MEASURED = "measured", _("実績あり")
    CANCELLED = "cancelled", _("中止")
    NOT_DONE = "not_done", _("未実施")
    PENDING = "pending", _("集計中")


class Direction(models.TextChoices):
    HIGHER = "higher", _("高いほど良い")
    LOWER = "lower", _("低いほど良い")


class Rating(models.TextChoices):
    ACHIEVED = "achieved", _("達成")
    MOSTLY = "mostly", _("概ね達成")
    NOT_ACHIEVED = "not_achieved", _("未達成")
    NOT_RATED = "not_rated", _("評価対象外")


RATING_ORDER = [Rating.ACHIEVED, Rating.MOSTLY, Rating.NOT_ACHIEVED, Rating.NOT_RATED]


def rating_labels() -> dict[str, str]:
    """Rating code → its label in the active language, for display only.

    Ratings are counted, compared and passed around by code (``Rating.ACHIEVED`` is
    "achieved"); a label is looked up only where a person reads it.
    """
    return {r.value: str(r.label) for r in RATING_ORDER}


@dataclass(frozen=True)
class Bands:
    """Lower bounds in percent: ≥ achieved → 達成, ≥ mostly → 概ね達成, else 未達成."""

    achieved: Decimal = Decimal("100")
    mostly: Decimal = Decimal("80")


DEFAULT_BANDS = Bands()


def achievement_rate(
    target: Decimal | None,
    actual: Decimal | None,
    status: str = ActualStatus.MEASURED,
    direction: str = Direction.HIGHER,
) -> Decimal | None:
    """The rate in percent, exact (round only for display)."""
    if status != ActualStatus.MEASURED or actual is None or target is None or target == 0:
        return None
    if direction == Direction.LOWER:
        if actual == 0:
            return None
        return Decimal(target) / Decimal(actual) * 100
    return Decimal(actual) / Decimal(target) * 100


def rate_display(rate: Decimal | None) -> str:
    if rate is None:
        return "—"
    return f"{rate.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def rating(
    target: Decimal | None,
    actual: Decimal | None,
    status: str = ActualStatus.MEASURED,
    direction: str = Direction.HIGHER,
    bands: Bands = DEFAULT_BANDS,
) -> Rating:
    if status != ActualStatus.MEASURED or actual is None or target is None:
        return Rating.NOT_RATED
    if direction == Direction.LOWER and actual == 0 and target > 0:
        return Rating.ACHIEVED
    rate = achievement_rate(target, actual, status, direction)
    if rate is None:
        return Rating.NOT_RATED
    if rate >= bands.achieved:
        return Rating.ACHIEVED
    if rate >= bands.mostly:
        return Rating.MOSTLY
    return Rating.NOT_ACHIEVED
