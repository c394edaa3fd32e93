"""The gate to 確定, the lock of 公表済, and follow-ups in the next cycle."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shisaku.sheets.cycle import move_cycle
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.tests.factories import make_cycle
from shisaku.sheets.workflow import transition
from shisaku.verification import services
from shisaku.verification.models import FollowUp

pytestmark = pytest.mark.django_db


def test_gate_lists_what_is_missing_then_passes(cycle, sheet, council_user, users):
    opinion = services.add_opinion(cycle, council_user, text="意見", sheet=sheet)
    with pytest.raises(ValidationError) as exc:
        move_cycle(cycle, Cycle.Status.SETTLED, users["planning_admin"])
    messages = " ".join(exc.value.messages)
    assert "シート未確認: 工業振興関連事業 ①ものづくり中小企業経営支援事業" in messages
    assert "対応未記入: 工業振興関連事業 ①ものづくり中小企業経営支援事業 の意見①" in messages
    transition(sheet, "confirm", users["planning_admin"])  # the fixture's sheet is 提出
    with pytest.raises(ValidationError, match="対応未記入"):
        move_cycle(cycle, Cycle.Status.SETTLED, users["planning_admin"])
    services.respond(opinion, users["section_editor"], text="対応", classification="planned")
    assert move_cycle(cycle, Cycle.Status.SETTLED, users["planning_admin"]).status == "settled"


def test_published_cycle_locks_opinions_and_responses(cycle, sheet, council_user, users):
    opinion = services.add_opinion(cycle, council_user, text="意見", sheet=sheet)
    response = services.respond(opinion, users["section_editor"], text="対応",
                                classification="planned")
    Sheet.objects.filter(pk=sheet.pk).update(state=Sheet.State.CONFIRMED)
    move_cycle(cycle, Cycle.Status.SETTLED, users["planning_admin"])
    move_cycle(cycle, Cycle.Status.PUBLISHED, users["planning_admin"])
    opinion.refresh_from_db()
    for user in (council_user, users["planning_admin"]):
        with pytest.raises(ValidationError, match="公表済の年度は変更できません"):
            services.change_opinion(opinion, user, text="書き換え",
                                    expected_version=opinion.version)
        with pytest.raises(ValidationError, match="公表済の年度は変更できません"):
            services.delete_opinion(opinion, user)
    for user in (users["section_editor"], users["planning_admin"]):
        with pytest.raises(ValidationError, match="公表済の年度は変更できません"):
            services.change_response(response, user, text="書き換え", classification="planned",
                                      expected_version=response.version)
    opinion.refresh_from_db()
    assert opinion.text == "意見"


def test_follow_up_belongs_to_the_next_cycle(cycle, sheet, council_user, users):
    opinion = services.add_opinion(cycle, council_user, text="意見", sheet=sheet)
    response = services.respond(opinion, users["section_editor"], text="対応",
                                classification="planned")
    with pytest.raises(PermissionDenied):
        services.record_follow_up(response, users["section_editor"], cycle=cycle, status="done")
    next_cycle = make_cycle(2022, status=Cycle.Status.ENTERING)
    follow = services.record_follow_up(response, users["section_editor"], cycle=next_cycle,
                                       status="partial", note="一部実施")
    assert follow.cycle == next_cycle
    follow = services.record_follow_up(response, users["section_editor"], cycle=next_cycle,
                                       status="done", expected_version=follow.version)
    assert FollowUp.objects.count() == 1 and follow.status == "done"
    for role in ("council_member", "viewer"):
        with pytest.raises(PermissionDenied):
            services.record_follow_up(response, users[role], cycle=next_cycle, status="done",
                                      expected_version=follow.version)
