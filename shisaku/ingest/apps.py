from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "shisaku.ingest"
    verbose_name = _("取込み")
