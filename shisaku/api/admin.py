from django.contrib import admin

from shisaku.core.admin import DomainAdmin, ReadOnlyAdminMixin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdminMixin, DomainAdmin):
    """Read-only: a token is created and revoked by its holder on the token page (tokens.py),
    which keeps the secret out of every page but the one that shows it once."""

    list_display = ["name", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    exclude = ["key_hash"]
