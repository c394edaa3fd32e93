from django.contrib import admin

from shisaku.core.admin import ReadOnlyAdminMixin

from .models import Cycle, Indicator, IndicatorValue, Sheet, SheetChange


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Sheets and values are written through the sheet screens, which keep the history."""


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["fiscal_year", "status", "sheet_due", "response_due", "published_on"]


class ValueInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "unit", "kind", "direction"]
    list_filter = ["kind", "direction"]
    search_fields = ["name", "project__name"]
    autocomplete_fields = ["project", "previous"]
    inlines = [ValueInline]


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
