"""Writes through the screens and the admin: validated, in Japanese, nothing saved on error."""

import pytest
from django.urls import reverse

from shisaku.core.testing import make_plan, make_program, make_project, program4_tree
from shisaku.plan.models import Node, Plan, Program
from shisaku.projects.models import LineageEvent, Placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, users):
    client.force_login(users["planning_admin"])
    return client


def test_program_form_accepts_japanese_fiscal_years(admin_client):
    plan = make_plan(2026, 2037)
    response = admin_client.post(reverse("plan:program_create"), {
        "plan": plan.pk, "ordinal": 4, "first_fy": "令和8（2026）年度", "last_fy": "R11 (2029) 年度",
        "comprehensive_plan_period": "総合計画第4期実施計画",
    })
    assert response.status_code == 302
    program = Program.objects.get(ordinal=4)
    assert (program.first_fy, program.last_fy) == (2026, 2029)


def test_program_form_refuses_overlap_in_japanese_and_saves_nothing(admin_client):
    plan = make_plan(2026, 2037)
    make_program(plan, 4, 2026, 2029)
    response = admin_client.post(reverse("plan:program_create"), {
        "plan": plan.pk, "ordinal": 5, "first_fy": "令和11年度", "last_fy": "令和15年度",
    })
    assert response.status_code == 200
    assert "重なっています" in response.content.decode()
    assert "保存されていません" in response.content.decode()
    assert Program.objects.count() == 1


def test_plan_form_refuses_reversed_range(admin_client):
    response = admin_client.post(reverse("plan:plan_create"), {
        "name": "逆の計画", "first_fy": "2037", "last_fy": "2026",
    })
    assert response.status_code == 200
    assert "終了年度" in response.content.decode()
    assert not Plan.objects.exists()


def test_plan_form_explains_an_unreadable_year(admin_client):
    response = admin_client.post(reverse("plan:plan_create"), {
        "name": "計画", "first_fy": "来年度", "last_fy": "2030",
    })
    assert "年度として読み取れません" in response.content.decode()
    assert not Plan.objects.exists()


def test_node_form_refuses_a_parent_at_the_wrong_level(admin_client):
    _, program, point, policy, item = program4_tree()
    level = program.levels.get(name="取組項目")
    response = admin_client.post(reverse("plan:node_edit", args=[item.pk]), {
        "program": program.pk, "level": level.pk, "parent": item.pk, "code": item.code,
        "title": "変更", "order": 0, "version": item.version,
    })
    assert response.status_code == 200
    assert "一つ上の階層" in response.content.decode() or "選択肢" in response.content.decode()
    item.refresh_from_db()
    assert item.title != "変更"


def test_node_form_only_lets_points_inform_tree_items(admin_client):
    _, program, point, policy, item = program4_tree()
    response = admin_client.post(reverse("plan:node_edit", args=[policy.pk]), {
        "program": program.pk, "level": policy.level.pk, "code": policy.code,
        "title": policy.title, "order": 0, "informs": [item.pk], "version": policy.version,
    })
    assert response.status_code == 200
    assert "体系外の項目" in response.content.decode()
    assert not policy.informs.exists()


def test_placement_form_refuses_a_program_outside_the_project_years(admin_client):
    _, _, _, _, item = program4_tree()
    project = make_project("担い手・後継者育成事業", first_fy=2016, last_fy=2021)
    response = admin_client.post(reverse("projects:placement_create", args=[project.pk]),
                                 {"node": item.pk, "order": 0})
    assert response.status_code == 200
    assert "位置付けられません" in response.content.decode()
    assert not Placement.objects.exists()


def test_lineage_form_refuses_a_cycle(admin_client):
    a, b = make_project("A"), make_project("B")
    url = reverse("projects:lineage_create")
    response = admin_client.post(url, {"kind": "renamed", "effective_fy": "令和2年度",
                                       "predecessors": [a.pk], "successors": [b.pk]})
    assert response.status_code == 302
    response = admin_client.post(url, {"kind": "renamed", "effective_fy": "令和4年度",
                                       "predecessors": [b.pk], "successors": [a.pk]})
    assert response.status_code == 200
    assert "循環" in response.content.decode()
    assert LineageEvent.objects.count() == 1


def test_admin_refuses_overlapping_programs_in_japanese(admin_client):
    plan = make_plan(2026, 2037)
    make_program(plan, 4, 2026, 2029)
    response = admin_client.post(reverse("admin:plan_program_add"), {
        "plan": plan.pk, "ordinal": 5, "first_fy": "2028", "last_fy": "2031",
        "comprehensive_plan_period": "", "description": "",
        "levels-TOTAL_FORMS": 0, "levels-INITIAL_FORMS": 0,
        "levels-MIN_NUM_FORMS": 0, "levels-MAX_NUM_FORMS": 1000,
    })
    assert response.status_code == 200
    assert "重なっています" in response.content.decode()
    assert Program.objects.count() == 1


def test_admin_refuses_a_lineage_cycle(admin_client):
    a, b = make_project("A"), make_project("B")
    event = LineageEvent.objects.create(kind="renamed", effective_fy=2020)
    event.predecessors.set([a])
    event.successors.set([b])
    response = admin_client.post(reverse("admin:projects_lineageevent_add"), {
        "kind": "renamed", "effective_fy": "2022", "predecessors": [b.pk],
        "successors": [a.pk], "note": "",
    })
    assert response.status_code == 200
    assert "循環" in response.content.decode()
    assert LineageEvent.objects.count() == 1


def test_admin_inline_refuses_placement_outside_project_years(admin_client):
    _, _, _, _, item = program4_tree()
    response = admin_client.post(reverse("admin:projects_project_add"), {
        "name": "廃止済み事業", "group": "", "position": "", "section": "",
        "first_fy": "2016", "last_fy": "2021", "description": "",
        "placements-TOTAL_FORMS": 1, "placements-INITIAL_FORMS": 0,
        "placements-MIN_NUM_FORMS": 0, "placements-MAX_NUM_FORMS": 1000,
        "placements-0-node": item.pk, "placements-0-order": 0,
    })
    assert response.status_code == 200
    assert "位置付けられません" in response.content.decode()
    assert not Node.objects.filter(placements__isnull=False).exists()
    from shisaku.projects.models import Project

    assert not Project.objects.filter(name="廃止済み事業").exists()
