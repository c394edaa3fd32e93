"""Control characters on the import paths.

* The past-report importer reads the city's own published text: a control character (a PDF's
  form feed, a pasted vertical tab) becomes a space; nothing it writes carries one.
* The section's Excel upload is the section's own typing: a text cell with a control
  character is refused with the cell named, like the screen.
"""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shisaku.ingest import reader as rp
from shisaku.ingest.excel_cells import CellError, cell_text
from shisaku.lib.cleantext import REFUSED

from .test_report_fuzz import REPORT_LINES

CONTROLS = st.sampled_from([chr(c) for c in range(1, 0x20) if chr(c) not in "\t\n"] + ["\x7f"])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(REPORT_LINES, CONTROLS, REPORT_LINES), max_size=40))
def test_the_report_importer_turns_every_control_character_into_a_space(pieces):
    text = "\n".join(f"{a}{ch}{b}" for a, ch, b in pieces)
    assert not [s for s in _strings(rp.parse(text, 2021).to_json()) if REFUSED.search(s)]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def test_a_control_character_in_an_opinion_of_a_report_is_read_as_a_space():
    text = "\n".join([
        "工業振興関連事業 ①テスト事業", "施策における目標", "目標の\x0b文", "主な検証意見 Check",
        "- ①意見の\x1b文"])
    report = rp.parse(text, 2021).to_json()
    dumped = json.dumps(report, ensure_ascii=False)
    assert "\\u000b" not in dumped and "\\u001b" not in dumped
    assert "目標の 文" in dumped


@pytest.mark.parametrize("ch", ["\x0b", "\x00", "\x1f", "\x7f"])
def test_an_excel_text_cell_with_a_control_character_is_refused(ch):
    with pytest.raises(CellError) as caught:
        cell_text(f"目標{ch}です")
    assert str(caught.value) == f"制御文字（U+{ord(ch):04X}）は使えません。"


def test_an_excel_text_cell_keeps_tabs_and_newlines():
    assert cell_text("一行目\r\n二行目\tタブ\r三行目") == "一行目\n二行目\tタブ\n三行目"
