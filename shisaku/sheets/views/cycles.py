"""Planning division: start a fiscal-year cycle, set its dates, move its status."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shisaku.accounts.access import role_required
from shisaku.accounts.models import Role

from ..cycle import move_cycle, start_cycle
from ..forms import CycleEditForm, CycleStartForm
from ..models import Cycle


@role_required(Role.PLANNING_ADMIN)
def cycle_start(request):
    form = CycleStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle = start_cycle(
                data["fiscal_year"], request.user, sheet_due=data["sheet_due"],
                response_due=data["response_due"], achieved_min=data["achieved_min"],
                mostly_min=data["mostly_min"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(cycle)sを開始し、シートを%(n)s件作成しました。") % {
                "cycle": cycle, "n": cycle.sheets.count()})
            return redirect("sheets:dashboard", fy=cycle.fiscal_year)
    return render(request, "form.html", {"form": form, "heading": _("年度サイクルを開始"),
                                         "cancel_url": "/sheets/cycles/"})


@role_required(Role.PLANNING_ADMIN)
def cycle_edit(request, fy):
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    form = CycleEditForm(request.POST or None, instance=cycle)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("%(cycle)sを保存しました。") % {"cycle": cycle})
        return redirect("sheets:dashboard", fy=fy)
    return render(request, "form.html", {"form": form, "heading": str(cycle),
                                         "cancel_url": f"/sheets/fy/{fy}/"})


@role_required(Role.PLANNING_ADMIN)
@require_POST
def cycle_move(request, fy):
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    try:
        cycle = move_cycle(cycle, request.POST.get("status", ""), request.user)
    except (ValidationError, ValueError) as exc:
        messages.error(request, "、".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("%(cycle)sに進めました。") % {"cycle": cycle})
    return redirect("sheets:dashboard", fy=fy)
