from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "shisaku.notices"
    verbose_name = _("期限とお知らせ")

    def ready(self) -> None:
        from shisaku.accounts.backends import load_with_the_user

        from . import receivers  # noqa: F401  (connects to the sheets and verification signals)
        from .context import ANNOTATION, unread_count_expression

        load_with_the_user(ANNOTATION, unread_count_expression)
