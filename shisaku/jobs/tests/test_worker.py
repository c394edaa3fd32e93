"""A real worker process (`shisaku worker`) runs jobs queued in the database: a job that fails
says why, and after its cause is removed a retry runs it to the end. On SQLite and on
PostgreSQL (CI runs both)."""

import os

import pytest
from django.utils import timezone
from django_tasks import default_task_backend

from shisaku.jobs import services
from shisaku.jobs.models import Job
from shisaku.sheets.tests.factories import make_cycle

from .worker import run_worker, shared_database

# RQ's queue: a Redis database of its own, emptied before the test.
RQ_URL = os.environ.get("SHISAKU_TEST_RQ_URL", "redis://127.0.0.1:6379/15")


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["database", "rq"])
def backend(request, settings):
    if request.param == "rq":
        pytest.importorskip("django_tasks_rq", reason="the RQ backend is not installed")
        if not redis_reachable(RQ_URL):
            pytest.skip(f"the RQ backend needs Redis; none at {RQ_URL}")
        settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
        settings.RQ_QUEUES = {"default": {"URL": RQ_URL, "DEFAULT_TIMEOUT": 600}}
        import django_rq

        django_rq.get_queue("default").empty()
        return {"SHISAKU_TASKS_BACKEND": "rq", "SHISAKU_RQ_URL": RQ_URL}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return {}


@pytest.fixture
def queue(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "files")}}}
    return tmp_path


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_fails_a_job_with_its_reason_and_completes_it_on_retry(
        users, queue, backend):
    job = services.start(Job.Kind.REPORT_BUILD,
                         {"fiscal_year": 2031, "kind": "press", "format": "html"},
                         users["planning_admin"])
    assert job.status == Job.Status.QUEUED and job.task_id  # nothing runs in the request

    with shared_database(queue) as database:
        run_worker(database, queue, **backend)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.attempts == 1
    assert "年度サイクルがありません" in job.error
    assert default_task_backend.get_result(job.task_id).status == "FAILED"  # the queue's own

    make_cycle(2031)
    job = services.retry(job, users["planning_admin"])
    assert job.status == Job.Status.QUEUED
    with shared_database(queue) as database:
        run_worker(database, queue, **backend)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.attempts == 2 and not job.error
    assert default_task_backend.get_result(job.task_id).status == "SUCCESSFUL"
    stored = queue / "files" / job.result["file"]
    assert stored.read_bytes().startswith(b"<!DOCTYPE html>")
    assert stored.stat().st_size == job.result["size"]
    # the worker scheduled the daily housekeeping for later (it did not run now). The two runs
    # may fall either side of the housekeeping hour and schedule one day each: the latest waits.
    latest = Job.objects.filter(kind=Job.Kind.HOUSEKEEPING).order_by("run_after").last()
    assert latest is not None and latest.status == Job.Status.QUEUED
    assert latest.run_after > timezone.now()
