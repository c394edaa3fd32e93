"""The plan's own texts that the summary (概要版) prints are in the read API too."""

import pytest

from shisaku.core.testing import program4_tree
from shisaku.plan.models import Plan

pytestmark = pytest.mark.django_db


def test_a_plan_in_the_api_carries_its_purpose_and_position(client):
    plan, *_ = program4_tree()
    Plan.objects.filter(pk=plan.pk).update(purpose="策定の趣旨", position="条例の実施計画")
    body = client.get("/api/v1/plans").json()
    found = next(item for item in body["items"] if item["id"] == plan.pk)
    assert (found["purpose"], found["position"]) == ("策定の趣旨", "条例の実施計画")
