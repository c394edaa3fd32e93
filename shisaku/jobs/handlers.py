"""What each kind of job does. Each gives the same result when it runs twice."""

import datetime
import hashlib
from importlib import import_module

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from shisaku.lib.era import format_fy

from .models import Job
from .services import JobFailed, handler, keep_file, schedule_housekeeping, schedule_reminders


def _cycle(job: Job):
    from shisaku.sheets.models import Cycle

    fy = job.params.get("fiscal_year")
    cycle = Cycle.objects.filter(fiscal_year=fy).first()
    if cycle is None:
        raise JobFailed(_("%(fy)sの年度サイクルがありません。") % {"fy": format_fy(fy)})
    return cycle


@handler(Job.Kind.REPORT_BUILD)
def build_document(job: Job, progress) -> dict:
    """One document of a year (kind × format), kept as a file the owner downloads."""
    from shisaku.reports.build import FORMATS, KINDS, build

    kind, fmt = job.params.get("kind"), job.params.get("format")
    if kind not in KINDS or fmt not in FORMATS:
        raise JobFailed(_("文書の種類または形式が正しくありません。"))
    cycle = _cycle(job)
    data, doc = build(cycle, kind, fmt, progress)
    filename = f"shisaku-{cycle.fiscal_year}-{kind}.{fmt}"
    progress(_("ファイルを保存しています"))
    return {
        "file": keep_file(job, filename, data), "filename": filename,
        "content_type": FORMATS[fmt], "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "warnings": [str(w) for w in (doc.warnings if doc is not None else [])][:50],
    }


@handler(Job.Kind.PUBLISH)
def publish_year(job: Job, progress) -> dict:
    """Publish the year; a year already published (by this job's earlier run) stays as it is."""
    from shisaku.reports.build import FORMATS, KINDS
    from shisaku.reports.models import PublishedDocument
    from shisaku.reports.publish import publish
    from shisaku.sheets.models import Cycle

    cycle = _cycle(job)
    if cycle.status != Cycle.Status.PUBLISHED:
        progress(_("公表文書を作成しています（%(n)s件）") % {"n": len(KINDS) * len(FORMATS)})
        publish(cycle, job.owner, progress)
    documents = PublishedDocument.objects.filter(cycle=cycle).count()
    return {"fiscal_year": cycle.fiscal_year, "documents": documents,
            "summary": _("%(fy)sを公表しました（公表文書 %(n)s件）。") % {
                "fy": format_fy(cycle.fiscal_year), "n": documents}}


@handler(Job.Kind.REPORT_IMPORT)
def import_report(job: Job, progress) -> dict:
    """A city's past report too large to import in a request, from the upload kept in STORAGES.

    Importing the same report again changes nothing (report_import compares before writing).
    """
    from shisaku.ingest import reader, report_import

    params = job.params
    name = params.get("file", "")
    if not name or not default_storage.exists(name):
        raise JobFailed(_("取り込むファイルが見つかりません。もう一度ファイルを選んでください。"))
    with default_storage.open(name, "rb") as stored:
        data = stored.read(reader.MAX_BYTES + 1)
    fy = params["fiscal_year"]
    published_on = params.get("published_on") or None
    try:
        progress(_("報告書を読み取っています"))
        text, kind, encoding, truncated = reader.read_bytes(data)
        report = reader.parse_read(text, fy, kind, encoding, truncated,
                                   layout=report_import.layouts())
        result = report_import.import_report(
            report, fiscal_year=fy, replace=bool(params.get("replace")), user=job.owner,
            progress=lambda done, total: progress(
                _("取り込んでいます（%(done)s / %(total)s）") % {"done": f"{done:,}",
                                                          "total": f"{total:,}"}),
            published_on=datetime.date.fromisoformat(published_on) if published_on else None,
            source_pdf=data if kind == "pdf" else None, source_name=params.get("name", ""))
    except reader.ReportError as exc:
        raise JobFailed(exc.message) from exc
    return {"summary": f"「{params.get('name', '')}」: {result.summary()}",
            "fiscal_year": fy}


