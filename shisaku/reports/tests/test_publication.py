"""Preview and download for planning; publication freezes the files; anyone downloads them."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.reports.models import PublishedDocument
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.tests.factories import make_cycle, make_sheet

pytestmark = pytest.mark.django_db
ALL = ["planning_admin", "section_editor", "council_member", "viewer"]


@pytest.fixture
def settled(section):
    cycle = make_cycle(2021, status=Cycle.Status.SETTLED)
    make_sheet(make_project("生産性向上推進事業", section=section), cycle=cycle, complete=True,
               verified=True, state=Sheet.State.CONFIRMED)
    return cycle


@pytest.mark.parametrize("url_name,args", [
    ("reports:index", [2021]), ("reports:download", [2021, "press", "html"])])
def test_preview_and_download_are_for_planning(client, users, settled, url_name, args):
    url = reverse(url_name, args=args)
    assert client.get(url).status_code == 302
    for role in ALL:
        client.force_login(users[role])
        assert client.get(url).status_code == (200 if role == "planning_admin" else 403)


@pytest.mark.parametrize("role", ["section_editor", "council_member", "viewer"])
def test_only_planning_publishes(client, users, settled, role):
    client.force_login(users[role])
    assert client.post(reverse("reports:publish", args=[2021]),
                       {"confirm": "1"}).status_code == 403
    assert not PublishedDocument.objects.exists()


def test_publishing_stores_every_document_with_its_checksum(client, users, settled):
    client.force_login(users["planning_admin"])
    response = client.post(reverse("reports:publish", args=[2021]), {"confirm": "1"})
    assert response.status_code == 302
    settled.refresh_from_db()
    assert settled.status == Cycle.Status.PUBLISHED
    documents = PublishedDocument.objects.all()
    assert documents.count() == 12
    pdf = documents.get(kind="full", format="pdf")
    assert pdf.sha256 == hashlib.sha256(bytes(pdf.content)).hexdigest() and pdf.verify()
    with pytest.raises(ValidationError):
        pdf.save()
    with pytest.raises(ValidationError):
        pdf.delete()
    client.logout()
    response = client.get(reverse("reports:public_download", args=[2021, "full", "pdf"]))
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"
    assert response["X-Content-SHA256"] == pdf.sha256
    assert "令和3（2021）年度" in client.get(reverse("reports:public")).content.decode()


def test_publication_is_refused_before_the_cycle_is_settled(client, users, section):
    make_cycle(2021, status=Cycle.Status.VERIFYING)
    client.force_login(users["planning_admin"])
    client.post(reverse("reports:publish", args=[2021]), {"confirm": "1"})
    assert not PublishedDocument.objects.exists()
    assert Cycle.objects.get(fiscal_year=2021).status == Cycle.Status.VERIFYING


def test_report_command_writes_a_file(settled, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "press.pdf"
    call_command("report", "--year", "令和3年度", "--kind", "press", "--format", "pdf",
                 "-o", str(out))
    assert out.read_bytes()[:5] == b"%PDF-"
