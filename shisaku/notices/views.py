"""Notices (list, mark read), the e-mail preference, and the planning division's schedule."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from shisaku.accounts.access import role_required
from shisaku.accounts.models import Role
from shisaku.city.models import Section
from shisaku.lib.era import format_fy
from shisaku.sheets.models import Cycle

from . import schedule, services
from .forms import PreferenceForm, ScheduleForm
from .models import Notification, Preference

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def notice_list(request):
    """GET: the user's notices, newest first; POST `read` (an id) or `all`: mark read."""
    if request.method == "POST":
        if "all" in request.POST:
            services.mark_all_read(request.user)
        else:
            value = request.POST.get("read", "")
            if value.isascii() and value.isdigit() and len(value) < 12:
                services.mark_read(request.user, int(value))
        return redirect("notices:list")
    rows = Notification.objects.filter(user=request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notices/list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    stored = Preference.objects.filter(user=request.user).first()
    form = PreferenceForm(request.POST if request.method == "POST" else None,
                          initial={"email": stored.email if stored else True})
    if request.method == "POST" and form.is_valid():
        services.set_email(request.user, form.cleaned_data["email"])
        messages.success(request, _("お知らせの設定を保存しました。"))
        return redirect("notices:preferences")
    return render(request, "notices/preferences.html", {"form": form})


@role_required(Role.PLANNING_ADMIN)
@require_http_methods(["GET", "POST"])
def schedule_edit(request, fy):
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    sections = Section.objects.order_by("order", "pk")
    form = ScheduleForm(request.POST if request.method == "POST" else None,
                        schedule=schedule.load(cycle), sections=sections)
    if request.method == "POST" and form.is_valid():
        try:
            schedule.update_schedule(cycle, request.user, dates=form.dates(),
                                     section_dates=form.section_dates())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(fy)sの予定を保存しました。") % {
                "fy": format_fy(cycle.fiscal_year)})
            return redirect("notices:schedule", fy=cycle.fiscal_year)
    return render(request, "notices/schedule.html", {
        "cycle": cycle, "form": form, "frozen": cycle.is_published})
