import re
from datetime import date

import pytest

from shisaku.lib.era import (
    FY_STYLES,
    era_year,
    fiscal_year_bounds,
    fiscal_year_of,
    format_date,
    format_fy,
    fy_era,
    parse_date,
    parse_fy,
)

# --- fy_era ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fy", "expected"),
    [
        (2021, ("令和", 3)),
        (2019, ("令和", 1)),
        (2018, ("平成", 30)),
        (2016, ("平成", 28)),
        (1989, ("平成", 1)),
        (1988, ("昭和", 63)),
        (1926, ("昭和", 1)),
        (2040, ("令和", 22)),
    ],
)
def test_fy_era_names_the_era_of_the_fiscal_years_start_year(fy, expected):
    assert fy_era(fy) == expected


def test_fy2019_is_reiwa_gannen():
    assert fy_era(2019) == ("令和", 1)
    assert format_fy(2019) == "令和元（2019）年度"
    assert format_fy(2019, "era") == "令和元年度"


def test_fy2018_is_still_heisei_30():
    assert format_fy(2018, "era") == "平成30年度"


def test_fy1988_is_showa_63():
    assert format_fy(1988, "era") == "昭和63年度"


def test_fy_before_showa_is_rejected_with_japanese_message():
    with pytest.raises(ValueError, match="1925年度は昭和より前"):
        fy_era(1925)


# --- format_fy ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fy", "style", "expected"),
    [
        (2021, "full", "令和3（2021）年度"),
        (2021, "short", "R3 (2021) 年度"),
        (2021, "era", "令和3年度"),
        (2021, "western", "2021年度"),
        (2021, "paren", "令和3(2021)年度"),
        (2019, "full", "令和元（2019）年度"),
        (2019, "short", "R1 (2019) 年度"),
        (2019, "era", "令和元年度"),
        (2019, "western", "2019年度"),
        (2019, "paren", "令和元(2019)年度"),
        (2016, "full", "平成28（2016）年度"),
        (2016, "short", "H28 (2016) 年度"),
        (1989, "full", "平成元（1989）年度"),
        (1989, "short", "H1 (1989) 年度"),
        (1988, "short", "S63 (1988) 年度"),
        (1988, "paren", "昭和63(1988)年度"),
    ],
)
def test_format_fy_spells_each_style(fy, style, expected):
    assert format_fy(fy, style) == expected


def test_format_fy_defaults_to_full_style():
    assert format_fy(2022) == "令和4（2022）年度"


def test_format_fy_rejects_unknown_style():
    with pytest.raises(ValueError, match="「fancy」は未対応"):
        format_fy(2021, "fancy")


def test_short_style_never_prints_gannen():
    assert "元" not in format_fy(2019, "short")


# --- parse_fy -------------------------------------------------------------------------

WRITTEN_FORMS = [
    # era first, full style and width variants
    ("令和3（2021）年度", 2021),
    ("令和３（２０２１）年度", 2021),
    ("令和3(2021)年度", 2021),
    ("令和3（2021)年度", 2021),
    ("令和3年度", 2021),
    ("令和３年度", 2021),
    ("令和 3 年度", 2021),
    ("令和　３　年度", 2021),
    ("令和3年", 2021),
    ("令和3", 2021),
    ("令和3年度（2021年度）", 2021),
    # abbreviations
    ("R3 (2021) 年度", 2021),
    ("R3（2021）年度", 2021),
    ("R3(2021)", 2021),
    ("R3", 2021),
    ("Ｒ３", 2021),
    ("Ｒ３（２０２１）年度", 2021),
    ("r3", 2021),
    ("r3 (2021)", 2021),
    ("R3年度", 2021),
    ("R 3", 2021),
    ("H28(2016)", 2016),
    ("H28 (2016) 年度", 2016),
    ("h28", 2016),
    ("S63", 1988),
    ("Ｓ６３年度", 1988),
    # Heisei spelled out
    ("平成28（2016）年度", 2016),
    ("平成２８年度", 2016),
    ("平成28年度", 2016),
    ("昭和63年度", 1988),
    # gannen
    ("令和元年度", 2019),
    ("令和元（2019）年度", 2019),
    ("令和元(2019)年度", 2019),
    ("令和元年", 2019),
    ("R元年度", 2019),
    ("Ｒ元", 2019),
    ("平成元年度", 1989),
    ("平成元（1989）年度", 1989),
    ("R1 (2019) 年度", 2019),
    ("令和1年度", 2019),
    # the last, partial year of an era is still accepted when parsing
    ("平成31年度", 2019),
    ("平成31年", 2019),
    ("平成31（2019）年度", 2019),
    ("H31", 2019),
    ("昭和64年度", 1989),
    # western first
    ("2021年度", 2021),
    ("２０２１年度", 2021),
    ("2021", 2021),
    ("２０２１", 2021),
    ("2021年", 2021),
    ("FY2021", 2021),
    ("fy2021", 2021),
    ("ＦＹ２０２１", 2021),
    ("FY 2021", 2021),
    ("2021（令和3）年度", 2021),
    ("2021(R3)年度", 2021),
    ("2016（平成 28）年度", 2016),
    ("2016（平成28年度）", 2016),
    ("2019（令和元）年度", 2019),
    ("2019(平成31)年度", 2019),
    ("  2021年度  ", 2021),
]


