"""A public comment belongs to the 素案 stage of a draft program: its period opens only at
that stage, the program does not leave it while the period is open, and the program is not
adopted before the result is published. Each refusal writes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from shisaku.consultation import services
from shisaku.consultation.models import Consultation
from shisaku.drafting import services as drafting
from shisaku.plan.models import Program

from .conftest import make_consultation

pytestmark = pytest.mark.django_db
Stage = Program.Stage
State = Consultation.State


def _at(program, stage, adopted_on=None):
    Program.objects.filter(pk=program.pk).update(stage=stage, adopted_on=adopted_on)
    return Program.objects.get(pk=program.pk)


def _move(program, user, to):
    program = Program.objects.get(pk=program.pk)
    return drafting.move_stage(program, user, to=to, expected_version=program.version)


def test_a_consultation_opens_only_while_its_program_is_at_the_outline_stage(planner, program):
    draft = _at(program, Stage.BASIC_APPROACH)
    c = make_consultation(planner, draft, state="preparing")
    assert c.stage == Stage.OUTLINE
    version = c.version
    with pytest.raises(ValidationError, match="「素案」の段階にある間だけ") as caught:
        services.open_period(c, planner)
    assert "現在は「基本的考え方」" in caught.value.messages[0]
    c.refresh_from_db()
    assert (c.state, c.version) == (State.PREPARING, version)

    _move(draft, planner, Stage.OUTLINE)
    assert services.open_period(c, planner).state == State.OPEN


def test_the_program_stays_at_the_outline_stage_while_the_period_is_open(planner, program):
    draft = _at(program, Stage.OUTLINE)
    c = make_consultation(planner, draft)
    for to in (Stage.PROPOSAL, Stage.BASIC_APPROACH):
        with pytest.raises(ValidationError, match="募集期間中は、「素案」の段階から移せません"):
            _move(draft, planner, to)
        assert Program.objects.get(pk=draft.pk).stage == Stage.OUTLINE

    services.close_period(c, planner)
    assert _move(draft, planner, Stage.PROPOSAL).stage == Stage.PROPOSAL


def test_the_program_is_not_adopted_before_the_result_is_published(planner, program):
    draft = _at(program, Stage.OUTLINE)
    c = make_consultation(planner, draft, state="collecting")
    draft = _move(draft, planner, Stage.PROPOSAL)
    with pytest.raises(ValidationError, match="結果が公表されていません"):
        _move(draft, planner, Stage.ADOPTED)
    draft.refresh_from_db()
    assert (draft.stage, draft.adopted_on) == (Stage.PROPOSAL, None)

    # The result may be published at the 案 stage (結果集約・最終調整).
    assert services.publish_result(c, planner).state == State.PUBLISHED


def test_a_consultation_for_the_proposal_stage_opens_at_that_stage(planner, program):
    draft = _at(program, Stage.OUTLINE)
    c = make_consultation(planner, draft, state="preparing", stage=Stage.PROPOSAL)
    with pytest.raises(ValidationError, match="「案」の段階にある間だけ"):
        services.open_period(c, planner)
    _move(draft, planner, Stage.PROPOSAL)
    c = services.open_period(c, planner)
    assert c.state == State.OPEN
    with pytest.raises(ValidationError, match="段階は変えられません"):
        services.save_consultation(c, planner, stage=Stage.OUTLINE, expected_version=c.version)


def test_no_consultation_is_set_up_or_changed_on_a_program_adopted_through_drafting(planner,
                                                                                      program):
    draft = _at(program, Stage.OUTLINE)
    c = make_consultation(planner, draft, state="preparing")
    adopted = _at(draft, Stage.ADOPTED, adopted_on=datetime.date(2026, 3, 25))
    with pytest.raises(ValidationError, match="策定済みのため"):
        services.save_consultation(None, planner, program=adopted, title="後から", summary="概要",
                                   opens_on=datetime.date(2026, 4, 1),
                                   closes_on=datetime.date(2026, 4, 30))
    with pytest.raises(ValidationError, match="策定済みのため"):
        services.save_consultation(c, planner, title="変更", expected_version=c.version)
    with pytest.raises(ValidationError, match="策定済みのため"):
        services.open_period(c, planner)
    assert list(Consultation.objects.values_list("title", "state")) == [
        ("第4期実行プログラム素案", State.PREPARING)]


def test_a_program_entered_as_adopted_may_carry_the_record_of_its_past_consultation(planner,
                                                                                     program):
    assert program.stage == Stage.ADOPTED and program.adopted_on is None
    assert make_consultation(planner, program, state="collecting").state == State.COLLECTING
