import random

import pytest

from shisaku.lib.richtext import (
    MAX_CHARS,
    BulletList,
    Heading,
    ListItem,
    NumberedList,
    Paragraph,
    RichTextError,
    Table,
    bullets,
    parse,
    validate,
)
from shisaku.lib.richtext_render import escape_typst, to_html, to_plain, to_typst

DO_TEXT = """\
○ 創業支援の充実
・創業塾を年2回開催し、延べ42人が受講した。
　うち8人が市内で創業した。
- 相談窓口を商工会議所に設置した。
  ・オンライン相談にも対応
①創業塾（基礎編）
②創業塾（実践編）
　土日に開催した。

○ 商店街のにぎわいづくり
| イベント名 | 開催日 | 参加者数 |
|---|---|---|
| 商店街まつり | 7月20日 | 1,200 |
| 創業セミナー | 10月5日 | 35 |
※参加者数は延べ人数
来年度も継続して実施する。
"""

DO_BLOCKS = [
    Heading("創業支援の充実"),
    BulletList(
        (
            ListItem("創業塾を年2回開催し、延べ42人が受講した。うち8人が市内で創業した。"),
            ListItem("相談窓口を商工会議所に設置した。", ("オンライン相談にも対応",)),
        )
    ),
    NumberedList(((1, "創業塾（基礎編）"), (2, "創業塾（実践編）土日に開催した。"))),
    Heading("商店街のにぎわいづくり"),
    Table(
        ("イベント名", "開催日", "参加者数"),
        (("商店街まつり", "7月20日", "1,200"), ("創業セミナー", "10月5日", "35")),
    ),
    Paragraph("※参加者数は延べ人数", note=True),
    Paragraph("来年度も継続して実施する。"),
]


# --------------------------------------------------------------------------- parsing


def test_a_realistic_do_text_parses_into_the_expected_blocks():
    assert parse(DO_TEXT) == DO_BLOCKS


@pytest.mark.parametrize("empty", ["", "\n\n", "  \u3000\n\t", None])
def test_an_empty_text_has_no_blocks(empty):
    assert parse(empty) == []


@pytest.mark.parametrize(
    "line", ["○見出し", "○ 見出し", "〇見出し", "◯\u3000見出し", "  ○ 見出し  "]
)
def test_a_circle_line_is_a_heading_without_its_marker(line):
    assert parse(line) == [Heading("見出し")]


def test_a_lone_circle_is_an_empty_heading():
    assert parse("○") == [Heading("")]


@pytest.mark.parametrize("marker", ["- ", "・", "・ ", "◆", "●", "■", "* ", "-\u3000"])
def test_every_bullet_marker_makes_a_plain_bullet_item(marker):
    assert parse(f"{marker}項目") == [BulletList((ListItem("項目"),))]


@pytest.mark.parametrize("line", ["-", "-5%の減少", "*注意", "--"])
def test_a_dash_or_star_without_a_space_is_ordinary_text(line):
    assert parse(line) == [Paragraph(line)]


def test_a_lone_dash_meaning_none_stays_a_paragraph_of_its_own():
    assert parse("-\n次の文\n\n前の文\n*") == [
        Paragraph("-"),
        Paragraph("次の文"),
        Paragraph("前の文"),
        Paragraph("*"),
    ]


def test_consecutive_bullet_lines_form_one_list_whatever_marker_they_use():
    assert parse("・一つ目\n- 二つ目\n◆三つ目") == [
        BulletList((ListItem("一つ目"), ListItem("二つ目"), ListItem("三つ目")))
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("・商店街の\n　空き店舗を活用", "商店街の空き店舗を活用"),
        ("・商店街の\n  空き店舗を活用", "商店街の空き店舗を活用"),
        ("・商店街の\n\t空き店舗を活用", "商店街の空き店舗を活用"),
        ("- support for\n  start-ups", "support for start-ups"),
        ("・2024年度\n  new", "2024年度new"),
    ],
)
def test_an_indented_line_continues_the_bullet_item(source, expected):
    assert parse(source) == [BulletList((ListItem(expected),))]


def test_a_single_half_width_space_is_not_enough_to_continue_an_item():
    assert parse("・項目\n 次の文") == [BulletList((ListItem("項目"),)), Paragraph("次の文")]


