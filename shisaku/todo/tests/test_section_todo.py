"""The section's to-do list: this year's sheets, returned ones with the reason, opinions and
follow-ups it owes; next year's 準備中 sheets and other sections' records are not counted."""

from datetime import date

import pytest
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.tests.factories import make_cycle, make_sheet
from shisaku.todo.section import section_todo
from shisaku.verification import services

pytestmark = pytest.mark.django_db


def _todo(users, today=date(2022, 6, 1)):
    return section_todo(users["section_editor"].sections.all(), today=today)


def test_next_years_preparing_sheets_are_not_counted(users, section):
    entering = make_cycle(2021, status=Cycle.Status.ENTERING)
    preparing = make_cycle(2022, status=Cycle.Status.PREPARING)
    project = make_project("起業化総合支援事業", section=section)
    this_year = make_sheet(project, cycle=entering)
    make_sheet(project, cycle=preparing)
    todo = _todo(users)
    assert [item.url for item in todo.to_fill] == [reverse("sheets:edit", args=[this_year.pk])]
    assert todo.total == 1


def test_submitted_and_other_sections_sheets_are_not_to_do(users, section, other_section):
    entering = make_cycle(2021, status=Cycle.Status.ENTERING)
    make_sheet(make_project("提出済の事業", section=section), cycle=entering,
               state=Sheet.State.SUBMITTED)
    make_sheet(make_project("他課の事業", section=other_section), cycle=entering)
    assert _todo(users).total == 0


def test_a_returned_sheet_is_listed_with_its_reason(users, section):
    entering = make_cycle(2021, status=Cycle.Status.ENTERING)
    make_sheet(make_project("起業化総合支援事業", section=section), cycle=entering,
               state=Sheet.State.RETURNED, return_comment="指標の実績を入れてください")
    todo = _todo(users)
    assert todo.to_fill == []
    assert [(item.state, item.note) for item in todo.returned] == [
        ("差戻し", "指標の実績を入れてください")]


def test_a_passed_sheet_due_date_flags_the_sheet_overdue(users, section):
    entering = make_cycle(2021, status=Cycle.Status.ENTERING, sheet_due=date(2022, 5, 31))
    make_sheet(make_project("起業化総合支援事業", section=section), cycle=entering)
    before, after = _todo(users, date(2022, 5, 31)), _todo(users, date(2022, 6, 1))
    assert before.to_fill[0].due == date(2022, 5, 31) and not before.to_fill[0].overdue
    assert after.to_fill[0].overdue and after.overdue == 1


def test_an_opinion_waits_for_the_sections_response_until_it_is_answered(
        users, section, verifying, council_user):
    sheet = make_sheet(make_project("起業化総合支援事業", section=section), cycle=verifying,
                       state=Sheet.State.SUBMITTED, verified=True, complete=True)
    opinion = services.add_opinion(verifying, council_user, text="もっと周知を", sheet=sheet)
    todo = _todo(users)
    assert [(item.url, item.note) for item in todo.opinions] == [
        (reverse("verification:respond", args=[opinion.pk]), "もっと周知を")]
    services.respond(opinion, users["section_editor"], text="広報を増やす",
                     classification="planned")
    assert _todo(users).opinions == []


def test_last_years_response_is_to_follow_up_in_the_open_year(users, section, council_user):
    last = make_cycle(2021, status=Cycle.Status.VERIFYING)
    sheet = make_sheet(make_project("起業化総合支援事業", section=section), cycle=last,
                       state=Sheet.State.SUBMITTED, verified=True, complete=True)
    opinion = services.add_opinion(last, council_user, text="意見", sheet=sheet)
    response = services.respond(opinion, users["section_editor"], text="対応",
                                classification="planned")
    make_cycle(2022, status=Cycle.Status.ENTERING, response_due=date(2023, 3, 1))
    follow_ups = _todo(users).follow_ups
    assert [(item.url, item.due) for item in follow_ups] == [
        (reverse("verification:follow_up", args=[response.pk]), date(2023, 3, 1))]


def test_a_sections_own_deadline_from_the_schedule_decides_when_its_sheet_is_overdue(
        users, section, other_section):
    from shisaku.notices.models import Deadline, Step

    entering = make_cycle(2021, status=Cycle.Status.ENTERING, sheet_due=date(2022, 5, 31))
    Deadline.objects.create(cycle=entering, step=Step.SUBMISSION, section=section,
                            due=date(2022, 6, 15))
    make_sheet(make_project("起業化総合支援事業", section=section), cycle=entering)
    [item] = _todo(users, date(2022, 6, 1)).to_fill
    assert (item.due, item.overdue) == (date(2022, 6, 15), False)
    [item] = _todo(users, date(2022, 6, 16)).to_fill
    assert (item.due, item.overdue) == (date(2022, 6, 15), True)
