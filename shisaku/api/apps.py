from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shisaku.api"
    verbose_name = _("公開API")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import ApiToken

        # Creating and revoking a token is in the audit trail; the hash and the usage stamp
        # are not (the stamp is written with update(), which sends no signal anyway).
        if not auditlog.contains(ApiToken):
            auditlog.register(ApiToken, exclude_fields=["key_hash", "last_used_at"])