@handler(Job.Kind.STATS_IMPORT)
def import_statistics(job: Job, progress) -> dict:
    """A statistics file checked and previewed on the import page, too large to write in the
    request: its checked cells wait in STORAGES. Writing them again gives the same figures
    (each period's figures are replaced by the file's)."""
    import json

    from shisaku.stats import importers
    from shisaku.stats.models import Dataset

    params = job.params
    dataset = Dataset.objects.filter(slug=params.get("dataset", "")).first()
    name = params.get("file", "")
    if dataset is None or not name or not default_storage.exists(name):
        raise JobFailed(_("取り込む内容が見つかりません。もう一度ファイルを選んでください。"))
    with default_storage.open(name, "rb") as stored:
        parsed = importers.Parsed.from_json(json.loads(stored.read().decode("utf-8")))
    progress(_("%(n)s個の値を登録しています") % {"n": f"{len(parsed.cells):,}"})
    result = importers.write(dataset, parsed)
    return {"summary": f"{dataset.title}: {result.summary()}", "dataset": dataset.slug,
            "written": result.written}


@handler(Job.Kind.HOUSEKEEPING)
def housekeeping(job: Job, progress) -> dict:
    """Daily: expired sessions, and finished jobs (with their files) and task records older
    than SHISAKU_JOB_KEEP_DAYS are removed, and the senders' personal data of public comments
    published SHISAKU_CONSULTATION_KEEP_DAYS ago erased; then the next day's run is scheduled."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.SHISAKU_JOB_KEEP_DAYS)
    progress(_("期限切れのセッションを削除しています"))
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    progress(_("古い処理の記録を削除しています"))
    old = Job.objects.filter(finished_at__lt=cutoff).exclude(pk=job.pk)
    files = 0
    for params, result in old.values_list("params", "result"):
        for name in {(params or {}).get("file"), (result or {}).get("file")} - {None, ""}:
            if default_storage.exists(name):
                default_storage.delete(name)
                files += 1
    jobs, _by_model = old.delete()
    tasks = 0
    if "django_tasks_db" in settings.INSTALLED_APPS:
        from django_tasks_db.models import DBTaskResult

        tasks, _by_model = DBTaskResult.objects.finished().filter(
            finished_at__lt=cutoff).delete()
    progress(_("保存期間を過ぎた意見公募の送り主の個人情報を消去しています"))
    from shisaku.consultation.retention import erase_senders

    senders = erase_senders()
    following = schedule_housekeeping(max(timezone.now(), job.run_after or timezone.now()))
    return {"jobs": jobs, "files": files, "tasks": tasks, "senders": senders.opinions,
            "next": following.run_after.isoformat() if following.run_after else "",
            "summary": _("古い処理の記録 %(jobs)s件・ファイル %(files)s件を削除しました。") % {
                "jobs": jobs, "files": files}}


@handler(Job.Kind.NOTICES_REMINDERS)
def notices_reminders(job: Job, progress) -> dict:
    """Daily: the deadline reminders (each event once per person, however often this runs);
    then the next day's run is scheduled."""
    from shisaku.notices.reminders import send_reminders

    progress(_("期限のリマインダーを確認しています"))
    sent = send_reminders()
    following = schedule_reminders(max(timezone.now(), job.run_after or timezone.now()))
    return {"notifications": sent.notifications,
            "next": following.run_after.isoformat() if following.run_after else "",
            "summary": sent.summary()}


@handler(Job.Kind.NOTICES_EMAIL)
def notices_email(job: Job, progress) -> dict:
    """The e-mails of an event's notifications. Each is sent at most once, however often this
    runs; one the mail server refused fails the job, and a retry sends only those left."""
    from shisaku.notices.services import send_emails, unsent

    ids = [int(pk) for pk in job.params.get("notifications", [])]
    progress(_("お知らせのメールを送っています（%(n)s件）") % {"n": len(ids)})
    sent = send_emails(ids)
    left = unsent(ids)
    if left:
        raise JobFailed(_("お知らせのメール%(n)s件を送れませんでした。メールサーバーの設定を確認して"
                          "再実行してください。") % {"n": left})
    return {"sent": sent, "summary": _("お知らせのメールを%(n)s件送りました。") % {"n": sent}}


@handler(Job.Kind.COMMENT_RECEIPT)
def comment_receipt(job: Job, progress) -> dict:
    """The receipt of a public comment, to the address the sender gave (none once erased).
    A refusal of the mail server fails the job (a retry sends it)."""
    from shisaku.consultation.services import send_receipt_of

    sent = send_receipt_of(int(job.params.get("opinion", 0)), fail_silently=False)
    return {"sent": int(sent), "summary": _("受付メールを送りました。") if sent
            else _("送り先がないため、受付メールは送っていません。")}
