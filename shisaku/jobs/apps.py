from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "shisaku.jobs"
    label = "jobs"
    verbose_name = _("バックグラウンド処理")

    def ready(self):
        from shisaku.consultation import services as consultation
        from shisaku.notices import services as notices

        from . import handlers  # noqa: F401  (registers the kinds of job)
        from .services import queue_comment_receipt, queue_notice_emails

        # The e-mails of an event leave from the worker, not the request that caused it.
        notices.send_emails_with(queue_notice_emails)
        consultation.send_receipts_with(queue_comment_receipt)
