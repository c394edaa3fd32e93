"""The planning dashboard and the achievement overview cost the same queries for 10 or 200 sheets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shisaku.core.testing import make_article, make_section
from shisaku.projects.models import Project
from shisaku.sheets.models import Indicator, IndicatorValue, Sheet

from .factories import make_cycle

pytestmark = pytest.mark.django_db


def build(n: int, cycle, articles, sections):
    projects = Project.objects.bulk_create(
        [Project(name=f"事業{cycle.fiscal_year}-{i}", section=sections[i % len(sections)])
         for i in range(n)])
    links = [Project.articles.through(project_id=p.pk, article_id=articles[i % len(articles)].pk)
             for i, p in enumerate(projects)]
    Project.articles.through.objects.bulk_create(links)
    indicators = Indicator.objects.bulk_create(
        [Indicator(project=p, name=f"指標{k}", unit="件") for p in projects for k in range(2)])
    IndicatorValue.objects.bulk_create(
        [IndicatorValue(indicator=ind, fiscal_year=cycle.fiscal_year, target=10, actual=i % 13)
         for i, ind in enumerate(indicators)])
    Sheet.objects.bulk_create(
        [Sheet(cycle=cycle, project=p, state=["draft", "submitted", "confirmed"][i % 3],
               goal="目標", verified=i % 2 == 0) for i, p in enumerate(projects)])


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("view", ["sheets:dashboard", "sheets:achievement", "sheets:mine"])
def test_page_queries_do_not_grow_with_sheets(client, users, view):
    articles = [make_article(n, f"第{n}条") for n in range(12, 19)]
    sections = [make_section(f"課{i}") for i in range(3)] + [users["section_editor"].sections.first()]
    build(10, make_cycle(2021), articles, sections)
    build(200, make_cycle(2022), articles, sections)
    client.force_login(users["planning_admin"])
    client.get(reverse("sheets:cycles"))  # the first request after sign-in saves the session
    if view == "sheets:mine":
        # one list spans both cycles: compare against an empty-ish baseline instead
        small = count(client, reverse(view))
        Sheet.objects.filter(cycle__fiscal_year=2022).delete()
        assert count(client, reverse(view)) == small
        return
    small = count(client, reverse(view, args=[2021]))
    large = count(client, reverse(view, args=[2022]))
    assert small == large
