"""A real worker process (`shisaku worker`) runs jobs queued in the database: a job that fails
says why, and after its cause is removed a retry runs it to the end. On SQLite and on
PostgreSQL (CI runs both)."""

import pytest
from django_tasks_db.models import DBTaskResult

from shisaku.jobs import services
from shisaku.jobs.models import Job
from shisaku.sheets.tests.factories import make_cycle

from .worker import run_worker, shared_database


@pytest.fixture
def queue(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "files")}}}
    return tmp_path


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_fails_a_job_with_its_reason_and_completes_it_on_retry(users, queue):
    job = services.start(Job.Kind.REPORT_BUILD,
                         {"fiscal_year": 2031, "kind": "press", "format": "html"},
                         users["planning_admin"])
    assert job.status == Job.Status.QUEUED and job.task_id  # nothing runs in the request

    with shared_database(queue) as database:
        run_worker(database, queue)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.attempts == 1
    assert "年度サイクルがありません" in job.error
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"

    make_cycle(2031)
    job = services.retry(job, users["planning_admin"])
    assert job.status == Job.Status.QUEUED
    with shared_database(queue) as database:
        run_worker(database, queue)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.attempts == 2 and not job.error
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    stored = queue / "files" / job.result["file"]
    assert stored.read_bytes().startswith(b"<!DOCTYPE html>")
    assert stored.stat().st_size == job.result["size"]
    # the worker scheduled the daily housekeeping (for later: it did not run now)
    assert Job.objects.get(kind=Job.Kind.HOUSEKEEPING).status == Job.Status.QUEUED
