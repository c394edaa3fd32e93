from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "shisaku.audit"
    verbose_name = _("監査記録")

    def ready(self) -> None:
        from . import registry, signin

        registry.register_domain_models()
        signin.connect()
