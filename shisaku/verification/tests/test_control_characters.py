"""The verification services refuse control characters whoever calls them (the screens, the
report importer, a command): opinions, responses and follow-ups."""

import pytest
from django.core.exceptions import ValidationError

from shisaku.sheets.models import Cycle
from shisaku.sheets.tests.factories import make_cycle
from shisaku.verification import services
from shisaku.verification.models import FollowUp, Opinion, Response

pytestmark = pytest.mark.django_db


def test_an_opinion_with_a_control_character_is_refused_and_not_written(cycle, sheet,
                                                                       council_user):
    for kwargs in ({"text": "意見\x0b"}, {"text": "意見", "themes": ["DX\x1b"]}):
        with pytest.raises(ValidationError) as caught:
            services.add_opinion(cycle, council_user, sheet=sheet, **kwargs)
        assert "制御文字" in caught.value.messages[0]
    assert not Opinion.objects.exists()


def test_a_response_and_a_follow_up_with_a_control_character_are_refused(
        cycle, sheet, council_user, users):
    opinion = services.add_opinion(cycle, council_user, text="意見", sheet=sheet)
    with pytest.raises(ValidationError):
        services.respond(opinion, users["section_editor"], text="対応\x00",
                         classification="planned")
    assert not Response.objects.exists()
    response = services.respond(opinion, users["section_editor"], text="対応",
                                classification="planned")
    next_cycle = make_cycle(2022, status=Cycle.Status.ENTERING)
    with pytest.raises(ValidationError):
        services.record_follow_up(response, users["section_editor"], cycle=next_cycle,
                                  status="done", note="実施\x08済")
    assert not FollowUp.objects.exists()
