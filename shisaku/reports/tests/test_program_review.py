"""The program review (seed 001 style): the hierarchy with each placed project's indicator
targets and actuals over the program's years, rendered to PDF and Word and read back."""

import io
from decimal import Decimal

import pytest
from docx import Document as Word
from pypdf import PdfReader

from shisaku.core.testing import make_project, place, program4_tree
from shisaku.reports.content.program_review import build_program_review, render_program_review
from shisaku.sheets.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed():
    _plan, program, _point, _policy, item = program4_tree()
    project = make_project("起業化総合支援事業", first_fy=2020)
    place(project, item)
    indicator = Indicator.objects.create(project=project, name="創業支援件数", unit="件")
    IndicatorValue.objects.create(indicator=indicator, fiscal_year=2026, target=Decimal(1200),
                                  actual=Decimal(1350))
    IndicatorValue.objects.create(indicator=indicator, fiscal_year=2027, target=Decimal(1300))
    IndicatorValue.objects.create(indicator=indicator, fiscal_year=2031, target=Decimal(9999))
    return program


def test_the_review_follows_the_hierarchy_with_targets_and_actuals_per_year(reviewed):
    doc = build_program_review(reviewed)
    headings = [item.text for item in doc.items if type(item).__name__ == "Heading"]
    assert headings[0] == "第4期実行プログラムの振り返り"
    assert headings[1:] == ["基本施策 基本施策1 イノベーションを創出する環境整備",
                            "取組項目 基本施策1 (1) イノベーション・エコシステムの構築"]
    table = next(item for item in doc.items if type(item).__name__ == "Table")
    assert len(table.header) == 2 + 2 * 4  # 2026-2029, target and actual each
    assert table.rows == (("起業化総合支援事業", "創業支援件数（件）", "1,200", "1,350",
                           "1,300", "", "", "", "", ""),)


def test_the_review_reads_back_from_word_and_pdf(reviewed):
    data, _doc = render_program_review(reviewed, "docx")
    word = Word(io.BytesIO(data))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "第4期実行プログラムの振り返り" in text
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert "創業支援件数（件）" in cells and "1,350" in cells and "9,999" not in cells

    data, _doc = render_program_review(reviewed, "pdf")
    pdf = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    assert "振り返り" in pdf and "1,350" in pdf and "9,999" not in pdf


def test_the_planning_division_downloads_the_review(client, users, reviewed):
    from django.urls import reverse

    url = reverse("drafting:program_review", args=[reviewed.pk, "docx"])
    client.force_login(users["section_editor"])
    assert client.get(url).status_code == 403
    client.force_login(users["planning_admin"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert "創業支援件数（件）" in [c.text for t in Word(io.BytesIO(response.content)).tables
                               for row in t.rows for c in row.cells]
    assert client.get(reverse("drafting:program_review", args=[reviewed.pk, "exe"])).status_code == 404
