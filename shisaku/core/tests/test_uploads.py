"""core/uploads.check_office_file on its own: real files pass, each attack names its part."""

import io

import docx
import openpyxl
import pytest

from shisaku.core.tests import hostile
from shisaku.core.uploads import DOCX, XLSX, UnsafeUpload, check_office_file


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["業種", 2016])
    book.active.append(["製造業", 3034])
    book.active["C1"].comment = openpyxl.comments.Comment("メモ", "企画課")  # adds VML
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("令和3年度 中小企業活性化施策実施状況報告書")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_openpyxl_itself_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_files_that_office_and_our_libraries_write_are_accepted():
    check_office_file(_xlsx(), XLSX)
    check_office_file(_docx(), DOCX)


def test_legacy_drawings_that_are_not_well_formed_are_searched_not_parsed():
    data = hostile.with_part(_xlsx(), "xl/drawings/vmlDrawing9.vml", b"<xml><br></xml>")
    check_office_file(data, XLSX)
    bad = hostile.with_part(_xlsx(), "xl/drawings/vmlDrawing9.vml",
                            b"<xml>" + b" " * 70_000 + b"<!ENTITY x 'y'></xml>")
    with pytest.raises(UnsafeUpload) as refused:
        check_office_file(bad, XLSX)
    assert refused.value.part == "xl/drawings/vmlDrawing9.vml"


def test_a_dtd_deep_in_a_word_document_is_refused_naming_the_part():
    data = hostile.with_doctype(_docx(), hostile.DTD, part="word/document.xml", padding=200_000)
    with pytest.raises(UnsafeUpload) as refused:
        check_office_file(data, DOCX)
    assert refused.value.message.startswith(
        "word/document.xml に DTD（<!DOCTYPE>）か実体の宣言（<!ENTITY>）が含まれているため")


def test_a_workbook_is_not_taken_for_a_word_document():
    with pytest.raises(UnsafeUpload, match="Word 文書（.docx）ではありません（中身の構成が違います）"):
        check_office_file(_xlsx(), DOCX)


@pytest.mark.parametrize("label,data,expected", [
    (label, data, expected) for label, data, expected in hostile.office_corpus(_xlsx())])
def test_every_attack_in_the_corpus_is_refused_with_its_message(label, data, expected):
    with pytest.raises(UnsafeUpload) as refused:
        check_office_file(data, XLSX)
    assert expected in refused.value.message, (label, refused.value.message)


def test_a_malformed_part_is_named_with_its_line_and_column():
    data = hostile.with_part(_xlsx(), hostile.SHEET, b'<?xml version="1.0"?>\n<worksheet><a></b>')
    with pytest.raises(UnsafeUpload) as refused:
        check_office_file(data, XLSX)
    assert refused.value.message == (
        "xl/worksheets/sheet1.xml を読めません（開始タグと終了タグが対応していません。2行目、17文字目）。")


def test_a_workbook_damaged_anywhere_is_refused_as_unsafe_never_with_another_error():
    """Bytes flipped at 300 seeded places and headers: the check says why, or passes a file
    whose parts all read cleanly; it never lets a zipfile/zlib exception escape (a damaged
    header once claimed 'zip version 6.5', a NotImplementedError, a server error)."""
    import random

    from openpyxl import Workbook

    book = Workbook()
    for row in range(40):
        book.active.append([f"指標 {row}", row * 7, "テキスト"])
    buffer = io.BytesIO()
    book.save(buffer)
    original = buffer.getvalue()
    outcomes = {"refused": 0, "passed": 0}
    for seed in range(300):
        rnd = random.Random(seed)
        damaged = bytearray(original)
        for _ in range(rnd.randrange(1, 12)):
            damaged[rnd.randrange(4, len(damaged))] ^= rnd.randrange(1, 256)
        try:
            check_office_file(bytes(damaged), XLSX)
        except UnsafeUpload as refusal:
            assert refusal.message
            outcomes["refused"] += 1
        else:
            outcomes["passed"] += 1
    assert outcomes["refused"] > 200, outcomes
