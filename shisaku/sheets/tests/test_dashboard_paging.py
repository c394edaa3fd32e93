"""A year with many sheets shows the planning dashboard one article at a time: the head and
the table of contents count the whole year, the queries stay those of a small year."""

import re

import pytest
from django.urls import reverse

from shisaku.core.testing import make_article, make_section
from shisaku.sheets.views import lists

from .factories import make_cycle
from .test_query_counts import build, count

pytestmark = pytest.mark.django_db

LARGE = 1000


@pytest.fixture
def years(users):
    articles = [make_article(n, f"第{n}条") for n in range(12, 17)]
    sections = [make_section(f"課{i}") for i in range(3)]
    build(10, make_cycle(2021), articles, sections)
    build(LARGE, make_cycle(2022), articles, sections)
    return articles


def test_a_large_year_shows_one_articles_sheets_with_the_whole_years_totals(
        client, users, years):
    client.force_login(users["planning_admin"])
    page = client.get(reverse("sheets:dashboard", args=[2022])).content.decode()
    assert f"提出済 {LARGE * 2 // 3} / {LARGE}件" in page  # submitted + confirmed, whole year
    assert "条文ごとに表示します" in page
    assert page.count('<tr><td><input type="checkbox" name="sheet"') == lists.PAGE_ROWS
    pages = LARGE // 5 // lists.PAGE_ROWS  # 第12条 holds 200 sheets
    assert f"1 / {pages}ページ（1～{lists.PAGE_ROWS}件目／全200件）" in page
    assert "事業2022-0<" in page and "事業2022-1<" not in page  # 第12条's sheets only
    assert '?article=13#group-13">' in page and "（200）" in page
    page = client.get(reverse("sheets:dashboard", args=[2022]) + "?article=13").content.decode()
    assert "事業2022-1<" in page and "事業2022-0<" not in page
    assert f"提出済 {LARGE * 2 // 3} / {LARGE}件" in page


def test_a_small_year_still_shows_every_article_on_one_page(client, users, years):
    client.force_login(users["planning_admin"])
    page = client.get(reverse("sheets:dashboard", args=[2021])).content.decode()
    assert "条文ごとに表示します" not in page
    assert page.count('<tr><td><input type="checkbox" name="sheet"') == 10


def test_the_paged_dashboard_runs_the_queries_of_a_small_year(client, users, years):
    client.force_login(users["planning_admin"])
    client.get(reverse("sheets:cycles"))  # the first request after sign-in saves the session
    small = count(client, reverse("sheets:dashboard", args=[2021]))
    assert count(client, reverse("sheets:dashboard", args=[2022])) == small
    assert count(client, reverse("sheets:dashboard", args=[2022]) + "?article=none") == small
    assert lists.DASHBOARD_ROWS < LARGE


def test_an_articles_sheets_beyond_one_page_follow_on_the_next_page_with_the_same_queries(
        client, users, years, monkeypatch):
    monkeypatch.setattr(lists, "PAGE_ROWS", 80)  # 第12条 holds 200 of the year's sheets
    client.force_login(users["planning_admin"])
    client.get(reverse("sheets:cycles"))
    url = reverse("sheets:dashboard", args=[2022]) + "?article=12"
    seen = []
    for number in (1, 2, 3):
        page = client.get(f"{url}&page={number}").content.decode()
        seen += re.findall(r"事業2022-(\d+)<", page)
        assert f"{number} / 3ページ" in page
        assert f"提出済 {LARGE * 2 // 3} / {LARGE}件" in page  # the head: the whole year
    assert len(seen) == len(set(seen)) == LARGE // 5  # every sheet of 第12条 once
    assert all(int(n) % 5 == 0 for n in seen)
    assert '?article=12&amp;page=2" rel="next"' in client.get(url).content.decode()
    first = count(client, url)
    assert count(client, f"{url}&page=3") == first


def test_an_article_asked_of_a_year_without_sheets_shows_an_empty_page(client, users, years):
    make_cycle(2023)  # no sheets at all
    client.force_login(users["planning_admin"])
    response = client.get(reverse("sheets:dashboard", args=[2023]) + "?article=12&page=2")
    assert response.status_code == 200
    assert '<input type="checkbox" name="sheet"' not in response.content.decode()
