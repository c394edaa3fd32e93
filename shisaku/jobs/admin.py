from django.contrib import admin

from shisaku.core.admin import DomainAdmin, ReadOnlyAdminMixin

from .models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdminMixin, DomainAdmin):
    """Read-only: jobs are started and retried through the pages (services.py)."""

    list_display = ["pk", "kind", "status", "owner", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