def test_an_indented_bullet_is_a_level_two_item_and_its_continuation_stays_with_it():
    source = "・親\n  ・子1\n　- 子2\n    続き\n・次の親"
    assert parse(source) == [BulletList((ListItem("親", ("子1", "子2続き")), ListItem("次の親")))]


def test_deeper_indentation_still_gives_level_two_because_only_two_levels_exist():
    assert parse("・親\n      ・深い") == [BulletList((ListItem("親", ("深い",)),))]


def test_an_indented_bullet_with_no_parent_is_a_level_one_item():
    assert parse("  ・項目") == [BulletList((ListItem("項目"),))]


def test_an_indented_circled_number_under_a_bullet_is_a_child_that_keeps_its_digit():
    assert parse("・講座の開催\n  ①基礎編\n  ② 実践編") == [
        BulletList((ListItem("講座の開催", ("①基礎編", "② 実践編")),))
    ]


def test_circled_number_lines_form_a_numbered_list_keeping_their_numbers():
    assert parse("①一つ目\n② 二つ目\n⑤五つ目\n⑳二十") == [
        NumberedList(((1, "一つ目"), (2, "二つ目"), (5, "五つ目"), (20, "二十")))
    ]


def test_an_indented_line_continues_a_numbered_item():
    assert parse("①創業塾を\n　開催した") == [NumberedList(((1, "創業塾を開催した"),))]


def test_an_indented_bullet_after_a_numbered_item_starts_a_bullet_list():
    assert parse("①事業A\n  ・内容\n②事業B") == [
        NumberedList(((1, "事業A"),)),
        BulletList((ListItem("内容"),)),
        NumberedList(((2, "事業B"),)),
    ]


def test_a_table_with_a_separator_row_has_a_header():
    source = "| イベント名 | 開催日 | 参加者数 |\n|---|:---:|--- |\n|まつり|7月20日|1,200|"
    assert parse(source) == [
        Table(("イベント名", "開催日", "参加者数"), (("まつり", "7月20日", "1,200"),))
    ]


def test_a_table_without_a_separator_row_has_no_header():
    assert parse("| a | b |\n| c | d |") == [Table(None, (("a", "b"), ("c", "d")))]


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("| a | b |", ("a", "b")),
        ("|a|b", ("a", "b")),
        ("| a |  | c |", ("a", "", "c")),
        ("|\u3000全角\u3000|x|", ("全角", "x")),
        ("|", ("",)),
    ],
)
def test_table_cells_are_split_on_bars_and_trimmed(line, cells):
    assert parse(line) == [Table(None, (cells,))]


def test_a_row_of_dashes_below_the_second_row_is_data_not_a_separator():
    source = "| 事業 | 件数 |\n|---|---|\n| A | - |\n| - | - |"
    assert parse(source) == [Table(("事業", "件数"), (("A", "-"), ("-", "-")))]


def test_a_note_line_keeps_its_mark_and_each_note_is_its_own_paragraph():
    assert parse("※延べ人数\n※速報値\n　（確定値は後日）") == [
        Paragraph("※延べ人数", note=True),
        Paragraph("※速報値（確定値は後日）", note=True),
    ]


def test_an_unindented_line_after_a_note_starts_a_new_paragraph():
    assert parse("※延べ人数\n本文です。") == [
        Paragraph("※延べ人数", note=True),
        Paragraph("本文です。"),
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("本市では、\n創業支援を行った。", "本市では、創業支援を行った。"),
        ("The city\nsupported start-ups.", "The city supported start-ups."),
        ("来場者はNPO\n法人が多い", "来場者はNPO法人が多い"),
        ("年2\n回開催", "年2回開催"),
        ("人数は42\n(速報)", "人数は42 (速報)"),
        ("全角（かっこ）\nの後", "全角（かっこ）の後"),
        ("　字下げした段落\n続き", "字下げした段落続き"),
    ],
)
def test_consecutive_plain_lines_join_with_a_space_only_between_non_cjk_ends(source, expected):
    assert parse(source) == [Paragraph(expected)]


def test_a_blank_line_separates_paragraphs_lists_and_tables():
    source = "段落1\n\n段落2\n\n・a\n\n・b\n\n|x|\n\n|y|"
    assert parse(source) == [
        Paragraph("段落1"),
        Paragraph("段落2"),
        BulletList((ListItem("a"),)),
        BulletList((ListItem("b"),)),
        Table(None, (("x",),)),
        Table(None, (("y",),)),
    ]


