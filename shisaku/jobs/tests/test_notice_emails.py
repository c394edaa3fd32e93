"""The e-mails of an event (a sheet returned, an opinion, a response) leave from a job: the
web request only queues it, and the worker sends them, each at most once."""
# ruff: noqa: F811  (the notices app's fixtures, imported, are the tests' arguments)

import pytest
from django.core import mail
from django.urls import reverse

from shisaku.jobs import services
from shisaku.jobs.models import Job
from shisaku.notices.models import Notification
from shisaku.notices.tests.conftest import people, year  # noqa: F401  (fixtures)
from shisaku.sheets.models import Sheet

pytestmark = pytest.mark.django_db

ADDRESSES = {"kogyo@city.example.jp", "kogyo2@city.example.jp"}


@pytest.fixture
def queue_only(settings):
    """A queue that keeps what is enqueued (a worker elsewhere would run it)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def return_through_the_web(client, people, sheet, capture):
    client.force_login(people["planning_admin"])
    with capture(execute=True):
        response = client.post(reverse("sheets:action", args=[sheet.pk, "return"]),
                               {"comment": "指標の実績が未入力です"})
    assert response.status_code == 302
    return response


def test_returning_a_sheet_on_the_web_queues_the_emails_and_the_job_sends_them(
        client, people, year, queue_only, django_capture_on_commit_callbacks):
    return_through_the_web(client, people, year["sheet"], django_capture_on_commit_callbacks)
    assert Sheet.objects.get(pk=year["sheet"].pk).state == Sheet.State.RETURNED
    assert mail.outbox == []  # the request did not wait for the mail server
    job = Job.objects.get(kind=Job.Kind.NOTICES_EMAIL)
    assert job.status == Job.Status.QUEUED and job.owner is None
    assert sorted(job.params["notifications"]) == sorted(
        Notification.objects.values_list("pk", flat=True))

    result = services.run(job.pk)  # what the worker does
    assert result["sent"] == 2
    assert {m.to[0] for m in mail.outbox} == ADDRESSES
    assert "指標の実績が未入力です" in mail.outbox[0].body
    services.run(job.pk)  # delivered again by the queue: nothing is sent twice
    assert len(mail.outbox) == 2


def test_with_the_immediate_backend_the_emails_are_sent_once_the_step_commits(
        client, people, year, django_capture_on_commit_callbacks):
    return_through_the_web(client, people, year["sheet"], django_capture_on_commit_callbacks)
    job = Job.objects.get(kind=Job.Kind.NOTICES_EMAIL)
    assert job.status == Job.Status.SUCCEEDED
    assert {m.to[0] for m in mail.outbox} == ADDRESSES
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_mail_server_that_refuses_fails_the_job_and_a_retry_sends_what_is_left(
        client, people, year, queue_only, settings, django_capture_on_commit_callbacks):
    return_through_the_web(client, people, year["sheet"], django_capture_on_commit_callbacks)
    job = Job.objects.get(kind=Job.Kind.NOTICES_EMAIL)
    settings.EMAIL_BACKEND = "shisaku.jobs.tests.test_notice_emails.RefusingBackend"
    with pytest.raises(services.JobFailed):
        services.run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "2件を送れませんでした" in job.error
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.retry(job, None)  # the queue keeps it; the worker runs it again
    assert services.run(job.pk)["sent"] == 2
    assert {m.to[0] for m in mail.outbox} == ADDRESSES


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
