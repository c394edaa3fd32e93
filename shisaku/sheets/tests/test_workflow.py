"""Every workflow transition, allowed and refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shisaku.core.testing import make_project
from shisaku.sheets.cycle import move_cycle
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.workflow import transition

from .factories import make_cycle, make_sheet

pytestmark = pytest.mark.django_db
S = Sheet.State


@pytest.fixture
def own_sheet(section):
    return make_sheet(make_project(section=section), complete=True)


def test_section_submits_a_complete_draft(users, own_sheet):
    sheet = transition(own_sheet, "submit", users["section_editor"])
    assert sheet.state == S.SUBMITTED and sheet.submitted_at
    assert sheet.changes.filter(field="状態", after="提出").exists()


def test_submitting_an_incomplete_sheet_lists_what_is_missing(users, section):
    sheet = make_sheet(make_project(section=section), goal="目標だけ", verified=True)
    with pytest.raises(ValidationError) as exc:
        transition(sheet, "submit", users["section_editor"])
    message = str(exc.value)
    assert "事業計画（Plan）" in message and "成果・活動指標" in message
    sheet.refresh_from_db()
    assert sheet.state == S.DRAFT


def test_planning_returns_with_a_comment_and_the_section_resubmits(users, own_sheet):
    transition(own_sheet, "submit", users["section_editor"])
    with pytest.raises(ValidationError, match="差戻しの理由"):
        transition(own_sheet, "return", users["planning_admin"], "")
    sheet = transition(own_sheet, "return", users["planning_admin"], "指標の補足を書いてください")
    assert sheet.state == S.RETURNED and sheet.return_comment
    sheet = transition(sheet, "submit", users["section_editor"])
    assert sheet.state == S.SUBMITTED and sheet.return_comment == ""


def test_planning_confirms_a_submitted_sheet(users, own_sheet):
    transition(own_sheet, "submit", users["section_editor"])
    assert transition(own_sheet, "confirm", users["planning_admin"]).state == S.CONFIRMED


def test_a_confirmed_sheet_can_still_be_returned(users, own_sheet):
    transition(own_sheet, "submit", users["section_editor"])
    transition(own_sheet, "confirm", users["planning_admin"])
    assert transition(own_sheet, "return", users["planning_admin"], "再確認").state == S.RETURNED


@pytest.mark.parametrize("state,action", [
    (S.DRAFT, "confirm"), (S.DRAFT, "return"), (S.RETURNED, "confirm"),
    (S.SUBMITTED, "submit"), (S.CONFIRMED, "submit"), (S.CONFIRMED, "confirm"),
    (S.PUBLISHED, "submit"), (S.PUBLISHED, "return"), (S.PUBLISHED, "confirm"),
    (S.DRAFT, "publish"), (S.SUBMITTED, "publish"),
])
def test_steps_from_the_wrong_state_are_refused(users, section, state, action):
    sheet = make_sheet(make_project(section=section), complete=True, state=state)
    with pytest.raises(ValidationError):
        transition(sheet, action, users["planning_admin"], "理由")
    sheet.refresh_from_db()
    assert sheet.state == state


@pytest.mark.parametrize("role", ["council_member", "viewer", "section_editor"])
def test_only_planning_confirms_or_returns(users, own_sheet, role):
    transition(own_sheet, "submit", users["section_editor"])
    for action in ("confirm", "return"):
        with pytest.raises(PermissionDenied):
            transition(own_sheet, action, users[role], "理由")


@pytest.mark.parametrize("role", ["council_member", "viewer"])
def test_readers_cannot_submit(users, own_sheet, role):
    with pytest.raises(PermissionDenied):
        transition(own_sheet, "submit", users[role])


def test_a_section_cannot_submit_another_sections_sheet(users, other_section):
    sheet = make_sheet(make_project("商業力強化事業", section=other_section), complete=True)
    with pytest.raises(PermissionDenied):
        transition(sheet, "submit", users["section_editor"])


def test_cycle_settles_only_when_verified_sheets_are_confirmed(users, section):
    cycle = make_cycle(status=Cycle.Status.VERIFYING)
    sheet = make_sheet(make_project(section=section), cycle=cycle, complete=True, verified=True)
    with pytest.raises(ValidationError, match="シート未確認"):
        move_cycle(cycle, Cycle.Status.SETTLED, users["planning_admin"])
    transition(sheet, "submit", users["section_editor"])
    transition(sheet, "confirm", users["planning_admin"])
    assert move_cycle(cycle, Cycle.Status.SETTLED, users["planning_admin"]).status == "settled"


def test_publishing_the_cycle_publishes_and_freezes_confirmed_sheets(users, section):
    cycle = make_cycle(status=Cycle.Status.SETTLED)
    sheet = make_sheet(make_project(section=section), cycle=cycle, complete=True,
                       state=S.CONFIRMED, verified=True)
    move_cycle(cycle, Cycle.Status.PUBLISHED, users["planning_admin"])
    sheet.refresh_from_db()
    cycle.refresh_from_db()
    assert sheet.state == S.PUBLISHED and cycle.published_on
    assert sheet.published_snapshot["texts"]["goal"] == sheet.goal
    assert sheet.published_snapshot["indicators"][0]["values"][0]["actual"] == "90.000"


def test_cycle_status_only_moves_forward_one_step(users):
    cycle = make_cycle(status=Cycle.Status.PREPARING)
    with pytest.raises(ValidationError, match="進めません"):
        move_cycle(cycle, Cycle.Status.PUBLISHED, users["planning_admin"])
    assert move_cycle(cycle, Cycle.Status.ENTERING, users["planning_admin"]).status == "entering"
