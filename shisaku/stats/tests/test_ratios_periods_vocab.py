"""Pure helpers: half-up rounding from exact ratios, period spellings, industry names."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from shisaku.stats import industries, periods, vocab
from shisaku.stats.ratios import change_rate, number, percent, round_half_up


@pytest.mark.parametrize("value", ["21.55", "-3.65", "0.05", "-0.05", "14.545", "9.9999", "0"])
def test_rounding_matches_decimal_round_half_up(value):
    for places in (0, 1, 2):
        expected = Decimal(value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        assert round_half_up(Fraction(Decimal(value)), places) == expected


def test_rounding_uses_the_exact_ratio_not_a_rounded_one():
    # 1/8 = 0.125 exactly: half up gives 0.13; 1/3 never ties
    assert round_half_up(Fraction(1, 8), 2) == Decimal("0.13")
    assert percent(1, 3).rounded(4) == Decimal("33.3333")
    assert str(percent(56, 385)) == "14.5%"  # 14.5454…%


def test_percentages_of_nothing_are_none_not_zero():
    assert percent(3, 0) is None and percent(None, 3) is None and change_rate(0, 5) is None
    assert str(change_rate(42616, 41028)) == "-3.7%"


def test_numbers_print_with_separators_and_signs():
    assert number(-1588) == "-1,588" and number(209, sign=True) == "+209" and number(None) == "—"


@pytest.mark.parametrize("kind,text,key,label", [
    (periods.YEAR, "H28(2016)", "2016", "H28(2016)"),
    (periods.YEAR, "平成26年", "2014", "H26(2014)"),
    (periods.YEAR, "２０２１年", "2021", "R3(2021)"),
    (periods.FISCAL_YEAR, "令和3年度", "2021", "令和3(2021)年度"),
    (periods.FISCAL_YEAR, "R2", "2020", "令和2(2020)年度"),
    (periods.QUARTER, "2022年4-6月期", "2022Q2", "2022年4-6月期"),
    (periods.QUARTER, "令和4年1～3月期", "2022Q1", "2022年1-3月期"),
    (periods.QUARTER, "2022Q4", "2022Q4", "2022年10-12月期"),
])
def test_periods_read_in_their_written_forms(kind, text, key, label):
    value = periods.parse(kind, text)
    assert (value.key, value.label) == (key, label)


@pytest.mark.parametrize("text,message", [
    ("構成比", "「構成比」は年として読み取れません"),
    ("2022年5-7月期", "「2022年5-7月期」の月の範囲が四半期になっていません"),
])
def test_unreadable_periods_say_why(text, message):
    kind = periods.QUARTER if "月期" in text else periods.YEAR
    with pytest.raises(ValueError, match=message):
        periods.parse(kind, text)


def test_census_years_fall_into_comparability_groups():
    assert periods.census_group(2006) != periods.census_group(2009)
    assert periods.census_group(2009) == periods.census_group(2016)
    assert periods.census_group(2016) != periods.census_group(2021)


@pytest.mark.parametrize("text,code", [
    ("卸売業，小売業", "I"), ("卸売業、小売業", "I"), ("I 卸売業、小売業", "I"), ("Ｉ", "I"),
    ("電気、ガス、熱供給、水道業", "F"), ("学術研究、専門、技術サービス業", "L"),
    ("サービス業(他に分類されないもの)", "R"), ("農林漁業", "AB"), ("A 農業、林業", "A"),
    ("合計", "ALL"), ("全産業（Ｓ公務を除く）", "ALL"),
])
def test_industry_names_are_read_in_the_seeds_spellings(text, code):
    assert industries.parse_industry(text) == code


def test_a_subtotal_row_or_a_mismatched_letter_is_not_an_industry():
    with pytest.raises(industries.SubtotalRow):
        industries.parse_industry("第三次産業")
    with pytest.raises(ValueError, match="分類記号Eと業種名が一致しません"):
        industries.parse_industry("E 建設業")
    with pytest.raises(ValueError, match="「混合サービス事業」は業種大分類として読み取れません"):
        industries.parse_industry("混合サービス事業")  # 003's typo is not guessed


def test_vocabularies_read_labels_aliases_and_codes():
    assert vocab.AREA.parse("川崎（南部）") == vocab.AREA.parse("南部") == "south"
    assert vocab.WARD.parse("市全体") == ""
    assert vocab.RD_KIND.parse("③公的機関") == "public"
    with pytest.raises(ValueError, match="「川崎東」は地域として読み取れません"):
        vocab.AREA.parse("川崎東")