@pytest.mark.parametrize(("text", "expected"), WRITTEN_FORMS)
def test_parse_fy_reads_every_written_form(text, expected):
    assert parse_fy(text) == expected


def test_parse_fy_table_covers_at_least_forty_forms():
    assert len({text for text, _ in WRITTEN_FORMS}) >= 40


@pytest.mark.parametrize("style", FY_STYLES)
@pytest.mark.parametrize("fy", range(1989, 2041))
def test_parse_fy_round_trips_every_formatted_fiscal_year(fy, style):
    assert parse_fy(format_fy(fy, style)) == fy


@pytest.mark.parametrize("fy", range(1926, 1989))
def test_parse_fy_round_trips_showa_fiscal_years(fy):
    assert parse_fy(format_fy(fy)) == fy


@pytest.mark.parametrize(
    "text",
    [
        "令和3（2020）年度",
        "R3 (2020) 年度",
        "2020（令和3）年度",
        "平成28(2017)",
        "令和元（2018）年度",
    ],
)
def test_parse_fy_rejects_era_and_western_years_that_disagree(text):
    with pytest.raises(ValueError, match=f"「{re.escape(text)}」の和暦と西暦が一致しません"):
        parse_fy(text)


def test_parse_fy_mismatch_message_is_exact():
    with pytest.raises(ValueError) as excinfo:
        parse_fy("令和3（2020）年度")
    assert str(excinfo.value) == "「令和3（2020）年度」の和暦と西暦が一致しません"


@pytest.mark.parametrize("text", ["平成32年度", "平成32", "H40", "昭和65年度"])
def test_parse_fy_rejects_era_year_beyond_the_eras_end(text):
    with pytest.raises(ValueError, match=r"までです"):
        parse_fy(text)


def test_parse_fy_names_the_last_year_of_heisei_in_the_error():
    with pytest.raises(ValueError) as excinfo:
        parse_fy("平成32年度")
    assert str(excinfo.value) == "「平成32年度」：平成は31年までです"


@pytest.mark.parametrize("text", ["令和0年度", "R0", "平成0年度"])
def test_parse_fy_rejects_era_year_zero(text):
    with pytest.raises(ValueError, match="1（元年）以上"):
        parse_fy(text)


def test_reiwa_has_no_end():
    assert parse_fy("令和99年度") == 2117


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "令和",
        "年度",
        "大正3年度",
        "X3",
        "21年度",
        "令和3年度度",
        "2021-22",
        "R3 R4",
    ],
)
def test_parse_fy_rejects_unreadable_text_with_japanese_message(text):
    with pytest.raises(ValueError, match="を年度として読み取れません"):
        parse_fy(text)


def test_parse_fy_unreadable_message_names_the_text():
    with pytest.raises(ValueError) as excinfo:
        parse_fy("来年度")
    assert str(excinfo.value) == "「来年度」を年度として読み取れません"


# --- era_year / format_date -----------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2019, 4, 30), ("平成", 31)),
        (date(2019, 5, 1), ("令和", 1)),
        (date(1989, 1, 7), ("昭和", 64)),
        (date(1989, 1, 8), ("平成", 1)),
        (date(1926, 12, 25), ("昭和", 1)),
        (date(2022, 8, 1), ("令和", 4)),
    ],
)
def test_era_year_switches_on_the_exact_first_day_of_each_era(d, expected):
    assert era_year(d) == expected


def test_era_year_rejects_dates_before_showa():
    with pytest.raises(ValueError, match="昭和より前の日付"):
        era_year(date(1926, 12, 24))


