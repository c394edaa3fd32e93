from decimal import Decimal

import pytest

from shisaku.lib.textnorm import (
    circled,
    format_fixed,
    normalize_ascii,
    normalize_digits,
    parse_circled,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("０１２３４５６７８９", "0123456789"),
        ("（１）", "(1)"),
        ("１，５００", "1,500"),
        ("１２．５", "12.5"),
        ("－３", "-3"),
        ("\u22123", "-3"),
        ("令和　３年度", "令和 3年度"),
        ("already 123", "already 123"),
        ("", ""),
    ],
)
def test_normalize_digits_folds_full_width_digits_and_punctuation(text, expected):
    assert normalize_digits(text) == expected


@pytest.mark.parametrize("text", ["①②③", "⑳", "ｱｲｳ", "施策①の２", "▲３", "△", "Ｒ"])
def test_normalize_digits_leaves_circled_digits_kana_and_letters_alone(text):
    result = normalize_digits(text)
    for original, folded in zip(text, result, strict=True):
        if original not in "０１２３４５６７８９":
            assert original == folded


def test_normalize_digits_keeps_circled_digit_next_to_full_width_digit():
    assert normalize_digits("施策①の２") == "施策①の2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Ｒ３．８．１", "R3.8.1"), ("２０２２／８／１", "2022/8/1"), ("ｆｙ", "fy"), ("①Ａ", "①A")],
)
def test_normalize_ascii_also_folds_letters_and_slashes_but_not_circled_digits(text, expected):
    assert normalize_ascii(text) == expected


@pytest.mark.parametrize("n", range(1, 21))
def test_circled_and_parse_circled_round_trip_from_one_to_twenty(n):
    assert parse_circled(circled(n)) == n


@pytest.mark.parametrize(
    ("ch", "n"), [("①", 1), ("⑤", 5), ("⑩", 10), ("⑪", 11), ("⑳", 20), (" ③ ", 3)]
)
def test_parse_circled_reads_circled_digits(ch, n):
    assert parse_circled(ch) == n


@pytest.mark.parametrize("ch", ["1", "１", "㉑", "⓪", "", "①②", "a", "⑴"])
def test_parse_circled_rejects_anything_else_with_japanese_message(ch):
    with pytest.raises(ValueError, match="丸数字"):
        parse_circled(ch)


@pytest.mark.parametrize("n", [0, 21, -1, 100])
def test_circled_rejects_numbers_outside_one_to_twenty(n):
    with pytest.raises(ValueError, match="丸数字にできるのは1〜20です"):
        circled(n)


def test_circled_rejects_bool():
    with pytest.raises(ValueError):
        circled(True)


def test_circled_one_and_twenty_are_the_block_edges():
    assert circled(1) == "①"
    assert circled(20) == "⑳"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,500", Decimal("1500")),
        ("1500", Decimal("1500")),
        ("１，５００", Decimal("1500")),
        ("１５００", Decimal("1500")),
        ("12.5", Decimal("12.5")),
        ("１２．５", Decimal("12.5")),
        ("-3", Decimal("-3")),
        ("－３", Decimal("-3")),
        ("\u22123", Decimal("-3")),
        ("△3", Decimal("-3")),
        ("▲3", Decimal("-3")),
        ("△ 1,234.5", Decimal("-1234.5")),
        ("+7", Decimal("7")),
        ("1,234,567", Decimal("1234567")),
        ("  42 ", Decimal("42")),
        ("0", Decimal("0")),
        ("0.10", Decimal("0.10")),
    ],
)
def test_parse_number_accepts_japanese_document_spellings(text, expected):
    assert parse_number(text) == expected


def test_parse_number_keeps_decimal_precision():
    assert str(parse_number("0.10")) == "0.10"


@pytest.mark.parametrize(
    "text", ["", "abc", "1,50", "12,3456", "1.2.3", "--3", "△", "3-", "①", "1 500円"]
)
def test_parse_number_rejects_garbage_with_japanese_message(text):
    with pytest.raises(ValueError, match="を数値として読み取れません"):
        parse_number(text)


def test_parse_number_error_names_the_text():
    with pytest.raises(ValueError, match="「1,50」を数値として読み取れません"):
        parse_number("1,50")


@pytest.mark.parametrize("value,places,expected", [
    (Decimal("1234.5"), 1, "1,234.5"),
    (79, 1, "79.0"),
    (Decimal("1588"), 0, "1,588"),
    (Decimal("2.5"), 0, "3"),  # half rounds away from zero (四捨五入), not to even
    (Decimal("0.125"), 2, "0.13"),
    (Decimal("-0.125"), 2, "-0.13"),
    (Decimal("-2.5"), 0, "-3"),
    (Decimal("-1588"), 0, "-1,588"),
    (Decimal("-0.04"), 1, "0.0"),  # never "-0.0"
    (0, 0, "0"),
    (0, 2, "0.00"),
    (2.675, 2, "2.68"),  # a float is read as it prints, not as its binary value
    ("1.05", 1, "1.1"),
])
def test_format_fixed_prints_exactly_the_places_rounded_half_up(value, places, expected):
    assert format_fixed(value, places) == expected


def test_format_fixed_marks_signs_as_asked_and_prints_nothing_for_none():
    assert format_fixed(None) == "" and format_fixed(None, 1, empty="—") == "—"
    assert format_fixed(Decimal("209"), sign=True) == "+209"
    assert format_fixed(0, sign=True) == "0" and format_fixed(Decimal("-0.01"), 1, sign=True) == "0.0"
    assert format_fixed(Decimal("-12.4"), 1, minus="△") == "△12.4"
    assert format_fixed(Decimal("-12.4"), 1, sign=True) == "-12.4"
