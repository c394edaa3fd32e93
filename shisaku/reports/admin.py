from django.contrib import admin

from shisaku.core.admin import DomainAdmin, ReadOnlyAdminMixin

from .models import PublishedDocument, ReportProfile, ReportSection


@admin.register(PublishedDocument)
class PublishedDocumentAdmin(ReadOnlyAdminMixin, DomainAdmin):
    list_display = ["cycle", "kind", "format", "size", "sha256", "created_at"]
    exclude = ["content"]


# The report profile is edited on its own page (/reports/profile/, reports.services), where
# the sections are validated together and the preview shows the result: read-only here.
@admin.register(ReportProfile)
class ReportProfileAdmin(ReadOnlyAdminMixin, DomainAdmin):
    list_display = ["name", "number_headings", "show_achievement", "show_rating_chart",
                    "check_action_side_by_side", "updated_at"]


@admin.register(ReportSection)
class ReportSectionAdmin(ReadOnlyAdminMixin, DomainAdmin):
    list_display = ["profile", "position", "key", "heading", "shown", "numbered"]
