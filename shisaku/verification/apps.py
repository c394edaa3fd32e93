from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "shisaku.verification"
    verbose_name = _("施策検証")
