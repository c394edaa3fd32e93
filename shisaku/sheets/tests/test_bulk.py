"""Confirming or returning several sheets at once: the summary, then all or nothing."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from shisaku.core.testing import make_article, make_project, make_section
from shisaku.sheets.bulk import BulkConflict, chosen_sheet_ids, execute_bulk, plan_bulk
from shisaku.sheets.models import Cycle, Sheet, SheetChange

from .factories import make_cycle, make_sheet

pytestmark = pytest.mark.django_db
S = Sheet.State


@pytest.fixture
def cycle():
    return make_cycle(2021, Cycle.Status.VERIFYING)


@pytest.fixture
def sheets(cycle, section):
    article = make_article(12)
    return {
        state: make_sheet(make_project(f"事業{state}", section=section, articles=[article]),
                          cycle, state=state, complete=True)
        for state in (S.DRAFT, S.SUBMITTED, S.RETURNED, S.CONFIRMED)
    } | {"second": make_sheet(make_project("二つ目の提出", section=section), cycle,
                               state=S.SUBMITTED, complete=True)}


def _states(sheets):
    return {key: Sheet.objects.get(pk=s.pk).state for key, s in sheets.items()}


def _ids(sheets):
    return [s.pk for s in sheets.values()]


def test_the_summary_says_which_sheets_change_and_why_the_others_are_skipped(kikaku, cycle, sheets):
    plan = plan_bulk(cycle, kikaku, "confirm", _ids(sheets))
    assert {i.sheet.pk for i in plan.changing} == {sheets[S.SUBMITTED].pk, sheets["second"].pk}
    reasons = {i.sheet.pk: i.skip_reason for i in plan.skipped}
    assert "提出されていないため確認できません" in reasons[sheets[S.DRAFT].pk]
    assert reasons[sheets[S.CONFIRMED].pk] == "既に確認済です"
    assert SheetChange.objects.filter(field="状態").count() == 0  # planning writes nothing


def test_execution_does_what_the_summary_said_and_leaves_skipped_sheets_untouched(
        kikaku, cycle, sheets):
    before = {s.pk: (s.version, s.updated_at) for s in Sheet.objects.all()}
    plan = plan_bulk(cycle, kikaku, "confirm", _ids(sheets))
    done = execute_bulk(cycle, kikaku, "confirm", plan.versions())
    assert [i.sheet.pk for i in done.changing] == [i.sheet.pk for i in plan.changing]
    assert _states(sheets) == {S.DRAFT: S.DRAFT, S.SUBMITTED: S.CONFIRMED, S.RETURNED: S.RETURNED,
                               S.CONFIRMED: S.CONFIRMED, "second": S.CONFIRMED}
    for item in plan.skipped:
        stored = Sheet.objects.get(pk=item.sheet.pk)
        assert (stored.version, stored.updated_at) == before[stored.pk]


def test_each_changed_sheet_has_its_history_row_and_audit_entry(kikaku, cycle, sheets):
    plan = plan_bulk(cycle, kikaku, "return", _ids(sheets), "根拠資料を添付してください")
    execute_bulk(cycle, kikaku, "return", plan.versions(), "根拠資料を添付してください")
    for key in (S.SUBMITTED, S.CONFIRMED, "second"):
        sheet = Sheet.objects.get(pk=sheets[key].pk)
        assert sheet.state == S.RETURNED and sheet.return_comment == "根拠資料を添付してください"
        change = sheet.changes.get(field="状態")
        assert change.user == kikaku and "根拠資料を添付してください" in change.after
        assert LogEntry.objects.get_for_object(sheet).filter(actor=kikaku).count() == 1
    for key in (S.DRAFT, S.RETURNED):
        assert not LogEntry.objects.get_for_object(sheets[key]).filter(actor=kikaku).exists()


def test_a_return_without_its_reason_is_refused(kikaku, cycle, sheets):
    with pytest.raises(ValidationError, match="差戻しの理由"):
        plan_bulk(cycle, kikaku, "return", _ids(sheets), "  ")
    versions = {s.pk: s.version for s in sheets.values()}
    with pytest.raises(ValidationError, match="差戻しの理由"):
        execute_bulk(cycle, kikaku, "return", versions, "")
    assert _states(sheets)[S.SUBMITTED] == S.SUBMITTED


@pytest.mark.parametrize("role", ["section_editor", "council_member", "viewer"])
def test_only_the_planning_division_acts_in_bulk(users, cycle, sheets, role):
    with pytest.raises(PermissionDenied):
        plan_bulk(cycle, users[role], "confirm", _ids(sheets))
    with pytest.raises(PermissionDenied):
        execute_bulk(cycle, users[role], "confirm", {s.pk: s.version for s in sheets.values()})
    assert _states(sheets)[S.SUBMITTED] == S.SUBMITTED


def test_a_published_year_is_refused(kikaku, section):
    cycle = make_cycle(2020, Cycle.Status.PUBLISHED)
    sheet = make_sheet(make_project(section=section), cycle, state=S.SUBMITTED)
    with pytest.raises(ValidationError, match="公表済"):
        plan_bulk(cycle, kikaku, "confirm", [sheet.pk])
    with pytest.raises(ValidationError, match="公表済"):
        execute_bulk(cycle, kikaku, "confirm", {sheet.pk: sheet.version})
    assert Sheet.objects.get(pk=sheet.pk).state == S.SUBMITTED


def test_a_sheet_changed_after_the_summary_stops_the_whole_execution(kikaku, cycle, sheets):
    from shisaku.sheets.workflow import transition

    plan = plan_bulk(cycle, kikaku, "confirm", _ids(sheets))
    transition(sheets["second"], "return", kikaku, "数値を見直してください")  # someone else
    with pytest.raises(BulkConflict) as exc:
        execute_bulk(cycle, kikaku, "confirm", plan.versions())
    assert _states(sheets)[S.SUBMITTED] == S.SUBMITTED  # nothing of the plan was done
    assert _states(sheets)["second"] == S.RETURNED  # the other change is kept
    assert sheets["second"].pk in {i.sheet.pk for i in exc.value.plan.skipped}


def test_sheets_are_chosen_by_article_and_by_section(cycle, sheets, section):
    other = make_sheet(make_project("他課の事業", section=make_section("商業振興課")), cycle,
                       state=S.SUBMITTED)
    article = sheets[S.DRAFT].project.articles.get()
    by_article = chosen_sheet_ids(cycle, article_ids=[article.pk])
    assert by_article == {sheets[k].pk for k in (S.DRAFT, S.SUBMITTED, S.RETURNED, S.CONFIRMED)}
    assert chosen_sheet_ids(cycle, section_ids=[other.project.section_id]) == {other.pk}
    assert chosen_sheet_ids(cycle, sheet_ids=[other.pk, 999999]) == {other.pk}


def test_the_dashboard_shows_the_summary_and_only_the_confirm_post_writes(login, kikaku, cycle,
                                                                          sheets):
    client = login(kikaku)
    url = reverse("sheets:bulk", args=[2021])
    assert client.get(url).status_code == 405
    page = client.post(url, {"action": "confirm", "sheet": _ids(sheets)})
    body = page.content.decode()
    assert page.status_code == 200 and "変更するシート 2件" in body and "対象外のシート 3件" in body
    assert _states(sheets)[S.SUBMITTED] == S.SUBMITTED
    fields = {f"version-{s.pk}": s.version for s in sheets.values()}
    done = client.post(url, {"action": "confirm", "confirm": "1", **fields})
    assert done.status_code == 302
    assert _states(sheets)[S.SUBMITTED] == S.CONFIRMED


def test_a_return_without_reason_from_the_dashboard_keeps_the_choice(login, kikaku, cycle, sheets):
    page = login(kikaku).post(reverse("sheets:bulk", args=[2021]),
                              {"action": "return", "sheet": [sheets[S.SUBMITTED].pk]})
    assert page.status_code == 400 and "差戻しの理由" in page.content.decode()
    assert f'name="sheet" value="{sheets[S.SUBMITTED].pk}"' in page.content.decode()
    assert _states(sheets)[S.SUBMITTED] == S.SUBMITTED


def test_a_control_character_in_the_reason_is_refused(kikaku, cycle, sheets):
    with pytest.raises(ValidationError):
        plan_bulk(cycle, kikaku, "return", _ids(sheets), "理由\x00")
    assert _states(sheets)[S.SUBMITTED] == S.SUBMITTED
