"""One sheet as a page to print and as a PDF, for whoever may read the sheet."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.tests.factories import make_cycle, make_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(section):
    cycle = make_cycle(2021, status=Cycle.Status.VERIFYING)
    return make_sheet(make_project("起業化総合支援事業", section=section), cycle=cycle,
                      verified=True, complete=True, state=Sheet.State.SUBMITTED)


def test_the_print_page_is_the_report_page_without_the_application(client, users, sheet):
    client.force_login(users["section_editor"])
    page = client.get(reverse("sheets:print", args=[sheet.pk])).content.decode()
    assert "起業化総合支援事業" in page and "市内での起業を増やす" in page
    assert "sheets/print.css" in page and '<header class="site">' not in page
    assert reverse("sheets:pdf", args=[sheet.pk]) in page


def test_the_sheet_page_links_to_its_print_page_and_pdf(client, users, sheet):
    client.force_login(users["section_editor"])
    page = client.get(reverse("sheets:detail", args=[sheet.pk])).content.decode()
    assert reverse("sheets:print", args=[sheet.pk]) in page
    assert reverse("sheets:pdf", args=[sheet.pk]) in page


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) is needed")
def test_the_pdf_carries_the_sheet(client, users, sheet):
    client.force_login(users["council_member"])
    response = client.get(reverse("sheets:pdf", args=[sheet.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True,
                          check=True).stdout.decode()
    assert "起業化総合支援事業" in text and "市内での起業を増やす" in text


def test_a_sheet_the_user_may_not_read_is_neither_printed_nor_a_pdf(client, users, sheet):
    Sheet.objects.filter(pk=sheet.pk).update(state=Sheet.State.DRAFT)
    client.force_login(users["council_member"])
    assert client.get(reverse("sheets:print", args=[sheet.pk])).status_code == 403
    assert client.get(reverse("sheets:pdf", args=[sheet.pk])).status_code == 403
