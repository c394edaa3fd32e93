from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CityConfig(AppConfig):
    name = "shisaku.city"
    verbose_name = _("市・組織")
