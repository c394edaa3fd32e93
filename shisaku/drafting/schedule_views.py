"""The schedule's screens (planning division): add, change and remove a milestone of a draft
program. Every write goes through drafting.schedule."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shisaku.accounts.access import role_required
from shisaku.accounts.models import Role
from shisaku.core.concurrency import EditConflict, VersionedForm, versioned_form_page
from shisaku.plan.models import Milestone, Program

from . import schedule
from .forms import MilestoneForm
from .views import tell_refusal

PLANNING = Role.PLANNING_ADMIN


def _page(request, program: Program, milestone: Milestone | None):
    form = MilestoneForm(request.POST or None, program=program, milestone=milestone)

    def save(form):
        schedule.save_milestone(milestone, request.user, program=program,
                                expected_version=form.opened_version(), **form.values())
        messages.success(request, _("策定スケジュールを保存しました。"))
        return reverse("drafting:draft", args=[program.pk])

    heading = (_("%(name)sの策定スケジュールの追加") if milestone is None
               else _("%(name)sの策定スケジュールの変更")) % {"name": program.name}
    return versioned_form_page(request, form, heading,
                               reverse("drafting:draft", args=[program.pk]), save)


@role_required(PLANNING)
def milestone_add(request, pk):
    return _page(request, get_object_or_404(Program, pk=pk), None)


@role_required(PLANNING)
def milestone_edit(request, pk):
    milestone = get_object_or_404(Milestone.objects.select_related("program"), pk=pk)
    return _page(request, milestone.program, milestone)


@role_required(PLANNING)
@require_POST
def milestone_delete(request, pk):
    milestone = get_object_or_404(Milestone.objects.select_related("program"), pk=pk)
    form = VersionedForm(request.POST)
    form.init_version(milestone.program)
    if not form.is_valid():
        messages.error(request, _("画面が古くなっています。開き直してから操作してください。"))
        return redirect("drafting:draft", pk=milestone.program_id)
    try:
        schedule.delete_milestone(milestone, request.user, expected_version=form.opened_version())
    except (EditConflict, ValidationError) as exc:
        tell_refusal(request, exc)
    else:
        messages.success(request, _("「%(title)s」を策定スケジュールから削除しました。")
                         % {"title": milestone.title})
    return redirect("drafting:draft", pk=milestone.program_id)