def test_a_new_kind_of_line_ends_the_block_before_it_without_a_blank_line():
    source = "段落\n・項目\n|表|\n①番号\n本文\n○見出し"
    assert parse(source) == [
        Paragraph("段落"),
        BulletList((ListItem("項目"),)),
        Table(None, (("表",),)),
        NumberedList(((1, "番号"),)),
        Paragraph("本文"),
        Heading("見出し"),
    ]


def test_markup_looking_text_is_kept_literally():
    assert parse("<script>alert(1)</script> & <b>太字</b>") == [
        Paragraph("<script>alert(1)</script> & <b>太字</b>")
    ]


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n", "\u2028"])
def test_every_kind_of_line_break_is_normalised(newline):
    assert parse(f"○見出し{newline}・項目") == [Heading("見出し"), BulletList((ListItem("項目"),))]


def test_control_characters_other_than_tab_and_newline_are_removed():
    assert parse("\ufeff○見\x07出\x1bし\x7f\n本\x0c文\x85\tです") == [
        Heading("見出し"),
        Paragraph("本文\tです"),
    ]


# --------------------------------------------------------------------------- errors


def test_a_ragged_table_names_the_field_and_the_line():
    source = "○ 実績\n| a | b | c | d |\n| 1 | 2 | 3 |"
    with pytest.raises(RichTextError) as info:
        parse(source, "事業の実施状況")
    assert str(info.value) == "「事業の実施状況」の3行目: 表の列数がそろっていません（4列と3列）"
    assert info.value.line == 3


def test_a_ragged_table_counts_lines_of_a_crlf_text_like_the_user_sees_them():
    with pytest.raises(RichTextError) as info:
        parse("本文\r\n\r\n|a|b|\r\n|---|\r\n")
    assert info.value.line == 4
    assert "（2列と1列）" in str(info.value)


def test_a_table_wider_than_twelve_columns_is_rejected():
    with pytest.raises(RichTextError, match="12列まで") as info:
        parse("|" + "x|" * 13)
    assert info.value.line == 1


def test_a_table_longer_than_two_hundred_rows_is_rejected():
    parse("\n".join(["|h|", "|-|"] + ["|x|"] * 199))
    with pytest.raises(RichTextError, match="200行まで") as info:
        parse("\n".join(["|h|", "|-|"] + ["|x|"] * 200))
    assert info.value.line == 202


def test_a_nul_byte_is_rejected_with_its_line():
    with pytest.raises(RichTextError, match="NUL") as info:
        parse("一行目\n二行\x00目", "主な取組")
    assert info.value.line == 2
    assert str(info.value).startswith("「主な取組」の2行目: ")


def test_a_text_over_twenty_thousand_characters_is_rejected():
    parse("あ" * MAX_CHARS)
    with pytest.raises(RichTextError) as info:
        parse("あ" * (MAX_CHARS + 1))
    assert str(info.value) == "本文が長すぎます（20,000字まで）"
    assert info.value.line is None


