from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "shisaku.jobs"
    label = "jobs"
    verbose_name = _("バックグラウンド処理")

    def ready(self):
        from . import handlers  # noqa: F401  (registers the kinds of job)
