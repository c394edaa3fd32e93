"""The statistics charts: deterministic, drawn with the shared font, gaps and breaks kept."""

from shisaku.stats import charts


def test_charts_are_byte_identical_for_the_same_input():
    args = (["H26(2014)", "H28(2016)", "R3(2021)"], [("事業所数", [42616, 40934, 41223])])
    first = charts.bar_chart(*args, title="推移", unit="事業所", breaks=[2])
    assert first == charts.bar_chart(*args, title="推移", unit="事業所", breaks=[2])
    assert first != charts.bar_chart(*args, title="推移", unit="事業所")  # the break is drawn
    assert charts.inline_svg(first).startswith("<svg")


def test_every_format_renders_and_empty_data_gets_the_placeholder():
    for fmt, magic in (("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF")):
        data = charts.line_chart(["a", "b"], [("x", [1, None])], title="t", fmt=fmt)
        assert data.startswith(magic)
    empty = charts.bar_chart(["a"], [("x", [None])], title="t")
    assert empty == charts.bar_chart([], [], title="t")


def test_break_positions_follow_group_changes():
    assert charts.break_positions(["A", "A", "B", "B", "C"]) == [2, 4]
    assert charts.break_positions(["A"]) == []
