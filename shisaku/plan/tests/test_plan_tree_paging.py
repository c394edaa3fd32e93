"""A program placing many projects shows its tree one root item at a time: the counts and
the table of contents cover the whole program, and the queries are those of a small one."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shisaku.core.testing import make_article, make_node, make_plan, make_program
from shisaku.plan import views
from shisaku.projects.models import Placement, Project

pytestmark = pytest.mark.django_db

POLICIES, ITEMS = 4, 3


def program_with(ordinal: int, first_fy: int, per_item: int):
    program = make_program(make_plan(first_fy, first_fy + 3, f"計画{ordinal}"), ordinal,
                           first_fy, first_fy + 3)
    article = make_article()
    for p in range(1, POLICIES + 1):
        policy = make_node(program, "基本施策", f"基本施策{p}")
        for i in range(1, ITEMS + 1):
            item = make_node(program, "取組項目", f"基本施策{p} ({i})", parent=policy)
            projects = Project.objects.bulk_create(
                [Project(name=f"事業{ordinal}-{p}-{i}-{k}") for k in range(per_item)])
            Placement.objects.bulk_create([Placement(project=x, node=item) for x in projects])
            Project.articles.through.objects.bulk_create(
                [Project.articles.through(project_id=x.pk, article_id=article.pk)
                 for x in projects])
    return program


@pytest.fixture
def programs(users):
    small = program_with(1, 2016, 2)  # 24 projects
    large = program_with(2, 2020, 50)  # 600 projects
    return small, large


def listed_projects(html: str) -> int:
    return len(re.findall(r'<li><a href="/projects/\d+/">', html))


def queries(client, params) -> int:
    client.get(reverse("plan:tree"), params)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("plan:tree"), params).status_code == 200
    return len(ctx.captured_queries)


def test_a_large_program_shows_one_policy_with_the_whole_programs_counts(client, users,
                                                                           programs):
    _small, large = programs
    client.force_login(users["viewer"])
    page = client.get(reverse("plan:tree"), {"program": 2}).content.decode()
    total = POLICIES * ITEMS * 50
    assert total > views.TREE_PLACEMENTS
    assert f"基本施策 {POLICIES} ／ 取組項目 {POLICIES * ITEMS} ／ 位置付けられた事業 {total}件" in page
    assert "項目ごとに表示します" in page and page.count("（150事業）") == POLICIES
    assert "事業2-1-1-0<" in page and "事業2-2-1-0<" not in page
    second = large.nodes.get(code="基本施策2")
    assert f'?program=2&amp;item={second.pk}#node-{second.pk}"' in page
    page = client.get(reverse("plan:tree"), {"program": 2, "item": second.pk}).content.decode()
    assert "事業2-2-1-0<" in page and "事業2-1-1-0<" not in page
    assert page.count('<li class="node level-2"') == ITEMS


def test_a_small_program_shows_its_whole_tree(client, users, programs):
    client.force_login(users["viewer"])
    page = client.get(reverse("plan:tree"), {"program": 1}).content.decode()
    assert "項目ごとに表示します" not in page
    assert "事業1-1-1-0<" in page and "事業1-4-3-1<" in page


def test_the_paged_tree_runs_the_queries_of_a_small_program(client, users, programs):
    client.force_login(users["viewer"])
    small = queries(client, {"program": 1})
    assert queries(client, {"program": 2}) == small
    second = programs[1].nodes.get(code="基本施策3")
    assert queries(client, {"program": 2, "item": second.pk}) == small


def test_each_item_of_the_shown_branch_lists_its_first_projects_and_links_to_the_rest(
        client, users, programs):
    _small, large = programs
    client.force_login(users["viewer"])
    page = client.get(reverse("plan:tree"), {"program": 2}).content.decode()
    shown = views.NODE_PROJECTS
    assert listed_projects(page) == ITEMS * shown  # 基本施策1's three items
    assert "事業2-1-1-0<" in page and "事業2-1-1-9<" not in page  # names sort as text
    first = large.nodes.get(code="基本施策1 (1)")
    link = f'?program=2&amp;node={first.pk}#node-{first.pk}">ほか{50 - shown}事業を表示（全50事業）'
    assert link in page
    page = client.get(reverse("plan:tree"), {"program": 2, "node": first.pk}).content.decode()
    listed = page.split(f'id="node-{first.pk}"', 1)[1].split('<li class="node', 1)[0]
    assert listed_projects(listed) == 50  # the chosen item: all of its own
    assert "ほか" not in listed
    assert listed_projects(page) == 50 + (ITEMS - 1) * shown
    assert 'aria-current="page">基本施策1 ' in page  # its branch is the one shown


def test_an_item_chosen_in_another_branch_shows_that_branch(client, users, programs):
    _small, large = programs
    client.force_login(users["viewer"])
    item = large.nodes.get(code="基本施策3 (2)")
    page = client.get(reverse("plan:tree"), {"program": 2, "node": item.pk}).content.decode()
    assert "事業2-3-2-49<" in page and "事業2-1-1-0<" not in page
    assert queries(client, {"program": 2, "node": item.pk}) == queries(client, {"program": 1})
