"""Japanese as people type it: one folded form, the query split into terms, marks escaped."""

from shisaku.search.highlight import highlight, matches, snippet
from shisaku.search.normalize import fold, fold_with_spans, parse_query


def test_full_and_half_width_fold_to_one_form():
    assert fold("ＤＸ推進") == fold("DX推進") == fold("dx推進") == "dx推進"
    assert fold("ｶﾜｻｷ") == fold("カワサキ") == fold("かわさき") == "かわさき"
    assert fold("１，５００件") == "1,500件"


def test_a_half_width_voiced_mark_joins_its_kana():
    assert fold("ｶﾞｲﾄﾞﾌﾞｯｸ") == fold("ガイドブック") == "がいどぶっく"
    assert fold_with_spans("ｶﾞｲﾄﾞ")[1] == [(0, 2), (2, 3), (3, 5)]


def test_runs_of_white_space_are_one_space():
    assert fold("中小企業\u3000 \n 支援") == "中小企業 支援"


def test_words_are_and_terms_and_quotes_make_one_phrase():
    assert parse_query("ＤＸ  商業 農") == ["dx", "商業", "農"]
    assert parse_query('"中小企業 支援" ものづくり') == ["中小企業 支援", "ものづくり"]
    assert parse_query("“経営　支援”") == ["経営 支援"]
    assert parse_query("DX dx ＤＸ") == ["dx"]
    assert parse_query('  "" ') == []


def test_a_match_in_the_folded_text_marks_the_text_as_written():
    assert matches("ＤＸ推進とｶﾜｻｷ", ["dx", "かわさき"]) == [(0, 2), (5, 9)]
    assert highlight("ｶﾞｲﾄﾞ", ["がい"]) == "<mark>ｶﾞｲ</mark>ﾄﾞ"


def test_everything_but_the_marks_is_escaped():
    html = highlight("<b>ＤＸ</b> & <script>", ["dx"])
    assert html == "&lt;b&gt;<mark>ＤＸ</mark>&lt;/b&gt; &amp; &lt;script&gt;"
    assert snippet("<i>農</i>", ["農"]) == "&lt;i&gt;<mark>農</mark>&lt;/i&gt;"


def test_a_snippet_is_cut_around_the_first_hit():
    text = "あ" * 200 + "ものづくり" + "い" * 200
    html = snippet(text, ["ものづくり"], length=60)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>ものづくり</mark>" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) == 62


def test_the_fast_fold_is_the_fold_with_spans():
    texts = ["ＤＸ推進\u3000\u3000と ｶﾞｲﾄﾞ", "¨ ¨x", "İstanbul Straße ㈱", "\n\t 農\u2003業 ",
             "ﾊﾟﾝﾌﾚｯﾄ ①～⑳", "e\u0301\u0301 \u3099"]
    for text in texts:
        assert fold(text) == fold_with_spans(text)[0], text


def test_no_folded_character_is_an_ascii_capital_and_folding_twice_changes_nothing():
    """SQLite's LIKE ignores ASCII case, PostgreSQL's does not: with no capital ever stored
    or asked for, both databases match the same rows."""
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        folded = fold(chr(code))
        assert not any("A" <= char <= "Z" for char in folded), hex(code)
        assert fold(folded) == folded, hex(code)
