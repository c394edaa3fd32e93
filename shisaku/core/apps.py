from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "shisaku.core"
    verbose_name = _("共通")

    def ready(self) -> None:
        from django.conf import settings

        from shisaku.lib import charts

        from . import checks  # noqa: F401  (registers the production checks)

        charts.CACHE_DIR = getattr(settings, "CHART_CACHE_DIR", None)
