"""Done-when 4 of issue #10: every report page and document downloads in English as in
Japanese, and every other page that shows a rating or a chart opens in English.

Ratings are keyed by code; a translated label ("Achieved") once reached the chart as a key
and every report page crashed for a reader who had chosen English.
"""

import io
import zipfile

import pytest
from django.conf import settings
from django.urls import reverse

from shisaku.core.tests.fixtures import module_data
from shisaku.reports.build import FORMATS, KINDS
from shisaku.reports.models import PublishedDocument
from shisaku.sheets.models import Cycle, Indicator, Sheet
from shisaku.stats.models import Dataset

pytestmark = pytest.mark.django_db

FY = 2021
LANGUAGES = ("ja", "en")
MAGIC = {"pdf": b"%PDF-", "docx": b"PK", "xlsx": b"PK", "html": b"<!DOCTYPE html>"}


def _load_demo():
    from shisaku.demo.loader import create_demo_users, load_demo
    from shisaku.demo.sheets_loader import load_demo_sheets
    from shisaku.demo.verification_loader import load_demo_verification
    from shisaku.stats.demo import load_demo_stats

    load_demo()
    create_demo_users()
    load_demo_sheets()
    load_demo_verification()
    load_demo_stats()


demo_data = module_data(_load_demo)  # loaded once for the module


@pytest.fixture
def demo_year(demo_data, db):
    """The Kawasaki demo: FY2021 with sheets, indicators, ratings, opinions, statistics."""
    return Cycle.objects.get(fiscal_year=FY)


def _same_document(a: bytes, b: bytes) -> bool:
    """Equal bytes; for Word/Excel (zip), equal members (zip entries carry a clock time)."""
    if a.startswith(b"PK"):
        def members(data):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return {name: z.read(name) for name in z.namelist()}
        return members(a) == members(b)
    return a == b


def _in(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _get(client, url, language):
    response = _in(client, language).get(url)
    assert response.status_code == 200, (url, language, response.status_code)
    assert response.content, (url, language)
    return response


def _page(client, url, language):
    response = _get(client, url, language)
    assert response["Content-Type"].startswith("text/html"), url
    assert f'<html lang="{language}">' in response.content.decode(), (url, language)
    return response


def test_every_document_downloads_in_english_as_in_japanese(client, demo_year):
    from shisaku.accounts.models import User

    client.force_login(User.objects.get(username="kikaku"))
    bodies = {}
    for kind in KINDS:
        for fmt, content_type in FORMATS.items():
            url = reverse("reports:download", args=[FY, kind, fmt])
            for language in LANGUAGES:
                response = _get(client, url, language)
                assert response["Content-Type"] == content_type, (kind, fmt)
                assert response.content.startswith(MAGIC[fmt]), (kind, fmt, language)
                bodies[kind, fmt, language] = response.content
            # The city's document is Japanese whoever downloads it: the same bytes.
            assert _same_document(bodies[kind, fmt, "en"], bodies[kind, fmt, "ja"]), (kind, fmt)
    html = bodies["full", "html", "en"].decode()
    assert "中小企業活性化施策の実施状況に対する主な検証意見" in html and "Opinion" not in html

    # Once stored as published, anyone downloads the same documents in either language.
    for (kind, fmt, language), data in bodies.items():
        if language == "ja":
            PublishedDocument.objects.create(cycle=demo_year, kind=kind, format=fmt, content=data)
    client.logout()
    for language in LANGUAGES:
        _page(client, reverse("reports:public"), language)
        for kind in KINDS:
            for fmt, content_type in FORMATS.items():
                response = _get(client, reverse("reports:public_download", args=[FY, kind, fmt]),
                                language)
                assert response["Content-Type"] == content_type
                assert response.content == bodies[kind, fmt, "ja"]


def test_every_report_page_opens_in_english_as_in_japanese(client, demo_year):
    from shisaku.accounts.models import User

    client.force_login(User.objects.get(username="kikaku"))
    for language in LANGUAGES:
        for kind in KINDS:
            response = _page(client, reverse("reports:index", args=[FY]) + f"?kind={kind}",
                             language)
            page = response.content.decode()
            # The full report's statistics are charts; the summary and the release have none
            # (the city never published a rating chart in them).
            assert ('src="data:image/svg+xml;base64,' in page) is (kind == "full"), kind


def test_every_page_with_a_rating_or_a_chart_opens_in_english(client, demo_year):
    from shisaku.accounts.models import User

    sheets = list(Sheet.objects.current().filter(cycle=demo_year).select_related("project"))
    # One indicator per project of the year is enough to draw every kind of chart text.
    indicators = list({i.project_id: i for i in Indicator.objects.filter(
        project__sheets__cycle=demo_year, values__fiscal_year=FY).order_by("-pk")}.values())
    datasets = list(Dataset.objects.all())
    assert sheets and indicators and datasets
    # The planning division reads them all (a viewer reads only a published year's sheets).
    client.force_login(User.objects.get(username="kikaku"))
    for language in LANGUAGES:
        page = _page(client, reverse("sheets:achievement", args=[FY]), language).content.decode()
        assert ("Achieved" in page) is (language == "en")
        assert ("評価対象外" in page) is (language == "ja")
    for language in ("en",):  # the Japanese pages are read by each app's own tests
        for sheet in sheets:
            _page(client, reverse("sheets:detail", args=[sheet.pk]), language)
        for indicator in indicators:
            page = _page(client, reverse("sheets:indicator", args=[indicator.pk]),
                         language).content.decode()
            assert "<svg" in page and "<!-- Target -->" in page  # the legend is English too
        _page(client, reverse("stats:index"), language)
        for dataset in datasets:
            _page(client, reverse("stats:detail", args=[dataset.slug]), language)
    # The rating labels of the English sheet page are English, keyed by the same codes.
    sheet = next(s for s in sheets if s.verified)
    page = _page(client, reverse("sheets:detail", args=[sheet.pk]), "en").content.decode()
    assert "rating-achieved" in page or "rating-not_rated" in page or "rating-mostly" in page
