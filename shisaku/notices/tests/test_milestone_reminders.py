"""The next program's drafting schedule reaches the planning division as reminders: each step
within SHISAKU_REMINDER_DAYS before it begins, once, with whom it is reported to; nothing for an
adopted program or a step far ahead."""

import datetime

import pytest
from django.urls import reverse

from shisaku.core.testing import make_plan, make_program
from shisaku.notices.models import Notification
from shisaku.notices.reminders import send_reminders
from shisaku.plan.models import Milestone, Program

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def draft(db):
    program = make_program(make_plan(), 4, 2026, 2029, stage=Program.Stage.OUTLINE)
    for order, (title, starts_on, to) in enumerate([
            ("素案の委員会報告", D(2025, 11, 20), "議会（環境委員会）"),
            ("パブリックコメント", D(2025, 12, 1), ""),
            ("策定・公表", D(2026, 3, 25), "産業振興協議会")], start=1):
        Milestone.objects.create(program=program, order=order, title=title,
                                 starts_on=starts_on, reported_to=to)
    return Program.objects.get(pk=program.pk)


def test_a_step_three_days_ahead_tells_the_planning_division_once_with_its_body(
        users, draft, settings):
    settings.SHISAKU_REMINDER_DAYS = 3
    sent = send_reminders(today=D(2025, 11, 17))
    told = Notification.objects.get()
    assert told.user == users["planning_admin"] and sent.notifications == 1
    assert "素案の委員会報告" in told.text and "あと3日" in told.text
    assert "議会（環境委員会）" in told.text and draft.name in told.text
    assert told.url == reverse("drafting:draft", args=[draft.pk])

    again = send_reminders(today=D(2025, 11, 18))  # the next day: the same step, told already
    assert again.notifications == 0 and Notification.objects.count() == 1


def test_on_the_day_the_reminder_says_today_and_a_step_further_off_waits(users, draft, settings):
    settings.SHISAKU_REMINDER_DAYS = 3
    send_reminders(today=D(2025, 11, 20))
    texts = list(Notification.objects.values_list("text", flat=True))
    assert len(texts) == 1 and "今日" in texts[0] and "素案の委員会報告" in texts[0]
    assert not send_reminders(today=D(2026, 1, 10)).notifications  # nothing within 3 days


def test_an_adopted_programs_schedule_sends_nothing(users, draft, settings):
    settings.SHISAKU_REMINDER_DAYS = 3
    Program.objects.filter(pk=draft.pk).update(stage=Program.Stage.ADOPTED)
    assert send_reminders(today=D(2025, 11, 19)).notifications == 0
    assert not Notification.objects.exists()
