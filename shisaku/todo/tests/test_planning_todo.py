"""The planning division's to-do list: progress per section, overdue sections, sheets to
confirm, unanswered opinions, and what blocks 確定 and 公表 with where it is resolved."""

from datetime import date

import pytest
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.tests.factories import make_cycle, make_sheet
from shisaku.todo.planning import planning_todo
from shisaku.verification import services

pytestmark = pytest.mark.django_db


def test_progress_counts_each_sections_sheets_by_state(section, other_section):
    entering = make_cycle(2021, status=Cycle.Status.ENTERING, sheet_due=date(2022, 5, 31))
    make_cycle(2022, status=Cycle.Status.PREPARING)
    make_cycle(2020, status=Cycle.Status.PUBLISHED)
    make_sheet(make_project("A事業", section=section), cycle=entering)
    make_sheet(make_project("B事業", section=section), cycle=entering, state=Sheet.State.SUBMITTED)
    make_sheet(make_project("C事業", section=other_section), cycle=entering,
               state=Sheet.State.SUBMITTED)
    [year] = planning_todo(today=date(2022, 6, 1))  # neither 準備中 nor 公表済 years
    assert year.cycle == entering
    rows = {p.section.split()[-1]: (p.cells, p.overdue) for p in year.progress}
    assert rows == {"工業振興課": ([1, 1, 0, 0], True), "商業振興課": ([0, 1, 0, 0], False)}
    assert [item.text for item in year.overdue] == ["経済労働局 工業振興課: 未提出のシート 1件"]
    assert [item.text for item in year.to_confirm] == ["B事業", "C事業"]


def test_before_the_due_date_nothing_is_overdue(section):
    entering = make_cycle(2021, status=Cycle.Status.ENTERING, sheet_due=date(2022, 5, 31))
    make_sheet(make_project("A事業", section=section), cycle=entering)
    [year] = planning_todo(today=date(2022, 5, 31))
    assert year.overdue == [] and not year.progress[0].overdue


def test_a_verifying_year_lists_what_blocks_settling(users, section, verifying, council_user):
    sheet = make_sheet(make_project("起業化総合支援事業", section=section), cycle=verifying,
                       state=Sheet.State.SUBMITTED, verified=True, complete=True)
    services.add_opinion(verifying, council_user, text="意見", sheet=sheet)
    [year] = planning_todo()
    assert year.blocks == "確定" and year.unanswered == 1
    texts = [item.text for item in year.blockers]
    assert any("シート未確認" in text for text in texts)
    assert any("対応未記入" in text for text in texts)
    assert {item.url for item in year.blockers} == {
        reverse("verification:dashboard", args=[2021])}


def test_a_settled_year_lists_what_blocks_publication_with_the_sheet_to_fix(section):
    settled = make_cycle(2021, status=Cycle.Status.SETTLED)
    other = make_sheet(make_project("その他の事業A", section=section), cycle=settled,
                       state=Sheet.State.CONFIRMED)
    [year] = planning_todo()
    assert year.blocks == "公表"
    assert [item.url for item in year.blockers] == [reverse("sheets:detail", args=[other.pk])]


def test_a_passed_settlement_date_of_the_schedule_is_overdue_while_the_year_is_verified(verifying):
    from shisaku.notices.models import Deadline, Step

    Deadline.objects.create(cycle=verifying, step=Step.SETTLEMENT, due=date(2022, 7, 31))
    [year] = planning_todo(today=date(2022, 7, 31))
    assert year.overdue == []
    [year] = planning_todo(today=date(2022, 8, 1))
    assert [(item.text, item.due, item.url) for item in year.overdue] == [
        ("確定の期限を過ぎています", date(2022, 7, 31), reverse("sheets:cycles"))]
