"""Indicator values: what may be stored, and what is derived."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from shisaku.core.testing import make_project
from shisaku.sheets.achievement import ActualStatus, Rating
from shisaku.sheets.breakdown import BreakdownError, format_breakdown, parse_breakdown
from shisaku.sheets.models import Indicator, IndicatorValue

from .factories import make_indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator():
    return make_indicator(make_project(), name="知財マッチング成約件数", unit="件")


def test_breakdown_is_read_as_printed():
    assert parse_breakdown("新規38件・変更21件") == [
        {"label": "新規", "value": 38}, {"label": "変更", "value": 21}]
    assert parse_breakdown("新規 1,500、変更：２１") == [
        {"label": "新規", "value": 1500}, {"label": "変更", "value": 21}]
    assert format_breakdown([{"label": "新規", "value": 38}], "件") == "新規38件"


def test_breakdown_without_a_number_is_refused():
    with pytest.raises(BreakdownError, match="項目名 数値"):
        parse_breakdown("新規たくさん")


def test_breakdown_that_does_not_add_up_is_flagged_not_refused(indicator):
    value = IndicatorValue(indicator=indicator, fiscal_year=2021, actual=D("59"),
                           breakdown=[{"label": "新規", "value": 38}, {"label": "変更", "value": 20}])
    value.full_clean()
    assert value.breakdown_mismatch
    value.breakdown[1]["value"] = 21
    assert not value.breakdown_mismatch


def test_negative_count_is_refused_naming_year_and_field(indicator):
    value = IndicatorValue(indicator=indicator, fiscal_year=2021, target=D("-1"))
    with pytest.raises(ValidationError) as exc:
        value.full_clean()
    assert "令和3（2021）年度の目標に負の値" in str(exc.value)


def test_cancelled_actual_carries_no_number(indicator):
    value = IndicatorValue(indicator=indicator, fiscal_year=2020, target=D("3"), actual=D("1"),
                           actual_status=ActualStatus.CANCELLED)
    with pytest.raises(ValidationError, match="中止"):
        value.full_clean()
    value.actual = None
    value.full_clean()
    assert value.rating() == Rating.NOT_RATED


def test_reference_rows_have_no_target(indicator):
    reference = make_indicator(indicator.project, name="【参考】相談件数", kind=Indicator.Kind.REFERENCE)
    with pytest.raises(ValidationError, match="参考指標"):
        IndicatorValue(indicator=reference, fiscal_year=2021, target=D("1")).full_clean()
    value = IndicatorValue(indicator=reference, fiscal_year=2021, actual=D("12"))
    value.full_clean()
    assert value.rating() == Rating.NOT_RATED


def test_unknown_unit_is_refused():
    with pytest.raises(ValidationError, match="単位「ケース」は登録されていません"):
        Indicator(project=make_project(), name="x", unit="ケース").full_clean()


def test_value_rating_follows_indicator_direction(indicator):
    indicator.direction = "lower"
    value = IndicatorValue(indicator=indicator, fiscal_year=2021, target=D("10"), actual=D("8"))
    assert value.rate() == D("125")
    assert value.rating() == Rating.ACHIEVED
