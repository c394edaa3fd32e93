from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shisaku.accounts.access import (
    ALL_ROLES,
    can_edit_project_description,
    can_manage_plan,
    readable_sheets,
    require,
    role_required,
)
from shisaku.accounts.models import Role
from shisaku.city.models import Section
from shisaku.core.concurrency import versioned_form_page
from shisaku.core.pages import form_page
from shisaku.core.query import int_param
from shisaku.ordinance.models import Article

from . import services
from .forms import (
    LineageEventForm,
    PlacementForm,
    ProjectDescriptionForm,
    ProjectFilterForm,
    ProjectForm,
)
from .lineage import chain
from .models import Placement, Project


@role_required(*ALL_ROLES)
def project_list(request):
    projects = Project.objects.select_related("section").prefetch_related(
        "articles", "placements__node__program"
    )
    form = ProjectFilterForm(request.GET or None)
    if form.is_valid():
        if form.cleaned_data["q"]:
            projects = projects.filter(name__icontains=form.cleaned_data["q"])
        if form.cleaned_data["article"]:
            projects = projects.filter(articles__number=form.cleaned_data["article"])
        if form.cleaned_data["section"]:
            projects = projects.filter(section_id=form.cleaned_data["section"])
    return render(request, "projects/list.html", {
        "projects": projects.distinct(),
        "form": form,
        "articles": Article.objects.measures(),
        "sections": Section.objects.select_related("bureau"),
    })


@role_required(*ALL_ROLES)
def project_detail(request, pk):
    project = get_object_or_404(
        Project.objects.select_related("section__bureau").prefetch_related("articles"), pk=pk
    )
    placements = project.placements.select_related("node__program", "node__level").order_by(
        "node__program__ordinal"
    )
    back, forward = chain(project)
    return render(request, "projects/detail.html", {
        "project": project,
        "placements": [(p, p.node.ancestors()) for p in placements],
        "sheets": _readable_sheets(request.user, project),
        "back": back,
        "forward": forward,
        "can_manage": can_manage_plan(request.user),
        "can_describe": can_edit_project_description(request.user, project),
    })


def _readable_sheets(user, project) -> list:
    """Each year's sheet this user may read: the current revision, or, while a correction is
    being written that they may not read, the published revision it corrects."""
    sheets = readable_sheets(user, project.sheets.select_related("cycle")).order_by(
        "-cycle__fiscal_year", "-revision")
    latest: dict[int, object] = {}
    for sheet in sheets:
        latest.setdefault(sheet.cycle_id, sheet)
    return list(latest.values())


@role_required(Role.PLANNING_ADMIN)
def project_edit(request, pk=None):
    project = get_object_or_404(Project, pk=pk) if pk else None
    form = ProjectForm(request.POST or None, instance=project)

    def save(form):
        obj = services.save_project(project, request.user,
                                    expected_version=form.opened_version(), **form.values())
        messages.success(request, _("「%(name)s」を保存しました。") % {"name": obj.name})
        return reverse("projects:detail", args=[obj.pk])

    heading = _("事務事業の編集") if project else _("事務事業の追加")
    cancel = reverse("projects:detail", args=[pk]) if pk else reverse("projects:list")
    return versioned_form_page(request, form, heading, cancel, save,
                               conflict_fields=["name", "group", "description"])


@role_required(Role.PLANNING_ADMIN, Role.SECTION_EDITOR)
def project_describe(request, pk):
    project = get_object_or_404(Project, pk=pk)
    require(can_edit_project_description(request.user, project))
    form = ProjectDescriptionForm(request.POST or None, instance=project)

    def save(form):
        services.describe_project(project, request.user,
                                  description=form.cleaned_data["description"],
                                  expected_version=form.opened_version())
        messages.success(request, _("事業概要を保存しました。"))
        return reverse("projects:detail", args=[pk])

    heading = _("「%(name)s」の事業概要") % {"name": project.name}
    return versioned_form_page(request, form, heading, reverse("projects:detail", args=[pk]),
                               save, conflict_fields=["description"])


@role_required(Role.PLANNING_ADMIN)
def placement_create(request, pk):
    project = get_object_or_404(Project, pk=pk)
    form = PlacementForm(request.POST or None, instance=Placement(project=project))

    def save(form):
        form.save()
        messages.success(request, _("体系上の位置付けを追加しました。"))
        return reverse("projects:detail", args=[pk])

    heading = _("「%(name)s」の体系上の位置付けを追加") % {"name": project.name}
    return form_page(request, form, heading, reverse("projects:detail", args=[pk]), save)


@role_required(Role.PLANNING_ADMIN)
@require_POST
def placement_delete(request, pk, placement_pk):
    placement = get_object_or_404(Placement.objects.select_related("node__program"),
                                  pk=placement_pk, project_id=pk)
    if placement.node.program.is_final:
        messages.error(request, _("%(name)sは策定済みのため、体系と位置付けは変更できません。")
                       % {"name": placement.node.program.name})
        return redirect("projects:detail", pk=pk)
    placement.delete()
    messages.success(request, _("体系上の位置付けを削除しました。"))
    return redirect("projects:detail", pk=pk)


@role_required(Role.PLANNING_ADMIN)
def lineage_create(request):
    initial = {}
    if (source := int_param(request, "from")) is not None:  # ?from=abc is ignored
        initial["predecessors"] = Project.objects.filter(pk=source)
    form = LineageEventForm(request.POST or None, initial=initial)

    def save(form):
        event = form.save()
        messages.success(request, _("事業の変遷を登録しました。"))
        first = event.successors.first() or event.predecessors.first()
        return reverse("projects:detail", args=[first.pk])

    return form_page(request, form, _("事業の変遷を登録"), reverse("projects:list"), save)
