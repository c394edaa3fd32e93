from django.contrib import admin

from shisaku.core.admin import DomainAdmin, ReadOnlyAdminMixin

from .forms import NodeForm
from .models import Level, Milestone, Node, Plan, Program, ProjectMapping, VisionState


class VisionStateInline(admin.TabularInline):
    model = VisionState
    extra = 0


class ProgramInline(admin.TabularInline):
    model = Program
    extra = 0
    fields = ["ordinal", "first_fy", "last_fy", "comprehensive_plan_period"]
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(DomainAdmin):
    list_display = ["name", "first_fy", "last_fy"]
    inlines = [VisionStateInline, ProgramInline]


@admin.register(VisionState)
class VisionStateAdmin(DomainAdmin):
    list_display = ["plan", "order", "text"]


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0


@admin.register(Program)
class ProgramAdmin(DomainAdmin):
    list_display = ["name", "plan", "first_fy", "last_fy", "comprehensive_plan_period", "stage"]
    readonly_fields = ["stage", "adopted_on"]
    inlines = [LevelInline]


@admin.register(Level)
class LevelAdmin(DomainAdmin):
    list_display = ["program", "order", "name", "in_tree"]
    list_filter = ["program"]


@admin.register(Node)
class NodeAdmin(DomainAdmin):
    form = NodeForm
    list_display = ["code", "title", "level", "program", "other_bureau"]
    list_filter = ["program", "level__name", "other_bureau"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["informs"]

    def has_delete_permission(self, request, obj=None):
        # A program adopted through drafting.services keeps its hierarchy (Node.clean refuses edits).
        final = obj is not None and obj.program.is_final
        return super().has_delete_permission(request, obj) and not final


# The program turn is written through drafting.services only (stages, schedule, mapping).
@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdminMixin, DomainAdmin):
    list_display = ["program", "order", "title", "starts_on", "ends_on", "reported_to"]
    list_filter = ["program"]


@admin.register(ProjectMapping)
class ProjectMappingAdmin(ReadOnlyAdminMixin, DomainAdmin):
    list_display = ["program", "project", "kind", "node", "new_name", "merge_into"]
    list_filter = ["program", "kind"]
