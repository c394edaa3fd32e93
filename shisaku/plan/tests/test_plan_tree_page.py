"""The /plan/ page on the Kawasaki demo data: what a clerk sees for program 4 and program 1."""

import re

import pytest
from django.urls import reverse

from shisaku.demo.loader import create_demo_users, load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    load_demo()
    create_demo_users()


def test_program4_tree_shows_5_basic_policies_and_19_action_items_with_projects(client, demo):
    from shisaku.accounts.models import User

    client.force_login(User.objects.get(username="etsuran"))
    response = client.get(reverse("plan:tree"), {"program": 4})
    html = response.content.decode()
    assert response.status_code == 200
    assert "基本施策 5" in html and "取組項目 19" in html and "ポイント 6" in html
    tree = response.context["tree"]
    policies = tree.roots
    assert [p.node.code for p in policies] == [f"基本施策{i}" for i in range(1, 6)]
    items = [item for policy in policies for item in policy.children]
    assert len(items) == 19
    assert all(item.placements for item in items)
    for name in ["スタートアップ支援事業", "中小企業融資支援事業", "農とのふれあい推進事業",
                 "技能奨励事業", "イノベーションを生み出すまち"]:
        assert name in html
    assert len(re.findall(r'class="node level-3"', html)) == 19
    assert "※" in html  # 臨海部における新産業の創出 belongs to another bureau


def test_program1_tree_has_seven_policies(client, demo):
    from shisaku.accounts.models import User

    client.force_login(User.objects.get(username="iin"))
    response = client.get(reverse("plan:tree"), {"program": 1})
    assert [i.node.code for i in response.context["tree"].roots] == [str(n) for n in range(1, 8)]
    assert "3-3-1" in response.content.decode()


def test_plan_page_queries_stay_flat(client, demo, django_assert_max_num_queries):
    from shisaku.accounts.models import User

    client.force_login(User.objects.get(username="kikaku"))
    with django_assert_max_num_queries(20):
        client.get(reverse("plan:tree"), {"program": 4})
    with django_assert_max_num_queries(20):
        client.get(reverse("projects:list"))
    with django_assert_max_num_queries(20):
        client.get(reverse("ordinance:index"))


def test_project_page_shows_lineage_back_and_forward(client, demo):
    from shisaku.accounts.models import User
    from shisaku.projects.models import Project

    client.force_login(User.objects.get(username="kogyo"))
    merged = Project.objects.get(name="操業環境保全対策事業")
    html = client.get(reverse("projects:detail", args=[merged.pk])).content.decode()
    assert "先端産業等立地促進事業" in html and "内陸部操業環境保全対策事業" in html
    old = Project.objects.get(name="内陸部操業環境保全対策事業")
    html = client.get(reverse("projects:detail", args=[old.pk])).content.decode()
    assert "その後" in html and "操業環境保全対策事業" in html


def test_unknown_program_falls_back_to_the_one_in_force(client, demo):
    from django.utils import timezone

    from shisaku.accounts.models import User
    from shisaku.lib.era import fiscal_year_of
    from shisaku.plan.models import Program

    client.force_login(User.objects.get(username="etsuran"))
    response = client.get(reverse("plan:tree"), {"program": 99})
    assert response.status_code == 200
    in_force = Program.objects.covering(fiscal_year_of(timezone.localdate())).first()
    assert response.context["program"] == (in_force or Program.objects.last())


def test_english_is_served_through_i18n(client, demo):
    from shisaku.accounts.models import User

    client.force_login(User.objects.get(username="etsuran"))
    response = client.get(reverse("plan:tree"), {"program": 4}, HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="ja"' in response.content.decode()  # the browser's language alone does not switch
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("plan:tree"), {"program": 4})
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "Plan structure" in html
