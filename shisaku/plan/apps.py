from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "shisaku.plan"
    verbose_name = _("産業振興プラン")
