"""The one write path of jobs: start, run (in the worker), retry, schedule.

A job is started by a view or a command (`start`), queued on Django's Tasks framework
(`tasks.run_job`) and run by a worker process (`shisaku worker`, started beside the web
server by `shisaku serve`). What a kind of job does is a handler registered with
`@handler(kind)` (handlers.py); a handler must give the same result when it runs twice
(a queue may deliver a task again after a worker stopped), and says what it is doing
through the `progress` callback.
"""

import datetime
import logging
from collections.abc import Callable

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    IntegrityError,
    connection,
    connections,
    transaction,
)
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from shisaku.audit.context import acting, audited
from shisaku.audit.records import record_change

from .models import Job

logger = logging.getLogger(__name__)

Handler = Callable[[Job, Callable[[str], None]], dict]
HANDLERS: dict[str, Handler] = {}


class JobFailed(Exception):
    """A failure the person who started the job can understand (shown as the reason)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def handler(kind: str):
    def register(function: Handler) -> Handler:
        HANDLERS[kind] = function
        return function
    return register


def _enqueue(job: Job) -> None:
    from django_tasks import default_task_backend

    from .tasks import run_job

    task = run_job
    if job.run_after is not None:
        if not default_task_backend.supports_defer:
            return  # kept for a backend that can run it later; never run now by mistake
        task = run_job.using(run_after=job.run_after)
    result = task.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


@audited
def start(kind: str, params: dict, user) -> Job:
    """Record the job (who asked, for what) and queue it; returns the job as it now is."""
    if kind not in HANDLERS:
        raise ValueError(kind)
    owner = user if getattr(user, "is_authenticated", False) else None
    job = Job.objects.create(kind=kind, params=params, owner=owner)
    record_change(job, _("バックグラウンド処理"), "", job.get_kind_display(),
                  action=LogEntry.Action.CREATE, event="job-start", params=params)
    _enqueue(job)
    job.refresh_from_db()
    return job


def queue(kind: str, params: dict) -> Job:
    """A job the system starts itself, for no one's page (the e-mails of an event): queued
    without an owner or an audit entry of its own; the change that caused it is audited."""
    if kind not in HANDLERS:
        raise ValueError(kind)
    job = Job.objects.create(kind=kind, params=params)
    _enqueue(job)
    return job


def queue_notice_emails(ids: list[int]) -> None:
    """The e-mails of new notifications (notices.services), sent by the worker."""
    queue(Job.Kind.NOTICES_EMAIL, {"notifications": list(ids)})


def queue_comment_receipt(opinion_pk: int) -> None:
    """The receipt of an opinion sent through the public comment form (consultation)."""
    queue(Job.Kind.COMMENT_RECEIPT, {"opinion": opinion_pk})


@audited
def retry(job: Job, user) -> Job:
    """Queue a failed job again (the same conditions, the same result on success)."""
    with transaction.atomic():
        reset = Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
            status=Job.Status.QUEUED, error="", progress="", finished_at=None)
        if not reset:
            raise ValidationError(_("失敗した処理だけを再実行できます。"))
        record_change(job, _("状態"), Job.Status.FAILED.label, _("再実行"), event="job-retry")
    _enqueue(job)
    job.refresh_from_db()
    return job


def run(job_id: int) -> dict:
    """Run one job (called by the task in the worker). A job already done is not run again."""
    now = timezone.now()
    claimed = (Job.objects.filter(pk=job_id).exclude(status=Job.Status.SUCCEEDED)
               .update(status=Job.Status.RUNNING, started_at=now, finished_at=None, error="",
                       progress="", attempts=F("attempts") + 1))
    job = Job.objects.select_related("owner").get(pk=job_id)
    if not claimed:
        return job.result

    reporter = _Progress(job_id)
    try:
        with acting(job.owner, via="job", job=job.pk):
            result = HANDLERS[job.kind](job, reporter)
    except Exception as exc:
        Job.objects.filter(pk=job_id).update(status=Job.Status.FAILED, error=failure_reason(exc),
                                             finished_at=timezone.now())
        if not isinstance(exc, JobFailed | ValidationError):
            logger.exception("job %s (%s) failed", job_id, job.kind)
        raise
    finally:
        reporter.close()
    Job.objects.filter(pk=job_id).update(status=Job.Status.SUCCEEDED, result=result or {},
                                         progress="", finished_at=timezone.now())
    return result


class _Progress:
    """Writes what a job is doing where the page that polls can read it at once.

    Inside a transaction (a publication builds its twelve documents in one) the progress goes
    through a connection of its own, committed at once; best effort: where the database
    cannot take a second writer now (SQLite during a write), that message is skipped.
    """

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.side = None
        self.side_refused = False

    def __call__(self, message: str) -> None:
        text = str(message)[:200]
        if not connection.in_atomic_block:
            Job.objects.filter(pk=self.job_id).update(progress=text)
            return
        if self.side_refused:
            return
        try:
            if self.side is None:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
                if self.side.vendor == "sqlite":  # never wait for the writer's lock
                    self.side.settings_dict = {**self.side.settings_dict,
                                               "OPTIONS": {"timeout": 0.05}}
            with self.side.cursor() as cursor:
                cursor.execute(f"UPDATE {Job._meta.db_table} SET progress = %s WHERE id = %s",
                               [text, self.job_id])
        except DatabaseError:
            self.side_refused = True  # this run's progress stays as it was

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def failure_reason(exc: Exception) -> str:
    if isinstance(exc, JobFailed):
        return exc.message
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return _("処理中に予期しないエラーが起きました（%(error)s）。管理者に連絡してください。") % {
        "error": type(exc).__name__}


def keep_file(job: Job, filename: str, data: bytes) -> str:
    """Store a job's file under a name of its own in STORAGES; a second run replaces it."""
    name = f"jobs/{job.pk}/{filename}"
    if default_storage.exists(name):
        default_storage.delete(name)
    stored = default_storage.save(name, ContentFile(data))
    if stored != name:  # another run wrote it at the same moment: keep one
        default_storage.delete(stored)
    return name


# --- scheduled jobs ------------------------------------------------------------------------

HOUSEKEEPING_HOUR = 3  # local time, when nobody works


def next_daily_run(now: datetime.datetime | None = None) -> datetime.datetime:
    local = timezone.localtime(now or timezone.now())
    run_at = local.replace(hour=HOUSEKEEPING_HOUR, minute=0, second=0, microsecond=0)
    if run_at <= local:
        run_at += datetime.timedelta(days=1)
    return run_at


def schedule_housekeeping(now: datetime.datetime | None = None) -> Job:
    """The next daily housekeeping job: one per day, whichever worker schedules it."""
    return _schedule_daily(Job.Kind.HOUSEKEEPING, next_daily_run(now))


REMINDERS_HOUR = 7  # local time, before the working day


def schedule_reminders(now: datetime.datetime | None = None) -> Job:
    """The next daily job that sends the deadline reminders (notices.reminders)."""
    local = timezone.localtime(now or timezone.now())
    run_at = local.replace(hour=REMINDERS_HOUR, minute=0, second=0, microsecond=0)
    if run_at <= local:
        run_at += datetime.timedelta(days=1)
    return _schedule_daily(Job.Kind.NOTICES_REMINDERS, run_at)


def _schedule_daily(kind: str, run_at: datetime.datetime) -> Job:
    key = f"{kind}:{run_at.date().isoformat()}"
    existing = Job.objects.filter(key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            job = Job.objects.create(kind=kind, key=key, run_after=run_at)
    except IntegrityError:  # another worker scheduled it first
        return Job.objects.get(key=key)
    _enqueue(job)
    return job
