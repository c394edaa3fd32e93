"""A job: work that runs in a worker process instead of the request that asked for it.

The queue itself is Django's Tasks framework (django-tasks, backend configured in settings);
this record is what the person who started the work sees: its progress, its result (a file
kept in STORAGES, a summary) or the reason it failed, and a retry. Records are written only
through `services.py`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Kind(models.TextChoices):
        REPORT_BUILD = "report_build", _("文書の作成")
        PUBLISH = "publish", _("年度の公表")
        REPORT_IMPORT = "report_import", _("報告書の取込み")
        STATS_IMPORT = "stats_import", _("統計の取込み")
        HOUSEKEEPING = "housekeeping", _("定期の後片付け")
        NOTICES_REMINDERS = "notices_reminders", _("期限のリマインダー")
        NOTICES_EMAIL = "notices_email", _("お知らせのメール")
        COMMENT_RECEIPT = "comment_receipt", _("意見の受付メール")

    class Status(models.TextChoices):
        QUEUED = "queued", _("待機中")
        RUNNING = "running", _("実行中")
        SUCCEEDED = "succeeded", _("完了")
        FAILED = "failed", _("失敗")

    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    params = models.JSONField(_("条件"), default=dict)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                              related_name="jobs", verbose_name=_("依頼した人"))
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    progress = models.CharField(_("進行状況"), max_length=200, blank=True)
    result = models.JSONField(_("結果"), default=dict, blank=True)
    error = models.TextField(_("失敗の理由"), blank=True)
    attempts = models.PositiveIntegerField(_("実行回数"), default=0)
    # The id of the queued task (django-tasks) of the latest attempt.
    task_id = models.CharField(_("タスクID"), max_length=64, blank=True)
    # A scheduled job's key (e.g. "housekeeping:2026-11-30"): one job per key, however
    # many workers try to schedule it.
    key = models.CharField(_("予定キー"), max_length=100, unique=True, null=True, blank=True)
    run_after = models.DateTimeField(_("実行予定"), null=True, blank=True)
    created_at = models.DateTimeField(_("依頼日時"), auto_now_add=True)
    started_at = models.DateTimeField(_("開始日時"), null=True, blank=True)
    finished_at = models.DateTimeField(_("終了日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("バックグラウンド処理")
        verbose_name_plural = _("バックグラウンド処理")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def retryable(self) -> bool:
        return self.status == self.Status.FAILED
