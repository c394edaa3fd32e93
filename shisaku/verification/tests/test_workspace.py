"""The council's workspace and the hearing packet, on the demo's FY2021 (検証中)."""

import shutil
import subprocess
import time

import pytest
from django.urls import reverse

from shisaku.accounts.models import User
from shisaku.core.tests.fixtures import load_verified_demo, module_data
from shisaku.reports.models import ReportProfile
from shisaku.sheets.models import Sheet
from shisaku.verification.models import Opinion

pytestmark = [pytest.mark.django_db, pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler) is needed")]


demo_data = module_data(load_verified_demo)  # loaded once for the module


@pytest.fixture
def demo(demo_data, db):
    return demo_data


def _text(pdf: bytes) -> str:
    """The PDF as pdftotext reads it (pypdf misses the text of the tagged pages)."""
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


def _council(client):
    user = User.objects.get(username="iin")
    client.force_login(user)
    return user


def test_the_council_member_is_sent_to_the_year_being_verified(client, demo):
    _council(client)
    page = client.get(reverse("verification:index"))
    assert page.url == reverse("verification:workspace", args=[2021])


def test_the_workspace_lists_the_handed_in_verified_sheets_by_article(client, demo):
    user = _council(client)
    body = client.get(reverse("verification:workspace", args=[2021])).content.decode()
    readable = Sheet.objects.current().filter(cycle__fiscal_year=2021, verified=True,
                                              state__in=["submitted", "confirmed"])
    assert readable.exists()
    for sheet in readable.select_related("project"):
        assert f'value="{sheet.pk}"' in body and sheet.project.heading in body
    for sheet in Sheet.objects.current().filter(cycle__fiscal_year=2021, verified=True,
                                                state="draft"):
        assert f'value="{sheet.pk}"' not in body
    assert "第12条" in body
    mine = Opinion.objects.filter(author=user).count()
    assert f"自分の意見（{mine}件）" in body


def test_the_hearing_packet_is_a_pdf_of_the_chosen_sheets_built_in_seconds(client, demo):
    _council(client)
    sheets = list(Sheet.objects.current().filter(
        cycle__fiscal_year=2021, verified=True, state__in=["submitted", "confirmed"])
        .select_related("project"))
    chosen, left_out = sheets[:2], sheets[2:]
    url = reverse("verification:packet", args=[2021])
    response = client.get(url, {"sheet": [s.pk for s in chosen]})
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content).replace("\n", "")
    for sheet in chosen:
        assert sheet.project.name in text
    assert all(sheet.project.name not in text for sheet in left_out)
    started = time.perf_counter()
    everything = client.get(url)  # none chosen: every verified sheet the member may read
    elapsed = time.perf_counter() - started
    assert everything.content.startswith(b"%PDF")
    assert elapsed < 10, f"the packet of all verified sheets took {elapsed:.1f} s"


def test_the_packet_honours_the_report_profile(client, demo):
    _council(client)
    url = reverse("verification:packet", args=[2021])
    assert "達成率" not in _text(client.get(url).content)  # Kawasaki prints no ratings
    profile = ReportProfile.objects.order_by("pk").first() or ReportProfile(name="評価を載せる市")
    profile.show_achievement = True
    profile.save()
    assert "達成率" in _text(client.get(url).content)


def test_a_viewer_gets_no_workspace_nor_packet(client, demo):
    client.force_login(User.objects.get(username="etsuran"))
    assert client.get(reverse("verification:workspace", args=[2021])).status_code == 403
    assert client.get(reverse("verification:packet", args=[2021])).status_code == 403