@pytest.mark.parametrize(
    ("d", "style", "expected"),
    [
        (date(2022, 8, 1), "full", "令和4年8月1日"),
        (date(2022, 8, 1), "month", "令和4年8月"),
        (date(2019, 5, 1), "full", "令和元年5月1日"),
        (date(2019, 5, 1), "month", "令和元年5月"),
        (date(2019, 4, 30), "full", "平成31年4月30日"),
        (date(1989, 1, 8), "full", "平成元年1月8日"),
        (date(1989, 1, 7), "full", "昭和64年1月7日"),
    ],
)
def test_format_date_prints_era_dates_with_gannen(d, style, expected):
    assert format_date(d, style) == expected


def test_format_date_rejects_unknown_style():
    with pytest.raises(ValueError, match="未対応"):
        format_date(date(2022, 8, 1), "iso")


# --- parse_date -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和4年8月1日", date(2022, 8, 1)),
        ("令和４年８月１日", date(2022, 8, 1)),
        ("令和 4 年 8 月 1 日", date(2022, 8, 1)),
        ("令和4年8月", date(2022, 8, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和元年5月", date(2019, 5, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("平成元年1月", date(1989, 1, 1)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("R4.8.1", date(2022, 8, 1)),
        ("Ｒ４．８．１", date(2022, 8, 1)),
        ("r4.8.1", date(2022, 8, 1)),
        ("R4/8/1", date(2022, 8, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("R元.5.1", date(2019, 5, 1)),
        ("R4.8", date(2022, 8, 1)),
        ("2022年8月1日", date(2022, 8, 1)),
        ("２０２２年８月１日", date(2022, 8, 1)),
        ("2022年8月", date(2022, 8, 1)),
        ("2022-08-01", date(2022, 8, 1)),
        ("２０２２－０８－０１", date(2022, 8, 1)),
        ("2022/8/1", date(2022, 8, 1)),
        ("２０２２／８／１", date(2022, 8, 1)),
        ("2022.8.1", date(2022, 8, 1)),
        ("2024/2/29", date(2024, 2, 29)),
        (" 2022/8/1 ", date(2022, 8, 1)),
    ],
)
def test_parse_date_reads_era_and_western_spellings(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "d", [date(2019, 5, 1), date(2019, 4, 30), date(1989, 1, 8), date(2022, 12, 31)]
)
def test_parse_date_round_trips_format_date(d):
    assert parse_date(format_date(d)) == d


def test_reiwa_gannen_april_30_is_before_reiwa_began():
    with pytest.raises(ValueError) as excinfo:
        parse_date("令和元年4月30日")
    assert str(excinfo.value) == "「令和元年4月30日」は令和の始まり（2019年5月1日）より前の日付です"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("令和元年4月", "令和の始まり"),
        ("平成元年1月7日", "平成の始まり"),
        ("平成31年5月1日", "平成の終わり（2019年4月30日）より後"),
        ("平成32年1月1日", "平成の終わり"),
        ("昭和64年1月8日", "昭和の終わり"),
        ("令和4年2月30日", "存在しない日付です"),
        ("2022年2月30日", "存在しない日付です"),
        ("2023/2/29", "存在しない日付です"),
        ("2022-13-01", "存在しない日付です"),
        ("令和4年0月1日", "存在しない日付です"),
        ("令和0年5月1日", "1（元年）以上"),
        ("", "を日付として読み取れません"),
        ("昨日", "を日付として読み取れません"),
        ("2022/8-1", "を日付として読み取れません"),
        ("令和4年", "を日付として読み取れません"),
        ("大正4年8月1日", "を日付として読み取れません"),
    ],
)
def test_parse_date_rejects_invalid_dates_with_japanese_message(text, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_date(text)


# --- fiscal_year_of -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "fy"),
    [
        (date(2022, 3, 31), 2021),
        (date(2022, 4, 1), 2022),
        (date(2022, 1, 1), 2021),
        (date(2022, 12, 31), 2022),
        (date(2019, 4, 30), 2019),
        (date(2019, 5, 1), 2019),
    ],
)
def test_fiscal_year_of_starts_on_april_first(d, fy):
    assert fiscal_year_of(d) == fy


def test_fiscal_year_bounds_are_april_first_to_march_thirty_first():
    assert fiscal_year_bounds(2021) == (date(2021, 4, 1), date(2022, 3, 31))


@pytest.mark.parametrize("fy", [2019, 2020, 2021])
def test_fiscal_year_bounds_agree_with_fiscal_year_of(fy):
    start, end = fiscal_year_bounds(fy)
    assert fiscal_year_of(start) == fy
    assert fiscal_year_of(end) == fy
