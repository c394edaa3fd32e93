from django.contrib import admin

from shisaku.core.admin import DomainAdmin

from .models import Bureau, CitySettings, Section


@admin.register(CitySettings)
class CitySettingsAdmin(DomainAdmin):
    list_display = ["city_name", "bureau_name", "planning_division", "phone"]


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Bureau)
class BureauAdmin(DomainAdmin):
    list_display = ["name", "order"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(DomainAdmin):
    list_display = ["name", "department", "bureau", "order"]
    list_filter = ["bureau"]
    search_fields = ["name", "department"]
