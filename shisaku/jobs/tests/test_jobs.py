"""Jobs in the request (the immediate backend): progress, result, failure, retry, owner."""

import pytest
from django.urls import reverse

from shisaku.jobs import services
from shisaku.jobs.models import Job
from shisaku.sheets.tests.factories import make_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, users):
    client.force_login(users["planning_admin"])
    return client


def test_a_document_built_in_the_background_is_offered_on_the_page_that_started_it(admin):
    make_cycle(2021)
    response = admin.post(reverse("reports:build_job", args=[2021, "press", "html"]))
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED and job.attempts == 1
    page = admin.get(response["Location"]).content.decode()
    assert "完了" in page and reverse("jobs:download", args=[job.pk]) in page
    assert "shisaku-2021-press.html" in page
    file = admin.get(reverse("jobs:download", args=[job.pk]))
    body = b"".join(file.streaming_content)
    assert file["Content-Type"].startswith("text/html") and body.startswith(b"<!DOCTYPE html>")
    assert len(body) == job.result["size"]


def test_a_job_run_twice_gives_the_same_result_and_keeps_one_file(users):
    from django.core.files.storage import default_storage

    make_cycle(2021)
    job = services.start(Job.Kind.REPORT_BUILD,
                         {"fiscal_year": 2021, "kind": "press", "format": "xlsx"},
                         users["planning_admin"])
    first = job.result
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)  # delivered again
    second = services.run(job.pk)
    assert second["sha256"] == first["sha256"] and second["file"] == first["file"]
    assert default_storage.listdir(f"jobs/{job.pk}")[1] == ["shisaku-2021-press.xlsx"]
    assert services.run(job.pk) == second  # a finished job is not run again
    assert Job.objects.get(pk=job.pk).attempts == 2


def test_a_failed_job_shows_its_reason_and_runs_again_when_retried(admin, users):
    job = services.start(Job.Kind.REPORT_BUILD,
                         {"fiscal_year": 2023, "kind": "full", "format": "html"},
                         users["planning_admin"])
    assert job.status == Job.Status.FAILED and "年度サイクルがありません" in job.error
    page = admin.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "失敗の理由" in page and "年度サイクルがありません" in page
    assert reverse("jobs:retry", args=[job.pk]) in page

    make_cycle(2023)  # the cause is removed; the same job now succeeds
    response = admin.post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED and job.attempts == 2 and not job.error
    assert admin.post(reverse("jobs:retry", args=[job.pk])).status_code == 302
    assert Job.objects.get(pk=job.pk).attempts == 2  # only a failed job is retried


def test_only_the_person_who_started_a_job_sees_it(client, users):
    make_cycle(2021)
    job = services.start(Job.Kind.REPORT_BUILD,
                         {"fiscal_year": 2021, "kind": "press", "format": "html"},
                         users["planning_admin"])
    from shisaku.accounts.models import Role
    from shisaku.core.testing import make_user

    other = make_user("kikaku2", Role.PLANNING_ADMIN)
    client.force_login(other)
    for name in ("jobs:detail", "jobs:download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 404
    assert reverse("jobs:detail", args=[job.pk]) not in client.get(reverse("jobs:mine")).content.decode()


def test_starting_a_job_is_in_the_audit_trail_with_who_started_it(users):
    from auditlog.models import LogEntry

    make_cycle(2021)
    job = services.start(Job.Kind.REPORT_BUILD,
                         {"fiscal_year": 2021, "kind": "press", "format": "html"},
                         users["planning_admin"])
    entry = LogEntry.objects.get(object_pk=str(job.pk), additional_data__event="job-start")
    assert entry.actor == users["planning_admin"]


def test_the_status_fragment_polls_until_the_job_is_finished(admin, users):
    job = Job.objects.create(kind=Job.Kind.REPORT_BUILD, owner=users["planning_admin"],
                             progress="PDF を組版しています")
    fragment = admin.get(reverse("jobs:detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert "<html" not in text and 'hx-trigger="every 2s"' in text and "PDF を組版しています" in text
    Job.objects.filter(pk=job.pk).update(status=Job.Status.SUCCEEDED)
    text = admin.get(reverse("jobs:detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in text


def test_the_daily_housekeeping_is_scheduled_once_per_day_and_removes_old_records(users):
    import datetime

    from django.contrib.sessions.models import Session
    from django.core.files.storage import default_storage
    from django.utils import timezone

    first, again = services.schedule_housekeeping(), services.schedule_housekeeping()
    assert first.pk == again.pk and first.run_after > timezone.now()
    assert Job.objects.filter(kind=Job.Kind.HOUSEKEEPING).count() == 1

    long_ago = timezone.now() - datetime.timedelta(days=40)
    old = Job.objects.create(kind=Job.Kind.REPORT_BUILD, status=Job.Status.SUCCEEDED,
                             finished_at=long_ago, result={"file": "jobs/old/a.pdf"})
    default_storage.save("jobs/old/a.pdf", __import__("io").BytesIO(b"%PDF"))
    recent = Job.objects.create(kind=Job.Kind.REPORT_BUILD, status=Job.Status.SUCCEEDED,
                                finished_at=timezone.now())
    Session.objects.create(session_key="x" * 32, session_data="",
                           expire_date=long_ago)
    result = services.run(first.pk)
    assert result["jobs"] == 1 and result["files"] == 1
    assert not Job.objects.filter(pk=old.pk).exists() and Job.objects.filter(pk=recent.pk).exists()
    assert not default_storage.exists("jobs/old/a.pdf") and not Session.objects.exists()
    # the next day's run is scheduled (not run now by a backend that cannot defer)
    assert Job.objects.filter(kind=Job.Kind.HOUSEKEEPING, status=Job.Status.QUEUED).count() == 1
    assert services.run(first.pk) == result  # run twice: the same result



@pytest.mark.django_db(transaction=True)
def test_progress_written_inside_a_transaction_is_seen_before_it_commits(users):
    """A publication builds its twelve documents in one transaction: the page that polls
    sees its progress meanwhile (PostgreSQL; SQLite takes one writer at a time)."""
    from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

    from shisaku.jobs.services import _Progress

    if connection.vendor == "sqlite":
        pytest.skip("SQLite takes one writer at a time: progress inside a write is skipped")
    job = Job.objects.create(kind=Job.Kind.PUBLISH, owner=users["planning_admin"])
    progress = _Progress(job.pk)
    with transaction.atomic():
        progress("PDF を組版しています")
        page = connections.create_connection(DEFAULT_DB_ALIAS)  # another request's view
        with page.cursor() as cursor:
            cursor.execute("SELECT progress FROM jobs_job WHERE id = %s", [job.pk])
            (seen,) = cursor.fetchone()
        page.close()
    progress.close()
    assert seen == "PDF を組版しています"
