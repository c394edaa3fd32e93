from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "shisaku.verification"
    verbose_name = _("施策検証")

    def ready(self) -> None:
        from shisaku.sheets.cycle import SETTLE_CHECKS

        from .services import opinion_blockers

        if opinion_blockers not in SETTLE_CHECKS:
            SETTLE_CHECKS.append(opinion_blockers)
