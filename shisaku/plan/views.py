from django.contrib import messages
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shisaku.accounts.access import ALL_ROLES, role_required
from shisaku.accounts.models import Role
from shisaku.core.concurrency import versioned_form_page
from shisaku.core.query import int_param
from shisaku.lib.era import fiscal_year_of

from . import services
from .forms import NodeEditForm, PlanForm, ProgramChoiceForm, ProgramForm
from .models import Node, Plan, Program
from .tree import build_tree, placement_counts

#: A program placing more projects than this shows one root item's branch at a time
#: (?item=<pk>), the table of contents and the counts covering the whole program; each item
#: of the branch then lists its first NODE_PROJECTS projects, and all of them once chosen
#: (?node=<pk>).
TREE_PLACEMENTS = 300
NODE_PROJECTS = 25


@role_required(*ALL_ROLES)
def tree(request):
    programs = Program.objects.select_related("plan")
    chooser = ProgramChoiceForm(request.GET or None)
    if chooser.is_valid():
        program = chooser.cleaned_data["program"]
    else:
        # Default to the program in force this fiscal year, else the newest one.
        this_fy = fiscal_year_of(timezone.localdate())
        program = programs.covering(this_fy).first() or programs.order_by("-ordinal").first()
        chooser = ProgramChoiceForm(initial={"program": program.ordinal if program else None})
    context = {"chooser": chooser, "programs": programs, "program": program}
    if program is not None:
        counts = placement_counts(program)
        item, node = int_param(request, "item"), int_param(request, "node")
        paged = sum(counts.values()) > TREE_PLACEMENTS or item is not None or node is not None
        context["tree"] = build_tree(program, root=(item or 0) if paged else None,
                                     counts=counts, per_node=NODE_PROJECTS if paged else None,
                                     whole=node if paged else None)
        context["plan"] = program.plan
        context["vision_states"] = program.plan.vision_states.all()
    return render(request, "plan/tree.html", context)


def _saving(request, service, instance, message: str):
    """on_valid for the form page: save through the plan service, say so, go to the tree."""

    def save(form):
        obj = service(instance, request.user, expected_version=form.opened_version(),
                      **form.values())
        messages.success(request, message % {"name": obj})
        return reverse("plan:tree")

    return save


@role_required(Role.PLANNING_ADMIN)
def plan_edit(request, pk=None):
    plan = get_object_or_404(Plan, pk=pk) if pk else None
    form = PlanForm(request.POST or None, instance=plan)
    return versioned_form_page(
        request, form, _("計画の編集") if plan else _("計画の追加"), reverse("plan:tree"),
        _saving(request, services.save_plan, plan, _("「%(name)s」を保存しました。")),
        conflict_fields=["name", "purpose", "position", "vision", "vision_note"])


@role_required(Role.PLANNING_ADMIN)
def program_edit(request, pk=None):
    program = get_object_or_404(Program, pk=pk) if pk else None
    form = ProgramForm(request.POST or None, instance=program)
    return versioned_form_page(
        request, form, _("実行プログラムの編集") if program else _("実行プログラムの追加"),
        reverse("plan:tree"),
        _saving(request, services.save_program, program, _("%(name)sを保存しました。")),
        conflict_fields=["comprehensive_plan_period", "description"])


@role_required(Role.PLANNING_ADMIN)
def node_edit(request, pk=None):
    node = get_object_or_404(Node, pk=pk) if pk else None
    program = None
    if node is None:
        program = Program.objects.filter(ordinal=int_param(request, "program") or 0).first()
    form = NodeEditForm(request.POST or None, instance=node, program=program)
    return versioned_form_page(
        request, form, _("体系項目の編集") if node else _("体系項目の追加"), reverse("plan:tree"),
        _saving(request, services.save_node, node, _("「%(name)s」を保存しました。")),
        conflict_fields=["code", "title", "description"])
