from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shisaku.search"
    verbose_name = _("検索")

    def ready(self) -> None:
        from . import signals

        signals.connect(self)
