"""The upload → preview → confirm pages of the past-report importer."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shisaku.ingest.report_views import SESSION_KEY
from shisaku.sheets.models import Cycle, Sheet
from shisaku.verification.models import Opinion

from .test_report_expected import seed_bytes

pytestmark = pytest.mark.django_db

UPLOAD = reverse("ingest:report_upload")
CONFIRM = reverse("ingest:report_confirm")
OTHERS = ["section_editor", "council_member", "viewer"]


def seed_file(name="report_fy2021.txt", data=None):
    return SimpleUploadedFile(name, seed_bytes() if data is None else data,
                              content_type="text/plain")


def test_anonymous_users_are_sent_to_the_login_page(client):
    for url, method in ((UPLOAD, client.get), (CONFIRM, client.post)):
        response = method(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_get_403_and_nothing_is_written(client, users, role):
    client.force_login(users[role])
    assert client.get(UPLOAD).status_code == 403
    upload = client.post(UPLOAD, {"file": seed_file(), "fiscal_year": "2021"})
    assert upload.status_code == 403
    assert client.post(CONFIRM, {"token": "x"}).status_code == 403
    assert not Cycle.objects.exists()


def test_planning_admin_sees_the_form(client, users):
    client.force_login(users["planning_admin"])
    page = client.get(UPLOAD)
    assert page.status_code == 200
    assert "報告書のファイル" in page.content.decode()
    assert client.get(CONFIRM).status_code == 405


def test_upload_shows_a_preview_with_warnings_and_writes_nothing_until_confirmed(client, users):
    client.force_login(users["planning_admin"])
    page = client.post(UPLOAD, {"file": seed_file(), "fiscal_year": "令和3年度"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "読み取った内容の確認" in html
    assert "工業振興関連事業 ②内陸部操業環境保全対策事業" in html and "関連事業" in html
    assert "先端設備等導入計画の認定件数" in html and "新規38・変更21" in html  # format_breakdown
    assert "2517行目" in html  # a warning with its line number
    assert "この内容で登録する" in html and "事業シート14件" in html
    assert not Cycle.objects.exists() and not Sheet.objects.exists()  # preview only
    token = client.session[SESSION_KEY]["token"]

    done = client.post(CONFIRM, {"token": token})
    assert done.status_code == 302
    assert done["Location"] == reverse("sheets:dashboard", args=[2021])
    assert Sheet.objects.filter(verified=True, cycle__fiscal_year=2021).count() == 14
    assert Opinion.objects.count() == 39
    assert SESSION_KEY not in client.session
    dashboard = client.get(done["Location"])
    assert "登録しました" in dashboard.content.decode()

    again = client.post(CONFIRM, {"token": token})  # the token is used up
    assert again.status_code == 302 and again["Location"] == UPLOAD
    assert Sheet.objects.filter(verified=True).count() == 14


def test_a_wrong_token_writes_nothing(client, users):
    client.force_login(users["planning_admin"])
    client.post(UPLOAD, {"file": seed_file(), "fiscal_year": "2021"})
    response = client.post(CONFIRM, {"token": "not-the-token"})
    assert response.status_code == 302 and response["Location"] == UPLOAD
    assert not Sheet.objects.exists()


def test_bad_files_are_refused_with_a_message(client, users):
    client.force_login(users["planning_admin"])
    junk = client.post(UPLOAD, {"file": seed_file("junk.txt", bytes(range(256)) * 8),
                                "fiscal_year": "2021"})
    assert "何も登録していません" in junk.content.decode()
    assert SESSION_KEY not in client.session
    other_year = client.post(UPLOAD, {"file": seed_file(), "fiscal_year": "2022"})
    assert "令和3（2021）年度の報告書" in other_year.content.decode()
    exe = client.post(UPLOAD, {"file": seed_file("report.exe"), "fiscal_year": "2021"})
    assert ".txt と .pdf" in exe.content.decode()
    big = client.post(UPLOAD, {"file": seed_file("big.txt", b"a" * (5 * 1024 * 1024 + 1)),
                               "fiscal_year": "2021"})
    assert "5MB" in big.content.decode()
    assert not Cycle.objects.exists()
