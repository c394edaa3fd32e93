from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from shisaku.core.admin import DomainAdmin, PublishedYearLockMixin, ReadOnlyAdminMixin
from shisaku.lib.era import format_fy

from .models import (
    Cycle,
    EvaluationItem,
    Indicator,
    IndicatorValue,
    ProcurementPage,
    Sheet,
    SheetChange,
)


class ReadOnlyAdmin(ReadOnlyAdminMixin, DomainAdmin):
    """Sheets and values are written through the sheet screens, which keep the history."""


@admin.register(Cycle)
class CycleAdmin(PublishedYearLockMixin, DomainAdmin):
    """Dates and rating bands of a cycle. A cycle is started by 年度サイクルを開始 (which
    creates its sheets) and moves only through the workflow (which checks the gate to 確定
    and publishes the sheets), so its year and status are never typed here."""

    cycle_field = None
    list_display = ["year", "status", "sheet_due", "response_due", "published_on"]
    fields = ["year", "status", "sheet_due", "response_due", "published_on",
              "verify_procurement", "procurement_reason", "achieved_min", "mostly_min"]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["year", "status"]
        if obj is not None and obj.status in (Cycle.Status.SETTLED, Cycle.Status.PUBLISHED):
            # The selection of what is verified is locked once the cycle is settled.
            readonly += ["verify_procurement", "procurement_reason"]
        return readonly

    @admin.display(description=_("年度"), ordering="fiscal_year")
    def year(self, obj):
        return format_fy(obj.fiscal_year)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ValueInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(DomainAdmin):
    list_display = ["name", "project", "unit", "kind", "direction"]
    list_filter = ["kind", "direction"]
    search_fields = ["name", "project__name"]
    autocomplete_fields = ["project", "previous"]
    inlines = [ValueInline]
    # What a published sheet printed about the indicator; later years may still retire it,
    # reorder it or link its predecessor.
    PUBLISHED_FIELDS = ["project", "name", "unit", "kind", "direction", "measure"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.values.filter(
                fiscal_year__in=Cycle.objects.published().values("fiscal_year")).exists():
            return self.PUBLISHED_FIELDS
        return []


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "fiscal_year", "target", "actual", "actual_status"]
    list_filter = ["fiscal_year", "actual_status"]


@admin.register(Sheet)
class SheetAdmin(ReadOnlyAdmin):
    list_display = ["project", "cycle", "revision", "state", "verified", "updated_at"]
    list_filter = ["cycle", "state", "verified"]
    search_fields = ["project__name"]


@admin.register(SheetChange)
class SheetChangeAdmin(ReadOnlyAdmin):
    """The history is written by the application only, never edited."""

    list_display = ["at", "sheet", "field", "user"]
    list_filter = ["at"]


@admin.register(ProcurementPage)
class ProcurementPageAdmin(ReadOnlyAdmin):
    """The art. 19 page is written through its form (sheets/procurement.py keeps the lock of
    a published year, the version and the audit trail)."""

    list_display = ["cycle"]


@admin.register(EvaluationItem)
class EvaluationItemAdmin(ReadOnlyAdmin):
    list_display = ["page", "name", "points"]
