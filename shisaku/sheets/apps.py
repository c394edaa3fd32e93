from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheetsConfig(AppConfig):
    name = "shisaku.sheets"
    verbose_name = _("事業シート")

    def ready(self):
        # The audit trail prints breakdowns with the one helper, not as JSON.
        from shisaku.audit.display import register_format

        from .breakdown import format_breakdown

        for field in ("breakdown", "target_breakdown"):
            register_format("sheets.IndicatorValue", field, format_breakdown)

        # The loaders (core.loading) change nothing of a published year.
        from shisaku.core.loading import register_final

        from .models import Cycle

        register_final(Cycle.holds_published)
