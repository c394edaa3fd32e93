import threading
from decimal import Decimal
from pathlib import Path

import pytest
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties

from shisaku.lib.chart_format import (
    _common_places,
    _format_tick,
    _format_value,
    _value_label_offset,
)
from shisaku.lib.charts import (
    FONT_FAMILY,
    FONT_LICENSE_PATH,
    FONT_PATH,
    NO_DATA_TEXT,
    RATING_LABELS,
    RATINGS,
    ChartPoint,
    rating_chart,
    target_actual_chart,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

POINTS = [
    ChartPoint("R2 (2020)", 1000, 950),
    ChartPoint("R3 (2021)", Decimal("1200"), Decimal("1500")),
    ChartPoint("R4 (2022)", 1400, None, note="中止"),
    ChartPoint("R5 (2023)", None, 1320),
    ChartPoint("R6 (2024)", 1600, None),
]

ARTICLE_ROWS = [
    (f"第{n}条", {"achieved": n % 4 + 1, "mostly": 2, "not_achieved": n % 3, "not_rated": n % 2})
    for n in range(5, 13)
]


def _svg_text(data: bytes) -> str:
    return data.decode("utf-8")


# --- output format --------------------------------------------------------------------


def test_svg_output_is_an_svg_document_without_scripts():
    data = target_actual_chart(POINTS, title="創業支援件数", unit="件")
    assert isinstance(data, bytes)
    assert data.lstrip().startswith((b"<?xml", b"<svg"))
    assert b"<script" not in data.lower()


def test_svg_text_is_drawn_as_paths_so_browsers_need_no_font():
    svg = _svg_text(target_actual_chart(POINTS, title="創業支援件数", unit="件"))
    assert "<text" not in svg
    # matplotlib keeps each string as a comment next to its glyph paths.
    for text in ("創業支援件数", "目標", "実績", "（件）", "中止", "1,500", "R3 (2021)"):
        assert text in svg


def test_png_output_starts_with_the_png_magic_bytes():
    assert target_actual_chart(POINTS, title="t", unit="件", fmt="png").startswith(PNG_MAGIC)
    assert rating_chart(ARTICLE_ROWS, title="t", fmt="png").startswith(PNG_MAGIC)


def test_pdf_output_starts_with_the_pdf_header_and_embeds_the_japanese_font():
    data = target_actual_chart(POINTS, title="創業支援件数", unit="件", fmt="pdf")
    assert data.startswith(b"%PDF-")
    assert b"IPAexGothic" in data


def test_an_unknown_format_is_rejected():
    with pytest.raises(ValueError, match="fmt"):
        target_actual_chart(POINTS, title="t", unit="件", fmt="gif")


# --- determinism ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_two_calls_with_the_same_input_are_byte_identical(fmt):
    first = target_actual_chart(POINTS, title="創業支援件数", unit="件", fmt=fmt)
    second = target_actual_chart(POINTS, title="創業支援件数", unit="件", fmt=fmt)
    assert first == second


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_two_rating_charts_with_the_same_input_are_byte_identical(fmt):
    assert rating_chart(ARTICLE_ROWS, title="評価", fmt=fmt) == rating_chart(
        ARTICLE_ROWS, title="評価", fmt=fmt
    )


def test_charts_rendered_from_several_threads_match_the_serial_rendering():
    expected = target_actual_chart(POINTS, title="並行", unit="件")
    results: list[bytes] = []

    def work() -> None:
        results.append(target_actual_chart(POINTS, title="並行", unit="件"))
        rating_chart(ARTICLE_ROWS, title="並行")

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


def test_output_carries_no_creation_date():
    svg = _svg_text(target_actual_chart(POINTS, title="t", unit="件"))
    assert "<dc:date>" not in svg
    pdf = target_actual_chart(POINTS, title="t", unit="件", fmt="pdf")
    assert b"/CreationDate" not in pdf


# --- target/actual content --------------------------------------------------------------


def test_none_values_do_not_raise_and_leave_gaps():
    points = [
        ChartPoint("R1 (2019)", None, None),
        ChartPoint("R2 (2020)", None, 5),
        ChartPoint("R3 (2021)", 7, None),
    ]
    svg = _svg_text(target_actual_chart(points, title="欠測あり", unit="件"))
    assert "R1 (2019)" in svg
    # Only the one actual gets a bar label; a missing value is not drawn as 0.
    assert svg.count("<!-- 5 -->") == 1


def test_nan_and_infinite_values_are_treated_like_none():
    points = [ChartPoint("R2 (2020)", float("nan"), 4), ChartPoint("R3 (2021)", 5, float("inf"))]
    svg = _svg_text(target_actual_chart(points, title="欠測", unit="件"))
    assert "<!-- 4 -->" in svg


def test_a_point_with_a_note_shows_the_note_instead_of_a_bar():
    points = [ChartPoint("R2 (2020)", 10, 8), ChartPoint("R3 (2021)", 12, 3, note="中止")]
    svg = _svg_text(target_actual_chart(points, title="注記", unit="件"))
    assert "中止" in svg
    assert "<!-- 8 -->" in svg
    assert "<!-- 3 -->" not in svg  # the noted point's actual is not labelled as a bar


def test_only_notes_still_draw_a_chart_with_the_notes():
    svg = _svg_text(
        target_actual_chart(
            [ChartPoint("R2 (2020)", None, None, note="中止")], title="注記のみ", unit="件"
        )
    )
    assert "中止" in svg
    assert NO_DATA_TEXT not in svg


def test_actual_labels_use_thousands_separators():
    svg = _svg_text(
        target_actual_chart([ChartPoint("R5 (2023)", 2000, 1500)], title="t", unit="件")
    )
    assert "<!-- 1,500 -->" in svg


def test_decimal_percentages_are_labelled_with_a_common_number_of_places():
    points = [ChartPoint("R4 (2022)", 80, Decimal("79")), ChartPoint("R5 (2023)", 80, 75.9)]
    svg = _svg_text(target_actual_chart(points, title="率", unit="%"))
    assert "<!-- 79.0 -->" in svg
    assert "<!-- 75.9 -->" in svg
    assert "（%）" in svg


def test_integer_data_gets_integer_ticks_only():
    svg = _svg_text(target_actual_chart([ChartPoint("R5 (2023)", 3, 2)], title="t", unit="件"))
    assert "<!-- 0.5 -->" not in svg
    assert "<!-- 1 -->" in svg


def test_many_long_labels_do_not_raise():
    points = [ChartPoint(f"令和{n}（{2018 + n}）年度", n * 10, n * 9) for n in range(1, 16)]
    assert target_actual_chart(points, title="t", unit="件", fmt="png").startswith(PNG_MAGIC)


def test_negative_actuals_do_not_raise():
    points = [ChartPoint("R4 (2022)", 2.0, -1.5), ChartPoint("R5 (2023)", 2.0, 3.25)]
    svg = _svg_text(target_actual_chart(points, title="増減率", unit="%"))
    assert "<!-- -1.50 -->" in svg or "<!-- \u22121.50 -->" in svg


# --- empty input --------------------------------------------------------------------------


def test_empty_points_produce_a_small_no_data_chart():
    svg = _svg_text(target_actual_chart([], title="空", unit="件"))
    assert NO_DATA_TEXT in svg


def test_points_without_any_value_produce_the_no_data_chart():
    svg = _svg_text(
        target_actual_chart([ChartPoint("R5 (2023)", None, None)], title="空", unit="件")
    )
    assert NO_DATA_TEXT in svg


def test_empty_rating_rows_produce_the_no_data_chart():
    assert NO_DATA_TEXT in _svg_text(rating_chart([], title="空"))
    assert NO_DATA_TEXT in _svg_text(rating_chart([("第1条", {})], title="空"))


# --- rating chart -------------------------------------------------------------------------


def test_rating_chart_draws_eight_article_rows_with_the_legend_in_order():
    svg = _svg_text(rating_chart(ARTICLE_ROWS, title="条文別の評価"))
    for label, _ in ARTICLE_ROWS:
        assert f"<!-- {label} -->" in svg
    positions = [svg.index(f"<!-- {RATING_LABELS[r]} -->") for r in RATINGS]
    assert positions == sorted(positions)
    assert svg.count('id="patch') > 0
    assert "<pattern" in svg  # hatches, so greyscale prints stay readable


def test_rating_chart_rejects_unknown_rating_names():
    with pytest.raises(ValueError, match="unknown rating"):
        rating_chart([("第1条", {"achieved": 1, "たっせい": 2})], title="t")


def test_rating_chart_rejects_labels_used_as_keys():
    # A translated label is never a key: "Achieved" and "達成" are both refused.
    for label in ("達成", "Achieved"):
        with pytest.raises(ValueError, match="unknown rating"):
            rating_chart([("第1条", {label: 1})], title="t")


def test_rating_chart_is_keyed_by_code_and_draws_the_labels_it_is_given():
    english = {"achieved": "Achieved", "mostly": "Mostly achieved",
               "not_achieved": "Not achieved", "not_rated": "Not rated"}
    svg = _svg_text(rating_chart(ARTICLE_ROWS, title="By article", labels=english,
                                 total_label="Total"))
    for code in RATINGS:
        assert f"<!-- {english[code]} -->" in svg
        assert f"<!-- {RATING_LABELS[code]} -->" not in svg
    assert "<!-- Total " in svg and "<!-- 計 " not in svg
    japanese = _svg_text(rating_chart(ARTICLE_ROWS, title="条文別"))
    assert all(f"<!-- {RATING_LABELS[code]} -->" in japanese for code in RATINGS)


def test_target_actual_chart_draws_the_legend_words_it_is_given():
    svg = _svg_text(target_actual_chart(POINTS, title="t", unit="件", target_label="Target",
                                        actual_label="Actual"))
    assert "<!-- Target -->" in svg and "<!-- Actual -->" in svg
    assert "<!-- 目標 -->" not in svg
    empty = _svg_text(target_actual_chart([], title="t", unit="件", no_data="No data"))
    assert "No data" in empty and NO_DATA_TEXT not in empty


def test_rating_chart_rejects_negative_counts():
    with pytest.raises(ValueError, match="negative"):
        rating_chart([("第1条", {"achieved": -1})], title="t")


# --- font ---------------------------------------------------------------------------------


def test_the_bundled_japanese_font_is_what_matplotlib_resolves():
    assert FONT_PATH.is_file()
    assert FONT_PATH.suffix == ".ttf"
    assert "matplotlib_fontja" in FONT_PATH.parts
    found = font_manager.findfont(FontProperties(family=FONT_FAMILY), fallback_to_default=False)
    assert Path(found) == FONT_PATH


def test_the_font_licence_file_is_exposed_for_document_builders():
    assert FONT_LICENSE_PATH is not None
    assert FONT_LICENSE_PATH.is_file()
    assert "IPA" in FONT_LICENSE_PATH.read_text(encoding="utf-8", errors="replace")


def test_japanese_text_renders_without_missing_glyph_warnings(recwarn):
    target_actual_chart(POINTS, title="創業支援件数（累計）", unit="件", fmt="png")
    rating_chart(ARTICLE_ROWS, title="条例条文別の評価結果", fmt="png")
    assert not [w for w in recwarn if "missing from font" in str(w.message)]


# --- helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("1500"), 0, "1,500"),
        (Decimal("1234567"), 0, "1,234,567"),
        (Decimal("79"), 1, "79.0"),
        (Decimal("1234.5"), 1, "1,234.5"),
    ],
)
def test_format_value_uses_thousands_separators(value, places, expected):
    assert _format_value(value, places) == expected


def test_common_places_ignore_trailing_zeros_of_integral_floats():
    assert _common_places([Decimal("1500.0"), Decimal("3")]) == 0
    assert _common_places([Decimal("12.50"), Decimal("12.25")]) == 2


def test_tick_labels_have_thousands_separators_and_no_float_noise():
    assert _format_tick(1500.0) == "1,500"
    assert _format_tick(0.30000000000000004) == "0.3"
    assert _format_tick(-0.0) == "0"


def test_value_label_moves_inside_the_bar_when_the_target_sits_just_above_it():
    assert _value_label_offset(100.0, 106.0, pt_in_data=1.0) == (2.0, True)


def test_value_label_goes_above_the_marker_when_the_target_straddles_the_bar_end():
    offset, inside = _value_label_offset(100.0, 101.0, pt_in_data=1.0)
    assert not inside
    assert offset >= 1.0 + 6.0  # clear of the marker drawn at the target


def test_value_label_stays_above_the_bar_when_the_target_is_far_away():
    assert _value_label_offset(100.0, 10.0, pt_in_data=1.0) == (2.0, False)
    assert _value_label_offset(100.0, None, pt_in_data=1.0) == (2.0, False)
