"""Planning division: start a fiscal-year cycle, set its dates, move its status, delete it.

Starting a cycle, moving it and deleting it cannot be taken back lightly: each goes
through a confirmation page (GET or a first POST shows what will happen; only a POST
with `confirm` acts). Publication has its own confirmation page in the reports app.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from shisaku.accounts.access import role_required
from shisaku.accounts.models import Role
from shisaku.lib.era import format_fy

from ..confirm import move_effects, start_summary
from ..cycle import (
    MAX_LISTED,
    delete_cycle,
    deletion_plan,
    move_cycle,
    settle_blockers,
    start_cycle,
    update_settings,
)
from ..forms import CycleEditForm, CycleStartForm
from ..models import Cycle

# What each step means, shown on its confirmation page.
STEP_NOTES = {
    Cycle.Status.ENTERING: _("所管課が事業シートを入力できるようになります。"),
    Cycle.Status.VERIFYING: _("協議会委員と企画課が検証意見を記入できるようになります。"),
    Cycle.Status.SETTLED: _("検証意見の記入を締め切り、検証結果を確定します。確定後は検証意見を追加・変更"
                            "できません（「検証中」に戻すことはできます）。この後、報告書を公表できます。"),
}


def _confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get("confirm") == "1"


@role_required(Role.PLANNING_ADMIN)
def cycle_start(request):
    form = CycleStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and "edit" not in request.POST:
        data = form.cleaned_data
        fy = data["fiscal_year"]
        summary = start_summary(fy)
        # An unusual year (not this or next FY, or before the last cycle) must be ticked.
        acknowledged = not summary.warnings or request.POST.get("acknowledge") == "1"
        if _confirmed(request) and acknowledged:
            try:
                cycle = start_cycle(
                    fy, request.user, sheet_due=data["sheet_due"],
                    response_due=data["response_due"], achieved_min=data["achieved_min"],
                    mostly_min=data["mostly_min"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("%(cycle)sを開始し、シートを%(n)s件作成しました。") % {
                    "cycle": cycle, "n": cycle.sheets.count()})
                return redirect("sheets:dashboard", fy=cycle.fiscal_year)
        elif Cycle.objects.filter(fiscal_year=fy).exists():
            form.add_error("fiscal_year", _("%(fy)sのサイクルは既にあります。") % {
                "fy": format_fy(fy)})
        if not form.errors:
            return render(request, "sheets/cycle_start_confirm.html", {
                "form": form, "fy": fy, "data": data, "summary": summary,
                "typed": form.data.get("fiscal_year", ""),
                "unacknowledged": _confirmed(request) and not acknowledged,
            }, status=400 if _confirmed(request) else 200)
    return render(request, "form.html", {"form": form, "heading": _("年度サイクルを開始"),
                                         "cancel_url": reverse("sheets:cycles")})


@role_required(Role.PLANNING_ADMIN)
def cycle_edit(request, fy):
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    form = CycleEditForm(request.POST or None, instance=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            update_settings(cycle, request.user, **{
                name: form.cleaned_data[name] for name in CycleEditForm.Meta.fields})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(cycle)sを保存しました。") % {"cycle": cycle})
            return redirect("sheets:dashboard", fy=fy)
    return render(request, "sheets/cycle_edit.html", {
        "form": form, "heading": str(cycle), "cycle": cycle,
        "cancel_url": reverse("sheets:dashboard", args=[fy])})


@role_required(Role.PLANNING_ADMIN)
def cycle_move(request, fy):
    """GET ?status=…: what the step means and what blocks it; POST with confirm: do it."""
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    status = request.POST.get("status") or request.GET.get("status", "")
    if status == Cycle.Status.PUBLISHED:
        # Publication generates and freezes the documents: its own confirmation page.
        return redirect("reports:publish", fy=fy)
    if status not in Cycle.Status.values or not cycle.can_move_to(status):
        messages.error(request, _("「%(from)s」からその状態には進めません。") % {
            "from": cycle.get_status_display()})
        return redirect("sheets:dashboard", fy=fy)
    target = Cycle.Status(status)
    errors: list[str] = []
    if _confirmed(request):
        try:
            cycle = move_cycle(cycle, status, request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("%(cycle)sに進めました。") % {"cycle": cycle})
            return redirect("sheets:dashboard", fy=fy)
    blockers = settle_blockers(cycle, MAX_LISTED) if target == Cycle.Status.SETTLED else []
    failed = bool(errors)
    if blockers:  # the refusal repeats the blockers: listed once, one per line
        errors = []
    return render(request, "sheets/cycle_move_confirm.html", {
        "cycle": cycle, "target": target, "note": STEP_NOTES.get(target, ""),
        "effects": move_effects(cycle, target), "blockers": blockers, "errors": errors,
    }, status=400 if failed else 200)


@role_required(Role.PLANNING_ADMIN)
def cycle_delete(request, fy):
    """GET: everything that goes with the cycle; POST with confirm: delete it all."""
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    errors: list[str] = []
    if _confirmed(request):
        try:
            delete_cycle(cycle, request.user)
        except PermissionDenied:
            raise
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("%(fy)sの年度サイクルを削除しました。") % {
                "fy": format_fy(fy)})
            return redirect("sheets:cycles")
    plan = deletion_plan(cycle)
    return render(request, "sheets/cycle_delete.html", {
        "cycle": cycle, "plan": plan, "counts": [(label, n) for label, n in plan.counts() if n],
        "errors": errors or plan.refusals,
    }, status=400 if errors else 200)
