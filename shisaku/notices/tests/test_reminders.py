"""Deadline reminders: once per event and person, only to those who still have work, by
e-mail to those who keep it on; by the daily job and by `shisaku send-reminders`."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from shisaku.notices import schedule
from shisaku.notices import services as notices
from shisaku.notices.models import Notification, Step
from shisaku.notices.reminders import send_reminders
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.tests.factories import make_cycle, make_sheet
from shisaku.verification import services as verification

pytestmark = pytest.mark.django_db

DUE = datetime.date(2022, 6, 30)


def rows():
    return sorted(Notification.objects.values_list("user__username", "key"))


@pytest.fixture
def entering(people, section, other_section):
    """FY2022 being entered: the section's sheet still a draft, the other section's submitted."""
    from shisaku.core.testing import make_project

    cycle = make_cycle(2022, status=Cycle.Status.ENTERING, sheet_due=DUE)
    make_sheet(make_project("起業化総合支援事業", section=section), cycle=cycle)
    make_sheet(make_project("商業力強化事業", section=other_section), cycle=cycle,
               state=Sheet.State.SUBMITTED, complete=True)
    return cycle


def test_a_deadline_within_the_reminder_days_tells_the_editors_with_unsubmitted_sheets(
        people, entering, settings, django_capture_on_commit_callbacks):
    settings.SHISAKU_REMINDER_DAYS = 3
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_reminders(DUE - datetime.timedelta(days=3))
    assert sent.notifications == 2
    assert {u for u, _key in rows()} == {"kogyo", "kogyo2"}  # not 商業振興課: submitted
    notice = Notification.objects.get(user=people["section_editor"])
    assert notice.kind == Notification.Kind.DUE_SOON
    assert "あと3日" in notice.text and "未提出のシートが1件" in notice.text
    assert {m.to[0] for m in mail.outbox} == {"kogyo@city.example.jp", "kogyo2@city.example.jp"}
    assert "/sheets/" in mail.outbox[0].body


def test_running_twice_or_on_the_next_days_writes_the_same_rows_and_sends_no_second_email(
        people, entering, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(DUE - datetime.timedelta(days=2))
    first, emails = rows(), len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        again = send_reminders(DUE - datetime.timedelta(days=2))
        send_reminders(DUE - datetime.timedelta(days=1))
        send_reminders(DUE)
    assert again.notifications == 0
    assert rows() == first
    assert len(mail.outbox) == emails == 2


def test_a_passed_deadline_is_announced_once_as_overdue(people, entering):
    send_reminders(DUE - datetime.timedelta(days=1))
    send_reminders(DUE + datetime.timedelta(days=1))
    send_reminders(DUE + datetime.timedelta(days=5))
    kinds = sorted(Notification.objects.filter(user=people["section_editor"]).values_list(
        "kind", flat=True))
    assert kinds == [Notification.Kind.DUE_SOON, Notification.Kind.OVERDUE]
    overdue = Notification.objects.get(user=people["section_editor"], kind="overdue")
    assert "過ぎています" in overdue.text


def test_nothing_is_sent_long_before_a_deadline_or_without_one(people, entering):
    assert send_reminders(DUE - datetime.timedelta(days=10)).notifications == 0
    entering.sheet_due = None
    entering.save()
    assert send_reminders(DUE + datetime.timedelta(days=1)).notifications == 0
    assert not Notification.objects.exists()


def test_a_sections_own_deadline_replaces_the_years(people, entering, section):
    schedule.update_schedule(entering, people["planning_admin"], dates={},
                             section_dates={(section.pk, Step.SUBMISSION): DUE + datetime.timedelta(days=20)})
    assert send_reminders(DUE + datetime.timedelta(days=1)).notifications == 0
    assert send_reminders(DUE + datetime.timedelta(days=18)).notifications == 2


def test_a_submitted_sheet_is_no_longer_reminded(people, entering):
    Sheet.objects.filter(cycle=entering).update(state=Sheet.State.SUBMITTED)
    assert send_reminders(DUE + datetime.timedelta(days=1)).notifications == 0


def test_unanswered_opinions_remind_their_sections_editors_of_the_response_deadline(
        people, year, django_capture_on_commit_callbacks):
    cycle = year["cycle"]
    verification.add_opinion(cycle, people["council_member"], text="意見", sheet=year["sheet"])
    answered = verification.add_opinion(cycle, people["council_member"], text="意見",
                                        sheet=year["other_sheet"])
    verification.respond(answered, people["other_editor"], text="対応", classification="planned")
    Notification.objects.all().delete()
    Cycle.objects.filter(pk=cycle.pk).update(response_due=datetime.date(2022, 7, 31))
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(datetime.date(2022, 8, 1))
    # 商業振興課 answered its opinion: only 工業振興課's editors are reminded.
    assert {u for u, key in rows()} == {"kogyo", "kogyo2"}
    assert "対応が未記入の検証意見が1件" in Notification.objects.first().text


def test_the_planning_division_is_reminded_of_settlement_and_publication(people, year):
    schedule.update_schedule(year["cycle"], people["planning_admin"], dates={
        Step.SETTLEMENT: datetime.date(2022, 7, 1), Step.PUBLICATION: datetime.date(2022, 8, 31)})
    send_reminders(datetime.date(2022, 7, 2))
    keys = {key for user, key in rows() if user == "kikaku"}
    assert any(":settlement:" in k and k.endswith(":overdue") for k in keys)
    assert {u for u, _k in rows()} == {"kikaku", "kikaku2"}
    year["cycle"].refresh_from_db()
    Cycle.objects.filter(pk=year["cycle"].pk).update(status=Cycle.Status.SETTLED)
    before = rows()
    send_reminders(datetime.date(2022, 7, 3))
    assert rows() == before  # 確定 is done: nothing new about it


def test_opting_out_of_email_is_honoured_by_reminders(people, entering,
                                                      django_capture_on_commit_callbacks):
    notices.set_email(people["section_editor"], False)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(DUE)
    assert [m.to for m in mail.outbox] == [["kogyo2@city.example.jp"]]
    assert Notification.objects.filter(user=people["section_editor"]).exists()


def test_a_published_year_is_never_reminded(people, entering):
    Cycle.objects.filter(pk=entering.pk).update(status=Cycle.Status.PUBLISHED)
    assert send_reminders(DUE + datetime.timedelta(days=1)).notifications == 0


def test_the_command_sends_the_reminders_of_a_given_day(people, entering, capsys):
    call_command("send_reminders", "--date", (DUE - datetime.timedelta(days=1)).isoformat())
    assert "2件" in capsys.readouterr().out
    call_command("send_reminders", "--date", (DUE - datetime.timedelta(days=1)).isoformat())
    assert "0件" in capsys.readouterr().out


def test_the_daily_job_sends_reminders_and_schedules_the_next_day(people, entering, settings):
    from shisaku.jobs import services as jobs
    from shisaku.jobs.models import Job

    settings.SHISAKU_REMINDER_DAYS = 1000
    job = jobs.schedule_reminders()
    assert jobs.schedule_reminders() == job  # one per day
    result = jobs.run(job.pk)
    assert result["notifications"] == 2
    assert Job.objects.filter(kind=Job.Kind.NOTICES_REMINDERS).count() == 2
    jobs.run(Job.objects.exclude(pk=job.pk).get(kind=Job.Kind.NOTICES_REMINDERS).pk)
    assert Notification.objects.count() == 2
