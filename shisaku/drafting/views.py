"""Screens of the program turn (planning division): the drafts, starting program N+1, the
draft page with its stage and schedule, the mapping table and the side-by-side comparison."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shisaku.accounts.access import role_required
from shisaku.accounts.models import Role
from shisaku.core.concurrency import EditConflict, versioned_form_page
from shisaku.lib.era import fiscal_year_of
from shisaku.lib.svg import inline_svg
from shisaku.plan.models import Level, Node, Program
from shisaku.reports import schedule_chart as timeline

from . import services as drafting
from .forms import MappingForm, StageForm, StartProgramForm

PLANNING = Role.PLANNING_ADMIN


@role_required(PLANNING)
def drafts(request):
    programs = list(Program.objects.select_related("plan").annotate(
        has_nodes=Exists(Node.objects.filter(program=OuterRef("pk"))),
        has_levels=Exists(Level.objects.filter(program=OuterRef("pk")))).order_by("ordinal"))
    ordinals = {p.ordinal: p for p in programs}
    current_fy = fiscal_year_of(timezone.localdate())
    rows = []
    for program in programs:
        following = ordinals.get(program.ordinal + 1)
        # The next program is drafted from one that has begun or has its hierarchy (not from
        # an empty placeholder of later years), when the next has no hierarchy of its own yet.
        started = program.first_fy <= current_fy or program.has_nodes
        can_start = not program.is_draft and started and (
            following is None or not (following.has_levels or following.has_nodes))
        rows.append((program, can_start))
    return render(request, "drafting/drafts.html", {"rows": rows})


@role_required(PLANNING)
def start(request, pk):
    previous = get_object_or_404(Program, pk=pk)
    form = StartProgramForm(request.POST or None,
                            initial={"levels": drafting.levels_text(previous)})

    def save(form):
        data = form.cleaned_data
        program = drafting.start_next_program(
            previous, request.user, levels=drafting.parse_levels(data["levels"]),
            last_fy=data["last_fy"], comprehensive_plan_period=data["comprehensive_plan_period"])
        messages.success(request, _("%(name)sの策定を始めました。") % {"name": program.name})
        return reverse("drafting:draft", args=[program.pk])

    heading = _("%(name)sの次期を起こす") % {"name": previous.name}
    return versioned_form_page(request, form, heading, reverse("drafting:drafts"), save)



def tell_refusal(request, exc: EditConflict | ValidationError) -> None:
    """A version conflict or a rule's refusal, as messages on the page the user is sent back to."""
    for message in [exc.message] if isinstance(exc, EditConflict) else exc.messages:
        messages.error(request, message)

def _level_counts(program) -> list[tuple[str, int]]:
    counts = dict(program.nodes.values_list("level_id").annotate(n=Count("pk")))
    return [(level.name, counts.get(level.pk, 0)) for level in program.levels.all()]


@role_required(PLANNING)
def draft(request, pk):
    program = get_object_or_404(Program.objects.select_related("plan"), pk=pk)
    following = drafting.next_stage(program) if program.is_draft else None
    back = drafting.previous_stage(program)
    return render(request, "drafting/draft.html", {
        "program": program, "previous": program.previous(), "level_counts": _level_counts(program),
        "levels": program.levels.all(), "milestones": program.milestones.all(),
        "next_stage": following, "back_stage": back,
        "next_label": Program.Stage(following).label if following else "",
        "back_label": Program.Stage(back).label if back else "",
        "stages": Program.Stage.choices,
        "timeline": mark_safe(inline_svg(timeline.timeline_chart(
            program, today=timezone.localdate()))) if program.milestones.exists() else "",
    })


@role_required(PLANNING)
@require_POST
def move_stage(request, pk):
    program = get_object_or_404(Program, pk=pk)
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("段階を選び直してください。"))
        return redirect("drafting:draft", pk=pk)
    try:
        moved = drafting.move_stage(program, request.user, to=form.cleaned_data["to"],
                                    expected_version=form.opened_version())
    except (EditConflict, ValidationError) as exc:
        tell_refusal(request, exc)
    else:
        messages.success(request, _("%(name)sを「%(stage)s」の段階にしました。")
                         % {"name": moved.name, "stage": moved.get_stage_display()})
    return redirect("drafting:draft", pk=pk)


