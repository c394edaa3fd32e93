"""Plan hierarchy nodes (and plans, programs) carry a version: a stale save is refused with
the text kept (issue #10, observation 5)."""

import pytest
from django.urls import reverse

from shisaku.core.concurrency import EditConflict
from shisaku.core.testing import program4_tree
from shisaku.plan import services
from shisaku.plan.models import Node
from shisaku.verification.tests.threads import needs_row_locks, outcome, run_together

pytestmark = pytest.mark.django_db


def _node_values(node, **changes):
    values = {"program": node.program, "level": node.level, "parent": node.parent,
              "code": node.code, "title": node.title, "order": node.order,
              "description": node.description, "other_bureau": node.other_bureau,
              "informs": list(node.informs.all())}
    values.update(changes)
    return values


def test_a_stale_node_save_is_refused_and_keeps_the_text(client, users):
    _, program, point, policy, item = program4_tree()
    opened = item.version
    services.save_node(item, users["planning_admin"], expected_version=opened,
                       **_node_values(item, description="先に書いた説明"))
    client.force_login(users["planning_admin"])
    response = client.post(reverse("plan:node_edit", args=[item.pk]), {
        "program": program.pk, "level": item.level.pk, "parent": policy.pk, "code": item.code,
        "title": item.title, "order": 0, "description": "後から書いた説明", "version": opened})
    page = response.content.decode()
    assert response.status_code == 200
    assert "先に保存しました" in page and "後から書いた説明" in page and "先に書いた説明" in page
    item.refresh_from_db()
    assert item.description == "先に書いた説明"


def test_a_current_node_save_goes_through(client, users):
    _, program, point, policy, item = program4_tree()
    client.force_login(users["planning_admin"])
    response = client.post(reverse("plan:node_edit", args=[item.pk]), {
        "program": program.pk, "level": item.level.pk, "parent": policy.pk, "code": item.code,
        "title": "新しい名称", "order": 0, "version": item.version})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.version, item.updated_by) == ("新しい名称", 1,
                                                           users["planning_admin"])


def test_a_stale_plan_save_is_refused(client, users):
    plan, *_ = program4_tree()
    opened = plan.version
    services.save_plan(plan, users["planning_admin"], expected_version=opened,
                       vision="先のめざす姿")
    client.force_login(users["planning_admin"])
    response = client.post(reverse("plan:plan_edit", args=[plan.pk]), {
        "name": plan.name, "first_fy": plan.first_fy, "last_fy": plan.last_fy,
        "vision": "後のめざす姿", "version": opened})
    assert response.status_code == 200
    assert "後のめざす姿" in response.content.decode()
    plan.refresh_from_db()
    assert plan.vision == "先のめざす姿"


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_sixteen_clients_saving_one_node_one_wins_and_fifteen_are_told(users):
    _, program, point, policy, item = program4_tree()
    texts = [f"説明{i}" for i in range(16)]
    results = run_together(16, lambda i: services.save_node(
        item, users["planning_admin"], expected_version=item.version, description=texts[i]))
    counts = outcome(results)
    print(f"\nplan node: 16 clients → {dict(counts)}")
    assert counts == {"ok": 1, EditConflict.__name__: 15}, results
    winner = next(i for i, (kind, _) in enumerate(results) if kind == "ok")
    assert Node.objects.get(pk=item.pk).description == texts[winner]
