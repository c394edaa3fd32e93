from django.contrib import admin

from shisaku.core.admin import DomainAdmin, ReadOnlyAdminMixin

from .models import PublishedDocument


@admin.register(PublishedDocument)
class PublishedDocumentAdmin(ReadOnlyAdminMixin, DomainAdmin):
    list_display = ["cycle", "kind", "format", "size", "sha256", "created_at"]
    exclude = ["content"]
