"""The Excel pages: who reaches them, which sheets a workbook holds, and who may write what."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shisaku.ingest.excel_workbook import META_TITLE
from shisaku.sheets.models import Sheet, SheetChange

from . import test_excel_support as support
from .test_excel_support import (
    OTHER,
    OWN,
    address,
    download,
    edit,
    snapshot,
)

pytestmark = pytest.mark.django_db

# Fixtures shared by the Excel tests.
cycle = support.cycle
other_sheet = support.other_sheet
own_sheet = support.own_sheet


URLS = [("ingest:excel_index", []), ("ingest:excel_download", [2021]),
        ("ingest:excel_upload", [2021])]


def _file(data: bytes, name: str = "shisaku-sheets-2021.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _titles(data: bytes) -> list[str]:
    return openpyxl.load_workbook(io.BytesIO(data), read_only=True).sheetnames


@pytest.mark.parametrize("name,args", URLS)
def test_anonymous_visitors_are_sent_to_the_login_page(client, cycle, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name,args", URLS)
@pytest.mark.parametrize("role", ["council_member", "viewer"])
def test_council_members_and_viewers_are_forbidden(client, users, cycle, own_sheet, name, args,
                                                   role):
    client.force_login(users[role])
    assert client.get(reverse(name, args=args)).status_code == 403
    assert client.post(reverse("ingest:excel_upload", args=[2021])).status_code == 403


@pytest.mark.parametrize("role", ["planning_admin", "section_editor"])
def test_staff_see_the_index_and_upload_pages(client, users, cycle, own_sheet, role):
    client.force_login(users[role])
    index = client.get(reverse("ingest:excel_index"))
    assert index.status_code == 200
    assert reverse("ingest:excel_download", args=[2021]) in index.content.decode()
    page = client.get(reverse("ingest:excel_upload", args=[2021]))
    assert page.status_code == 200
    assert "入力用ブックをダウンロード（1シート）" in page.content.decode()


def test_unknown_fiscal_year_is_not_found(client, users, cycle):
    client.force_login(users["planning_admin"])
    assert client.get(reverse("ingest:excel_download", args=[1999])).status_code == 404
    assert client.get(reverse("ingest:excel_upload", args=[1999])).status_code == 404


def test_download_is_an_xlsx_attachment(client, users, own_sheet):
    client.force_login(users["section_editor"])
    response = client.get(reverse("ingest:excel_download", args=[2021]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="shisaku-sheets-2021.xlsx"'


def test_planning_admin_gets_every_sheet_and_a_section_only_its_own(client, users, own_sheet,
                                                                    other_sheet):
    assert _titles(download(client, users["planning_admin"])) == [OWN, OTHER, META_TITLE]
    assert _titles(download(client, users["section_editor"])) == [OWN, META_TITLE]


def test_submitted_sheets_are_left_out_for_the_section(client, users, own_sheet, other_sheet):
    Sheet.objects.filter(pk=own_sheet.pk).update(state=Sheet.State.SUBMITTED)
    client.force_login(users["section_editor"])
    response = client.get(reverse("ingest:excel_download", args=[2021]))
    assert response.status_code == 302
    assert response.url == reverse("ingest:excel_upload", args=[2021])
    page = client.get(response.url)
    assert "この年度に入力できるシートはありません。" in page.content.decode()


def _confirm(client, response):
    return client.post(reverse("ingest:excel_confirm", args=[2021]),
                       {"token": response.context["token"]})


def test_upload_through_the_page_saves_on_confirmation_and_shows_the_result(
        client, users, cycle, own_sheet):
    data = download(client, users["section_editor"])
    data = edit(data, {(OWN, address(data, OWN, field="next_plan")): "- 相談窓口を拡充する"})
    response = client.post(reverse("ingest:excel_upload", args=[2021]), {"file": _file(data)})
    assert "保存する前に変更内容を確認してください" in response.content.decode()
    response = _confirm(client, response)
    html = response.content.decode()
    assert response.status_code == 200
    assert "登録しました" in html and OWN in html
    own_sheet.refresh_from_db()
    assert own_sheet.next_plan == "- 相談窓口を拡充する"
    assert own_sheet.changes.get().user == users["section_editor"]


def test_upload_page_lists_every_error_and_saves_nothing(client, users, cycle, own_sheet):
    data = download(client, users["section_editor"])
    first = address(data, OWN, "起業相談件数", 2021)
    second = address(data, OWN, "セミナー開催回数", 2021, "actual_status")
    data = edit(data, {(OWN, first): "たくさん", (OWN, second): "?"})
    before = snapshot()
    response = client.post(reverse("ingest:excel_upload", args=[2021]), {"file": _file(data)})
    html = response.content.decode()
    assert "何も保存していません" in html
    assert f"{OWN}!{first}: 数値を入力してください" in html
    assert f"{OWN}!{second}: 状況は" in html
    assert snapshot() == before


def test_section_editor_cannot_upload_changes_to_another_sections_sheet(
        client, users, cycle, own_sheet, other_sheet):
    # A workbook holding both sections' sheets (made for the planning division)…
    data = download(client, users["planning_admin"])
    data = edit(data, {(OTHER, address(data, OTHER, field="goal")): "他課の目標を書き換え",
                       (OWN, address(data, OWN, field="goal")): "自課の目標"})
    client.force_login(users["section_editor"])
    before = snapshot()
    response = client.post(reverse("ingest:excel_upload", args=[2021]), {"file": _file(data)})
    html = response.content.decode()
    # …is refused whole: the other section's sheet is named, and not even their own is saved.
    assert f"{OTHER}: このシート（{OTHER}・下書き）を変更する権限がありません。" in html
    assert snapshot() == before
    assert not SheetChange.objects.exists()


def test_section_editor_may_upload_a_shared_workbook_leaving_others_sheets_alone(
        client, users, cycle, own_sheet, other_sheet):
    data = download(client, users["planning_admin"])
    data = edit(data, {(OWN, address(data, OWN, field="goal")): "自課の目標"})
    client.force_login(users["section_editor"])
    response = client.post(reverse("ingest:excel_upload", args=[2021]), {"file": _file(data)})
    assert "登録しました" in _confirm(client, response).content.decode()
    assert Sheet.objects.get(pk=own_sheet.pk).goal == "自課の目標"


def test_changes_to_a_sheet_submitted_since_the_download_are_refused(client, users, cycle,
                                                                      own_sheet):
    data = download(client, users["section_editor"])
    data = edit(data, {(OWN, address(data, OWN, field="goal")): "提出後の書き換え"})
    Sheet.objects.filter(pk=own_sheet.pk).update(state=Sheet.State.SUBMITTED)
    response = client.post(reverse("ingest:excel_upload", args=[2021]), {"file": _file(data)})
    assert f"{OWN}: このシート（{OWN}・提出）を変更する権限がありません。" in response.content.decode()
    assert Sheet.objects.get(pk=own_sheet.pk).goal != "提出後の書き換え"


@pytest.mark.parametrize("name,message", [
    ("book.xlsm", "マクロを含むブック（.xlsm）は受け付けません。"),
    ("book.csv", "拡張子が .xlsx のファイルを選んでください。"),
])
def test_upload_form_refuses_other_file_kinds(client, users, cycle, name, message):
    client.force_login(users["section_editor"])
    response = client.post(reverse("ingest:excel_upload", args=[2021]),
                           {"file": _file(b"PK\x03\x04", name)})
    assert message in response.content.decode()


def test_upload_form_refuses_files_over_five_megabytes(client, users, cycle):
    client.force_login(users["section_editor"])
    response = client.post(reverse("ingest:excel_upload", args=[2021]),
                           {"file": _file(b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024))})
    assert "ファイルが大きすぎます（5 MB まで）。" in response.content.decode()


def test_upload_needs_the_csrf_token(csrf_client, users, cycle, own_sheet):
    csrf_client.force_login(users["section_editor"])
    response = csrf_client.post(reverse("ingest:excel_upload", args=[2021]),
                                {"file": _file(b"PK\x03\x04")})
    assert response.status_code == 403
