from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdinanceConfig(AppConfig):
    name = "shisaku.ordinance"
    verbose_name = _("条例")
