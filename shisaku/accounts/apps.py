from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "shisaku.accounts"
    verbose_name = _("利用者と権限")

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .groups import ensure_role_groups

        post_migrate.connect(ensure_role_groups, dispatch_uid="shisaku_role_groups")