def test_windows_line_endings_do_not_count_towards_the_length_limit():
    parse("あ\r\n" * (MAX_CHARS // 2))


def test_rich_text_error_is_a_value_error_so_forms_can_catch_it_generically():
    assert issubclass(RichTextError, ValueError)


def test_validate_accepts_good_text_and_raises_for_bad_text():
    assert validate(DO_TEXT) is None
    with pytest.raises(RichTextError):
        validate("|a|\n|b|c|")


# --------------------------------------------------------------------------- HTML


def test_html_of_each_block_kind():
    blocks = parse(
        "○見出し\n\n段落\n\n※注\n\n・a\n  ・a1\n・b\n\n②二\n③三\n\n|h1|h2|\n|-|-|\n|1|2|"
    )
    assert to_html(blocks) == "\n".join(
        [
            '<h4 class="rt-heading">○ 見出し</h4>',
            "<p>段落</p>",
            '<p class="rt-note">※注</p>',
            '<ul class="rt-list"><li>a<ul><li>a1</li></ul></li><li>b</li></ul>',
            '<ol class="rt-numbered"><li value="2"><span class="rt-num">②</span>二</li>'
            '<li value="3"><span class="rt-num">③</span>三</li></ol>',
            '<table class="rt-table"><thead><tr><th scope="col">h1</th><th scope="col">h2</th>'
            "</tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>",
        ]
    )


def test_html_of_a_table_without_header_has_no_thead():
    assert (
        to_html(parse("|a|"))
        == '<table class="rt-table"><tbody><tr><td>a</td></tr></tbody></table>'
    )


@pytest.mark.parametrize(
    "template",
    ["○{}", "{}", "※{}", "・{}", "・親\n  ・{}", "①{}", "|{}|x|", "|{}|\n|---|\n|x|"],
)
def test_html_escapes_text_in_every_kind_of_block(template):
    html = to_html(parse(template.format('<script>alert(1)</script> & "q"')))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;" in html


def test_html_of_no_blocks_is_empty():
    assert to_html([]) == ""


def test_renderers_reject_things_that_are_not_blocks():
    with pytest.raises(TypeError):
        to_html(["<b>raw</b>"])
    with pytest.raises(TypeError):
        to_typst([{"text": "x"}])


# --------------------------------------------------------------------------- Typst


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ('#import "x"', '\\#import \\"x\\"'),
        ("$x$", "\\$x\\$"),
        ("[link]", "\\[link\\]"),
        ("@ref", "\\@ref"),
        ("*bold*", "\\*bold\\*"),
        ("_emph_", "\\_emph\\_"),
        ("`raw`", "\\`raw\\`"),
        ("<label>", "\\<label\\>"),
        ("a~b", "a\\~b"),
        ("https://x.jp // c", "https:\\/\\/x\\.jp \\/\\/ c"),
        ("C:\\path", "C:\\\\path"),
        ("1. 番号", "1\\. 番号"),
    ],
)
def test_typst_escapes_special_characters(text, escaped):
    assert escape_typst(text) == escaped


@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("= 見出し", "\\= 見出し\n"),
        ("+ 項目", "\\+ 項目\n"),
        ("/ 用語: 説明", "\\/ 用語: 説明\n"),
        ("1. 番号", "1\\. 番号\n"),
        ("-? x", "\\-? x\n"),
    ],
)
def test_typst_escapes_markers_at_the_start_of_a_paragraph_line(text, markup):
    assert to_typst(parse(text)) == markup


def test_typst_escapes_user_text_in_every_kind_of_block():
    attack = '#import "x" $x$ [link] @ref *bold*'
    source = (
        f"○{attack}\n\n{attack}\n\n※{attack}\n\n・{attack}\n  ・{attack}\n\n①{attack}\n\n"
        f"|{attack}|\n|---|\n|{attack}|"
    )
    markup = to_typst(parse(source))
    escaped = '\\#import \\"x\\" \\$x\\$ \\[link\\] \\@ref \\*bold\\*'
    assert markup.count(escaped) == 8
    assert markup.count("#") == markup.count("\\#") + 3  # strong, text, table
    assert "#import" not in markup.replace("\\#import", "")


def test_typst_turns_line_breaks_in_hand_built_blocks_into_spaces():
    assert to_typst([Paragraph("a\n= b")]) == "a \\= b\n"


def test_typst_of_each_block_kind():
    blocks = parse(
        "○見出し\n\n段落\n\n※注\n\n・a\n  ・a1\n・b\n\n②二\n③三\n\n|h1|h2|\n|-|-|\n|1|2|"
    )
    assert to_typst(blocks) == (
        "#strong[○ 見出し]\n\n"
        "段落\n\n"
        "#text(size: 0.9em)[※注]\n\n"
        "- a\n  - a1\n- b\n\n"
        "②二 \\\n③三\n\n"
        "#table(\n  columns: 2,\n  table.header([h1], [h2]),\n  [1], [2],\n)\n"
    )


def test_typst_table_without_header_has_no_table_header():
    assert to_typst(parse("|a|b|")) == "#table(\n  columns: 2,\n  [a], [b],\n)\n"


def test_typst_of_no_blocks_is_empty():
    assert to_typst([]) == ""


def test_typst_compiles_a_japanese_document():
    typst = pytest.importorskip("typst")
    document = '#set text(lang: "ja")\n' + to_typst(parse(DO_TEXT + "\n" + '#import "x" $x$ @ref'))
    pdf = typst.compile(document.encode())
    assert pdf.startswith(b"%PDF")


_TYPST_FLATTEN = """
#let flat(c) = {
  if type(c) == str { c }
  else if c.has("text") and type(c.text) == str { c.text }
  else if c.has("children") { c.children.map(flat).join(default: "") }
  else if c == [ ] { " " }
  else { panic("markup was interpreted: " + repr(c)) }
}
"""


