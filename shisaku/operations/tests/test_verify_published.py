"""verify-published: every published document against the SHA-256 recorded at publication."""

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from shisaku.operations.published import VERIFY_PUBLISHED
from shisaku.reports.models import PublishedDocument
from shisaku.reports.publish import keep_city_document
from shisaku.sheets.tests.factories import make_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents():
    return [keep_city_document(make_cycle(fy), b"%PDF-1.4 report " + bytes(str(fy), "ascii"))[0]
            for fy in (2021, 2022)]


def test_all_published_documents_pass_and_the_count_is_printed(documents, capsys):
    call_command("verify_published")
    assert "公表文書 2 件すべて SHA-256 が一致しました。" in capsys.readouterr().out


def test_a_document_changed_in_the_database_fails_with_its_name(documents, capsys):
    PublishedDocument.objects.filter(pk=documents[1].pk).update(content=b"%PDF-1.4 forged")
    with pytest.raises(CommandError, match="公表文書 2 件中 1 件が記録された SHA-256 と一致しません"):
        call_command("verify_published")
    err = capsys.readouterr().err
    assert f"令和4（2022）年度 full.pdf（ID {documents[1].pk}）: SHA-256 が一致しません" in err
    assert f"記録 {documents[1].sha256}" in err
    assert "2021" not in err


def test_a_changed_checksum_fails_as_well(documents):
    PublishedDocument.objects.filter(pk=documents[0].pk).update(sha256="0" * 64)
    with pytest.raises(CommandError):
        call_command("verify_published")


def test_every_run_is_recorded_in_the_audit_trail(documents, users):
    call_command("verify_published", "--user", "kikaku")
    PublishedDocument.objects.filter(pk=documents[0].pk).update(content=b"x")
    with pytest.raises(CommandError):
        call_command("verify_published")
    runs = LogEntry.objects.filter(additional_data__event=VERIFY_PUBLISHED).order_by("pk")
    assert [r.changes["照合結果"][1] for r in runs] == ["2 件すべて一致", "2 件中 1 件が不一致"]
    assert runs[0].actor == users["planning_admin"]
    assert runs[0].additional_data["via"] == "command"
    assert runs[1].additional_data["failed"] == [documents[0].pk]


def test_no_published_documents_is_a_pass(capsys):
    call_command("verify_published")
    assert "公表文書 0 件すべて" in capsys.readouterr().out


def test_a_run_is_shown_on_the_audit_page(documents, users, client):
    from django.urls import reverse

    call_command("verify_published", "--user", "kikaku")
    client.force_login(users["planning_admin"])
    page = client.get(reverse("audit:log")).content.decode()
    assert "公表文書の照合" in page and "2 件すべて一致" in page
