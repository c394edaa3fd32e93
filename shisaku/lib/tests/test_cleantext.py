"""Control characters and spreadsheet formulas (lib.cleantext, lib.spreadsheet)."""

import io
import re
import zipfile

import pytest
from docx import Document as Word
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from shisaku.lib.cleantext import csv_cell, first_refused, formula_like, printable, spaced
from shisaku.lib.spreadsheet import append_row, set_cell

C0_REFUSED = [chr(c) for c in range(0x20) if chr(c) not in "\t\n"] + ["\x7f"]
FORMULAS = ['=HYPERLINK("http://x"&A1,"click")', "+1", "-cmd", "@SUM(A1)", "\t=1+2", "\r=1+2"]


@pytest.mark.parametrize("ch", C0_REFUSED, ids=lambda ch: f"U+{ord(ch):04X}")
def test_every_c0_control_character_but_tab_and_newline_is_refused(ch):
    assert first_refused(f"前{ch}後") == ch
    assert first_refused(ch) == ch


def test_tab_newline_and_crlf_are_accepted_but_a_lone_cr_is_not():
    assert first_refused("一\t二\n三\r\n四") is None
    assert first_refused("一\r二") == "\r"
    assert first_refused("一\r") == "\r"


def test_spaced_replaces_each_refused_character_with_a_space_and_keeps_crlf():
    assert spaced("a\x0bb\x00c\r\nd\re") == "a b c\r\nd e"


@given(st.text())
def test_printable_text_has_nothing_refused_and_word_and_excel_take_it(text):
    clean = printable(text)
    assert first_refused(clean) is None
    assert not re.search("[\ud800-\udfff\ufffe\uffff]", clean)
    Word().add_paragraph(clean)  # python-docx refuses control characters with ValueError
    set_cell(Workbook().active.cell(1, 1), text)  # openpyxl raises IllegalCharacterError


@given(st.text(), st.sampled_from(["", *(c for c in C0_REFUSED if c != "\r"), "\ud800", "\uffff"]))
def test_printable_only_drops_what_cannot_be_printed(text, bad):
    clean = printable(text.replace("\r", "") + bad)
    assert clean == printable(text.replace("\r", ""))


@pytest.mark.parametrize("text", [f for f in FORMULAS if f != "+1"])
def test_text_that_excel_would_run_is_quoted_in_csv(text):
    assert formula_like(text)
    assert csv_cell(text).startswith("'")


@pytest.mark.parametrize("value,expected", [
    ("-1,234", "-1,234"), ("+1", "+1"), ("+3.5", "+3.5"), ("-12%", "-12%"), (-5, "-5"), ("0", "0"),
    ("-1+A1", "'-1+A1"), ("=1", "'=1"), ("a\x0bb", "ab"), (None, "")])
def test_figures_stay_figures_in_csv(value, expected):
    assert csv_cell(value) == expected


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode() for n in archive.namelist()
                       if n.startswith("xl/worksheets/"))


def test_a_formula_like_text_is_written_as_text_and_a_negative_number_stays_a_number():
    book = Workbook()
    ws = book.active
    append_row(ws, [*FORMULAS, -5, 2.5, None, "a\x0bb"])
    out = io.BytesIO()
    book.save(out)
    assert "<f>" not in _sheet_xml(out.getvalue()) and "<f " not in _sheet_xml(out.getvalue())
    cells = list(load_workbook(out).active.iter_rows(values_only=False))[0]
    assert [c.data_type for c in cells[:len(FORMULAS)]] == ["s"] * len(FORMULAS)
    assert [c.value for c in cells[:len(FORMULAS)]] == [printable(f) for f in FORMULAS]
    assert all(c.quotePrefix for c in cells[:len(FORMULAS)])  # stays text when edited in Excel
    assert (cells[6].value, cells[6].data_type) == (-5, "n")
    assert cells[7].value == 2.5
    assert cells[9].value == "ab" and not cells[9].quotePrefix


@given(st.text())
def test_no_text_ever_becomes_a_formula(text):
    book = Workbook()
    set_cell(book.active.cell(1, 1), text)
    out = io.BytesIO()
    book.save(out)
    assert "<f>" not in _sheet_xml(out.getvalue())
    assert load_workbook(out).active.cell(1, 1).data_type != "f"


@given(st.text())
def test_a_stored_text_is_always_shown_whatever_it_holds(text):
    from shisaku.lib import richtext, richtext_render

    html = richtext_render.to_html(richtext.parse_stored(text))
    assert first_refused(html) is None


def test_a_stored_text_with_a_nul_is_shown_without_it():
    from shisaku.lib import richtext, richtext_render

    html = richtext_render.to_html(richtext.parse_stored("○見出し\x00\n- 項目\x0bです"))
    assert "見出し" in html and "項目です" in html and "\x00" not in html