def test_typst_shows_nasty_text_literally_at_line_start_and_inside_brackets():
    typst = pytest.importorskip("typst")
    nasty = [
        '#import "x"',
        "$x$ [link] @ref *bold* _e_ `raw` <l>",
        "= 見出し",
        "1. 番号",
        "- 項目 + x / y: z",
        "http://example.jp // comment /* c */",
        "a -- b --- c ... d -? e ~ f",
        "'single' \"double\"",
        "\\u{41} \\ end\\",
    ]
    lines = [_TYPST_FLATTEN]
    for i, text in enumerate(nasty):
        for j, wrap in enumerate(("[\n{}\n]", "[{}]")):
            lines.append(
                f'#assert.eq(flat({wrap.format(escape_typst(text))}).trim(), sys.inputs.at("s{i}"), message: "{i}/{j}")'
            )
    typst.compile("\n".join(lines).encode(), sys_inputs={f"s{i}": t for i, t in enumerate(nasty)})


# --------------------------------------------------------------------------- plain


@pytest.mark.parametrize(
    "source",
    [
        DO_TEXT,
        "",
        "○",
        "・",
        "-",
        "①\n②",
        "・\n  ・子",
        "|",
        "| |\n|---|",
        "|h|\n|-|\n|---|",
        "※\n　続き",
        "段落\nの続き\nand more\n\n・a\n  ・b\n  ①c\n③d\n　e",
        "・・・以下略\n○○地区\n①②\n| a | - |\n| --- | --- |\n| -- | b |",
        "<script>alert(1)</script> & #import $x$",
        "  ・浮いた項目\n\u3000字下げ段落",
    ],
)
def test_to_plain_round_trips_through_parse(source):
    blocks = parse(source)
    assert parse(to_plain(blocks)) == blocks


_FUZZ_PIECES = [
    *["", " ", "  ", "\u3000", "\t", "\r\n", "\x07", "\u2028"],
    *["○", "○ ", "・", "  ・", "- ", "-", "* ", "◆", "①", "  ①", "⑳", "※", "※ "],
    *["|", "|-|-|", "| - |", "| a | b |", "a", "あ", "2", "NPO", "法人", "<b>", "&", "#", "--"],
]


def test_to_plain_round_trips_random_texts_built_from_markers():
    rng = random.Random(20240401)
    for _ in range(3000):
        lines = (
            "".join(rng.choice(_FUZZ_PIECES) for _ in range(rng.randint(0, 4)))
            for _ in range(rng.randint(1, 8))
        )
        source = "\n".join(lines)
        try:
            blocks = parse(source)
        except RichTextError:
            continue  # ragged tables
        assert parse(to_plain(blocks)) == blocks, source
        to_html(blocks)
        to_typst(blocks)


def test_to_plain_normalises_markers_and_spacing():
    source = "〇見出し\n- a\n* b\n  ◆ b1\n① x\n|a|b|\n|:-|-:|\n|1|2|\n※注\n本文\n続き"
    assert to_plain(parse(source)) == (
        "○ 見出し\n\n・a\n・b\n  ・b1\n\n①x\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n※注\n\n本文続き"
    )


def test_to_plain_keeps_hand_built_blocks_in_their_kind():
    blocks = [Paragraph("延べ人数", note=True), Table(None, (("a|b",),))]
    assert parse(to_plain(blocks)) == [Paragraph("※延べ人数", note=True), Table(None, (("a｜b",),))]


# --------------------------------------------------------------------------- bullets()


def test_bullets_returns_the_items_of_a_bullet_list():
    assert bullets("・創業支援\n・販路開拓\n　（海外を含む）") == [
        "創業支援",
        "販路開拓（海外を含む）",
    ]


def test_bullets_counts_each_paragraph_as_one_item_and_flattens_the_rest():
    source = "段落一\n続き\n\n段落二\n\n・a\n  ・a1\n①n\n|x|y|\n|-|-|\n|1|2|\n・"
    assert bullets(source) == ["段落一続き", "段落二", "a", "a1", "①n", "1 / 2"]


def test_bullets_of_an_empty_text_is_empty():
    assert bullets("") == []


def test_bullets_raises_for_text_that_cannot_be_parsed():
    with pytest.raises(RichTextError):
        bullets("|a|\n|b|c|")
