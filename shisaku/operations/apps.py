from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "shisaku.operations"
    verbose_name = _("運用（バックアップと復元）")
