from django.contrib import admin

from shisaku.core.admin import DomainAdmin

from .forms import LineageEventForm
from .models import LineageEvent, Placement, Project


class PlacementInline(admin.TabularInline):
    model = Placement
    extra = 0
    autocomplete_fields = ["node"]


@admin.register(Project)
class ProjectAdmin(DomainAdmin):
    list_display = ["name", "group", "position", "section", "first_fy", "last_fy"]
    list_filter = ["section", "articles", "group"]
    search_fields = ["name", "group"]
    filter_horizontal = ["articles"]
    inlines = [PlacementInline]


@admin.register(Placement)
class PlacementAdmin(DomainAdmin):
    list_display = ["project", "node"]
    list_filter = ["node__program"]
    autocomplete_fields = ["project", "node"]


@admin.register(LineageEvent)
class LineageEventAdmin(DomainAdmin):
    form = LineageEventForm
    list_display = ["__str__", "kind", "effective_fy", "note"]
    list_filter = ["kind", "effective_fy"]
    filter_horizontal = ["predecessors", "successors"]
