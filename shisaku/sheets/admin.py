from django.contrib import admin

from .models import Cycle, Indicator, IndicatorValue, Sheet, SheetChange


class ReadOnlyAdmin(admin.ModelAdmin):
    """Sheets and values are written through the sheet screens, which keep the history."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["fiscal_year", "status", "sheet_due", "response_due", "published_on"]


class ValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
class SheetChangeAdmin(admin.ModelAdmin):
    list_display = ["at", "sheet", "field", "user"]
    list_filter = ["at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
