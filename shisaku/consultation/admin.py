from django.contrib import admin

from shisaku.core.admin import DomainAdmin, ReadOnlyAdminMixin

from .models import Chapter, Consultation, Opinion, ViewClass


# Consultations, their chapters and opinions are written through services.py (state moves,
# numbering, the period rule, versions): the admin only shows them.
@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdminMixin, DomainAdmin):
    list_display = ["title", "program", "opens_on", "closes_on", "state"]
    list_filter = ["state"]


@admin.register(Chapter)
class ChapterAdmin(ReadOnlyAdminMixin, DomainAdmin):
    list_display = ["consultation", "order", "title"]


@admin.register(Opinion)
class OpinionAdmin(ReadOnlyAdminMixin, DomainAdmin):
    list_display = ["consultation", "number", "channel", "category", "received_at", "view_class"]
    list_filter = ["consultation", "channel", "category"]


@admin.register(ViewClass)
class ViewClassAdmin(DomainAdmin):
    """The city's list of how opinions were reflected. A class a published result uses is
    final: changing its wording would change what was published."""

    list_display = ["code", "label", "order"]

    def _published(self, obj) -> bool:
        return obj is not None and obj.opinions.filter(
            consultation__state=Consultation.State.PUBLISHED).exists()

    def has_change_permission(self, request, obj=None):
        return not self._published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._published(obj) and super().has_delete_permission(request, obj)
