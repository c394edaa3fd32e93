"""The demo's public comment on program 4: loaded through the services, published, and a
second run creates nothing."""

import pytest
from django.urls import reverse

from shisaku.consultation.demo import OPINIONS, TITLE, load_demo_consultation
from shisaku.consultation.models import Consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def program4(db):
    from shisaku.core.testing import make_plan, make_program

    return make_program(make_plan(), 4, 2026, 2029)


def test_the_demo_consultation_is_published_once_and_reads_on_the_result_page(
        client, users, program4):
    assert load_demo_consultation(users["planning_admin"]) == {
        "consultation.Consultation": 1, "consultation.Opinion": len(OPINIONS)}
    assert load_demo_consultation(users["planning_admin"])["consultation.Consultation"] == 0
    c = Consultation.objects.get(title=TITLE)
    assert c.state == Consultation.State.PUBLISHED and c.program == program4
    page = client.get(reverse("consultation:public_result", args=[c.pk])).content.decode()
    for _day, _channel, _category, text, _chapter, summary, _code, view in OPINIONS:
        assert summary in page and view in page
        assert text not in page


def test_without_a_planning_user_the_demo_consultation_is_left_out(program4):
    assert load_demo_consultation(None)["consultation.Consultation"] == 0
    assert not Consultation.objects.exists()