def _initial(program, previous, projects, nodes):
    """The saved table, or for a project not yet mapped the suggested node."""
    saved = {m.project_id: m for m in program.mappings.all() if m.project_id}
    titles = drafting.previous_titles(previous)
    rows = {}
    for project in projects:
        mapping = saved.get(project.pk)
        if mapping is not None:
            rows[project.pk] = {"kind": mapping.kind, "node": str(mapping.node_id or ""),
                                "new_name": mapping.new_name,
                                "merge_into": str(mapping.merge_into_id or "")}
        else:
            node = drafting.suggest(project, nodes, titles.get(project.pk, []))
            rows[project.pk] = {"node": str(node.pk) if node else ""}
    new_rows = [{"new_name": m.new_name, "node": str(m.node_id or "")}
                for m in program.mappings.all() if not m.project_id]
    return rows, new_rows, titles


@role_required(PLANNING)
def mapping(request, pk):
    program = get_object_or_404(Program.objects.select_related("plan"), pk=pk)
    previous = program.previous()
    if previous is None:
        messages.error(request, _("%(name)sには前期がないため、移行はありません。")
                       % {"name": program.name})
        return redirect("drafting:draft", pk=pk)
    projects = drafting.projects_to_map(previous)
    nodes = drafting.leaf_nodes(program)
    rows, new_rows, titles = _initial(program, previous, projects, nodes)
    form = MappingForm(request.POST or None, projects=projects, nodes=nodes,
                       initial_rows=rows, new_rows=new_rows, titles=titles)
    form.init_version(program)

    def save(form):
        drafting.save_mappings(program, request.user, form.rows(),
                               expected_version=form.opened_version())
        messages.success(request, _("移行を保存しました。"))
        return reverse("drafting:mapping", args=[pk])

    if request.method == "POST" and not program.is_draft:
        messages.error(request, _("%(name)sは策定済みです。変更できません。") % {"name": program.name})
        return redirect("drafting:mapping", pk=pk)
    heading = _("%(name)sへの事務事業の移行") % {"name": program.name}
    return versioned_form_page(
        request, form, heading, reverse("drafting:draft", args=[pk]), save,
        template="drafting/mapping.html",
        extra={"program": program, "previous": previous})


@role_required(PLANNING)
def compare(request, pk):
    program = get_object_or_404(Program.objects.select_related("plan"), pk=pk)
    previous = program.previous()
    comparison = drafting.compare(program)
    sides = [(program.name, comparison.new)]
    if previous is not None:
        sides.insert(0, (previous.name, comparison.old))
    return render(request, "drafting/compare.html", {
        "program": program, "previous": previous, "comparison": comparison, "sides": sides})


REVIEW_FORMATS = {"pdf": "application/pdf", "html": "text/html; charset=utf-8",
                  "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@role_required(PLANNING)
def review(request, pk, fmt):
    """The program review (results along the hierarchy) as PDF, Word or HTML."""
    if fmt not in REVIEW_FORMATS:
        raise Http404
    program = get_object_or_404(Program.objects.select_related("plan"), pk=pk)
    from shisaku.reports.content.program_review import render_program_review
    from shisaku.reports.html_render import style_hashes

    data, _doc = render_program_review(program, fmt)
    response = HttpResponse(data, content_type=REVIEW_FORMATS[fmt])
    disposition = "attachment" if fmt == "docx" else "inline"
    response["Content-Disposition"] = (
        f'{disposition}; filename="shisaku-program{program.ordinal}-review.{fmt}"')
    if fmt == "html":  # the standalone document's own stylesheet, allowed by its hash only
        response._csp_update = {"style-src": style_hashes(data)}
    return response
