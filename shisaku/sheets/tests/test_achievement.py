"""Achievement rate and rating: the arithmetic the report's readers rely on."""

from decimal import Decimal as D

import pytest

from shisaku.sheets.achievement import (
    ActualStatus,
    Bands,
    Direction,
    Rating,
    achievement_rate,
    rate_display,
    rating,
)


@pytest.mark.parametrize("target,actual,expected", [
    ("100", "100", "100"), ("100", "120", "120"), ("5", "1", "20"), ("1500", "1200", "80"),
])
def test_rate_is_actual_over_target(target, actual, expected):
    assert achievement_rate(D(target), D(actual)) == D(expected)


def test_rate_is_inverted_when_lower_is_better():
    assert achievement_rate(D("10"), D("8"), direction=Direction.LOWER) == D("125")
    assert achievement_rate(D("10"), D("20"), direction=Direction.LOWER) == D("50")


@pytest.mark.parametrize("target,actual,status", [
    (None, "5", ActualStatus.MEASURED),
    ("0", "5", ActualStatus.MEASURED),
    ("10", None, ActualStatus.MEASURED),
    ("10", None, ActualStatus.CANCELLED),
    ("10", None, ActualStatus.NOT_DONE),
    ("10", None, ActualStatus.PENDING),
])
def test_no_rate_without_a_target_or_a_measured_actual(target, actual, status):
    t = None if target is None else D(target)
    a = None if actual is None else D(actual)
    assert achievement_rate(t, a, status) is None
    assert rating(t, a, status) == Rating.NOT_RATED


@pytest.mark.parametrize("actual,expected", [
    ("100", Rating.ACHIEVED), ("99.9", Rating.MOSTLY), ("80", Rating.MOSTLY),
    ("79.9", Rating.NOT_ACHIEVED), ("0", Rating.NOT_ACHIEVED), ("250", Rating.ACHIEVED),
])
def test_default_bands(actual, expected):
    assert rating(D("100"), D(actual)) == expected


def test_bands_are_set_per_cycle():
    strict = Bands(achieved=D("110"), mostly=D("95"))
    assert rating(D("100"), D("105"), bands=strict) == Rating.MOSTLY
    assert rating(D("100"), D("94"), bands=strict) == Rating.NOT_ACHIEVED


def test_lower_is_better_zero_actual_is_achieved_without_a_rate():
    assert achievement_rate(D("3"), D("0"), direction=Direction.LOWER) is None
    assert rating(D("3"), D("0"), direction=Direction.LOWER) == Rating.ACHIEVED


def test_lower_is_better_overshoot_is_not_achieved():
    assert rating(D("10"), D("14"), direction=Direction.LOWER) == Rating.NOT_ACHIEVED  # 71.4%


def test_rate_is_shown_with_one_decimal():
    assert rate_display(achievement_rate(D("3"), D("2"))) == "66.7%"
    assert rate_display(None) == "—"
