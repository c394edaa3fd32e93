from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "shisaku.consultation"
    verbose_name = _("意見公募（パブリックコメント）")

    def ready(self) -> None:
        from . import stage_rules

        stage_rules.register()
