"""The year's schedule: one reading function over the cycle's own dates and the Deadline rows,
one service that checks who, what year and what order before writing anything."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from shisaku.notices import schedule
from shisaku.notices.models import Deadline, Step
from shisaku.sheets.models import Cycle
from shisaku.sheets.tests.factories import make_cycle

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def cycle(db):
    return make_cycle(2022, status=Cycle.Status.ENTERING, sheet_due=D(2023, 5, 31))


def test_the_submission_and_response_dates_are_the_cycles_own_fields(cycle):
    assert schedule.due_date(cycle, Step.SUBMISSION) == D(2023, 5, 31)
    assert schedule.due_date(cycle, Step.RESPONSE) is None
    assert schedule.due_date(cycle, Step.PUBLICATION) is None


def test_saving_the_schedule_writes_the_cycle_fields_and_the_other_steps(cycle, users, section):
    planner = users["planning_admin"]
    schedule.update_schedule(cycle, planner, dates={
        Step.ENTRY_START: D(2023, 4, 10), Step.SUBMISSION: D(2023, 6, 15),
        Step.VERIFICATION: D(2023, 7, 31), Step.RESPONSE: D(2023, 8, 20),
        Step.SETTLEMENT: D(2023, 9, 1), Step.PUBLICATION: D(2023, 9, 30)},
        section_dates={(section.pk, Step.SUBMISSION): D(2023, 6, 30)})
    cycle.refresh_from_db()
    assert (cycle.sheet_due, cycle.response_due) == (D(2023, 6, 15), D(2023, 8, 20))
    # One source of truth per date: no Deadline row for the cycle's own fields.
    assert not Deadline.objects.filter(step__in=[Step.SUBMISSION, Step.RESPONSE],
                                       section=None).exists()
    fresh = Cycle.objects.get(pk=cycle.pk)
    assert schedule.due_date(fresh, Step.PUBLICATION) == D(2023, 9, 30)
    assert schedule.due_date(fresh, Step.SUBMISSION, section) == D(2023, 6, 30)
    assert schedule.due_date(fresh, Step.SUBMISSION, section.pk) == D(2023, 6, 30)
    assert schedule.due_date(fresh, Step.RESPONSE, section) == D(2023, 8, 20)
    assert LogEntry.objects.get_for_objects(Deadline.objects.all()).count() == 5


def test_a_date_left_empty_removes_that_deadline(cycle, users):
    planner = users["planning_admin"]
    schedule.update_schedule(cycle, planner, dates={Step.PUBLICATION: D(2023, 9, 30)})
    schedule.update_schedule(cycle, planner, dates={Step.PUBLICATION: None, Step.SUBMISSION: None})
    fresh = Cycle.objects.get(pk=cycle.pk)
    assert schedule.due_date(fresh, Step.PUBLICATION) is None
    assert fresh.sheet_due is None


def test_days_left_and_overdue_count_from_today(cycle):
    assert schedule.days_left(cycle, Step.SUBMISSION, on=D(2023, 5, 28)) == 3
    assert schedule.days_left(cycle, Step.SUBMISSION, on=D(2023, 5, 31)) == 0
    assert not schedule.is_overdue(cycle, Step.SUBMISSION, on=D(2023, 5, 31))
    assert schedule.is_overdue(cycle, Step.SUBMISSION, on=D(2023, 6, 1))
    assert schedule.days_left(cycle, Step.PUBLICATION) is None
    assert not schedule.is_overdue(cycle, Step.PUBLICATION)


def test_the_schedule_is_read_once_per_cycle_however_many_questions(cycle, section,
                                                                   django_assert_num_queries):
    with django_assert_num_queries(1):
        for step in Step:
            schedule.due_date(cycle, step)
            schedule.due_date(cycle, step, section)
            schedule.is_overdue(cycle, step, section)


def test_dates_out_of_order_are_refused_and_nothing_is_written(cycle, users):
    with pytest.raises(ValidationError) as caught:
        schedule.update_schedule(cycle, users["planning_admin"], dates={
            Step.SUBMISSION: D(2023, 6, 30), Step.RESPONSE: D(2023, 6, 1),
            Step.PUBLICATION: D(2023, 9, 30)})
    assert "「対応方針の提出期限」" in caught.value.messages[0]
    cycle.refresh_from_db()
    assert cycle.sheet_due == D(2023, 5, 31)
    assert not Deadline.objects.exists()


def test_a_sections_own_date_must_fit_the_years_order(cycle, users, section):
    schedule.update_schedule(cycle, users["planning_admin"],
                             dates={Step.RESPONSE: D(2023, 8, 20)})
    with pytest.raises(ValidationError) as caught:
        schedule.update_schedule(cycle, users["planning_admin"], dates={}, section_dates={
            (section.pk, Step.SUBMISSION): D(2023, 9, 1)})
    assert section.name in caught.value.messages[0]
    assert not Deadline.objects.filter(section=section).exists()


def test_a_planning_only_step_takes_no_sections_date_and_a_far_date_is_refused(
        cycle, users, section):
    with pytest.raises(ValidationError):
        schedule.update_schedule(cycle, users["planning_admin"], dates={},
                                 section_dates={(section.pk, Step.PUBLICATION): D(2023, 9, 1)})
    with pytest.raises(ValidationError) as caught:
        schedule.update_schedule(cycle, users["planning_admin"],
                                 dates={Step.PUBLICATION: D(2031, 9, 1)})
    assert "離れすぎています" in caught.value.messages[0]


def test_a_published_year_is_refused(users):
    published = make_cycle(2020, status=Cycle.Status.PUBLISHED, sheet_due=D(2021, 5, 31))
    with pytest.raises(ValidationError) as caught:
        schedule.update_schedule(published, users["planning_admin"],
                                 dates={Step.SUBMISSION: D(2021, 6, 30)})
    assert "公表済" in caught.value.messages[0]
    published.refresh_from_db()
    assert published.sheet_due == D(2021, 5, 31)


@pytest.mark.parametrize("role", ["section_editor", "council_member", "viewer"])
def test_only_the_planning_division_changes_the_schedule(cycle, users, role):
    with pytest.raises(PermissionDenied):
        schedule.update_schedule(cycle, users[role], dates={Step.PUBLICATION: D(2023, 9, 30)})
    assert not Deadline.objects.exists()


def test_the_sheets_list_marks_each_unsubmitted_sheet_with_its_sections_own_deadline(
        cycle, users, section, client, monkeypatch):
    from django.urls import reverse

    from shisaku.core.testing import make_project
    from shisaku.sheets.tests.factories import make_sheet

    Deadline.objects.create(cycle=cycle, step=Step.SUBMISSION, section=section, due=D(2023, 6, 15))
    make_sheet(make_project("起業化総合支援事業", section=section), cycle=cycle)
    client.force_login(users["section_editor"])
    monkeypatch.setattr(schedule, "today", lambda: D(2023, 6, 16))
    page = client.get(reverse("sheets:mine")).content.decode()
    assert "期限超過（令和5年6月15日）" in page  # the section's date, not the year's 5月31日
    monkeypatch.setattr(schedule, "today", lambda: D(2023, 6, 1))
    page = client.get(reverse("sheets:mine")).content.decode()
    assert "期限 令和5年6月15日（あと14日）" in page
