"""Files that are not our workbook for this FY are refused as a whole, with a clear message."""

import io
import json
import zipfile

import openpyxl
import pytest

from shisaku.ingest.excel_reading import MAX_BYTES
from shisaku.ingest.excel_upload import upload_workbook
from shisaku.ingest.excel_workbook import FORMAT, FORMAT_VERSION, MARKER, META_TITLE
from shisaku.sheets.models import Indicator
from shisaku.sheets.tests.factories import make_cycle

from . import test_excel_support as support
from .test_excel_support import (
    OWN,
    address,
    download,
    snapshot,
)

pytestmark = pytest.mark.django_db

# Fixtures shared by the Excel tests.
cycle = support.cycle
own_sheet = support.own_sheet


@pytest.fixture
def workbook(client, users, own_sheet):
    return download(client, users["section_editor"])


def _refused(data, cycle, user) -> str:
    before = snapshot()
    result = upload_workbook(data, cycle, user)
    assert snapshot() == before
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def _xlsx(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_workbook_of_another_fiscal_year_is_refused(client, users, own_sheet, cycle):
    from shisaku.core.testing import make_project
    from shisaku.sheets.tests.factories import make_sheet

    last_year = make_cycle(2020)
    make_sheet(make_project("別年度の事業", section=own_sheet.project.section), cycle=last_year)
    data = download(client, users["section_editor"], fy=2020)
    message = _refused(data, cycle, users["section_editor"])
    assert message == ("このブックは令和2（2020）年度の入力用です。令和3（2021）年度のブックではないため"
                       "読み込めません。令和2（2020）年度の画面からアップロードしてください。")


def test_an_ordinary_excel_workbook_is_refused_as_not_ours(users, cycle):
    book = openpyxl.Workbook()
    book.active["A1"] = "勤労者福祉対策事業"
    message = _refused(_xlsx(book), cycle, users["section_editor"])
    assert message.startswith("Shisaku からダウンロードした入力用ブックではありません。")


def test_a_forged_metadata_sheet_is_refused(users, cycle):
    book = openpyxl.Workbook()
    meta = book.create_sheet(META_TITLE)
    meta.append([MARKER, FORMAT, FORMAT_VERSION])
    meta.append(["年度", 2021])
    meta.append(["署名", "not-a-signature"])
    meta.append(["x"])
    meta.append(["data", json.dumps({"format": FORMAT, "fiscal_year": 2021, "worksheets": []})])
    message = _refused(_xlsx(book), cycle, users["section_editor"])
    assert "管理情報が変更されているか" in message


def test_altering_the_layout_breaks_the_signature(workbook, users, cycle):
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    meta = book[META_TITLE]
    meta["B5"] = meta["B5"].value.replace('"version": 1', '"version": 99')
    assert "管理情報が変更されているか" in _refused(_xlsx(book), cycle, users["section_editor"])


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9, 0.999])
def test_truncated_workbook_is_refused_as_damaged(workbook, users, cycle, cut):
    message = _refused(workbook[:int(len(workbook) * cut)], cycle, users["section_editor"])
    assert message == "ファイルが壊れているか途中で切れているため、Excel ブック（.xlsx）として開けません。"


def test_damaged_bytes_inside_the_zip_are_refused(workbook, users, cycle):
    damaged = bytearray(workbook)
    for i in range(200, len(damaged) - 200, 97):
        damaged[i] ^= 0x55
    message = _refused(bytes(damaged), cycle, users["section_editor"])
    # Where the flipped bytes land depends on the workbook's timestamps: a damaged size
    # field in a header reads as an oversized part, which is refused as a bomb would be.
    # (or a damaged part name as a foreign structure): each is a clear refusal.
    assert any(words in message for words in ("壊れて", "展開後の大きさが上限", "中身の構成が違います")
               ), message


@pytest.mark.parametrize("data,expected", [
    (b"", "ファイルが空です。"),
    (b"name,value\n\xe5\x8b\xa4,1\n", "Excel ブック（.xlsx）ではありません（ファイルの形式が違います）。"),
    (b"%PDF-1.7\n", "PDF ファイルです。Excel ブック（.xlsx）を選んでください。"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "古い形式のファイル（.xls・.doc）か、パスワード付き"),
    (b"PK\x03\x04" + b"\0" * 64, "ファイルが壊れているか途中で切れているため"),
    (b"PK\x03\x04" + b"x" * (MAX_BYTES), "ファイルが大きすぎます（5 MB まで）。"),
])
def test_files_that_are_not_workbooks_are_refused(users, cycle, data, expected):
    assert _refused(data, cycle, users["section_editor"]).startswith(expected)


def _with_part(data: bytes, name: str, content: bytes, replace: dict | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            for old, new in (replace or {}).get(info.filename, {}).items():
                body = body.replace(old, new)
            dst.writestr(info, body)
        if name:
            dst.writestr(name, content)
    return out.getvalue()


def test_macro_workbook_is_refused(workbook, users, cycle):
    with_macros = _with_part(workbook, "xl/vbaProject.bin", b"\0" * 64)
    assert _refused(with_macros, cycle, users["section_editor"]).startswith(
        "マクロを含むファイルは受け付けません。")
    relabelled = _with_part(workbook, "", b"", {"[Content_Types].xml": {
        b"sheet.main+xml": b"sheet.macroEnabled.main+xml"}})
    assert _refused(relabelled, cycle, users["section_editor"]).startswith("マクロを含むファイル")


def test_workbook_with_an_entity_declaration_is_refused(workbook, users, cycle):
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    data = _with_part(workbook, "xl/extra.xml", bomb)
    assert _refused(data, cycle, users["section_editor"]).startswith(
        "xl/extra.xml に DTD（<!DOCTYPE>）か実体の宣言（<!ENTITY>）が含まれているため読み込みません。")


def test_zip_bomb_is_refused_before_it_is_unpacked(workbook, users, cycle):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        dst.writestr("xl/media/zeros.bin", b"\0" * (80 * 1024 * 1024))
    assert len(out.getvalue()) < MAX_BYTES
    assert _refused(out.getvalue(), cycle, users["section_editor"]).startswith(
        "展開後の大きさが上限（64 MB）を超えるか")


def test_a_renamed_worksheet_is_named_in_the_error(workbook, users, cycle):
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    book[OWN].title = "名前を変えたシート"
    result = upload_workbook(_xlsx(book), cycle, users["section_editor"])
    assert result.errors == [f"{OWN}: ワークシートが見つかりません。シート名を変えたり削除したりしないでください。"]


def test_an_indicator_deleted_since_the_download_is_named(workbook, users, cycle):
    cell = address(workbook, OWN, "満足度", 2020)
    Indicator.objects.filter(name="満足度").delete()
    result = upload_workbook(workbook, cycle, users["section_editor"])
    assert f"{OWN}!{cell}: この行の指標は削除されています。もう一度ダウンロードしてください。" in result.errors


def test_extra_worksheets_are_skipped_with_a_warning(workbook, users, cycle):
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    book.create_sheet("メモ")["A1"] = "自分用のメモ"
    result = upload_workbook(_xlsx(book), cycle, users["section_editor"])
    assert result.ok
    assert result.warnings == ["ワークシート「メモ」は Shisaku のシートではないため読み飛ばしました。"]
