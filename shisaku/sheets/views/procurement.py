"""Planning division: the art. 19 page of a year (受注機会の増大等)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from shisaku.accounts.access import role_required
from shisaku.accounts.models import Role

from ..models import Cycle, ProcurementPage
from ..procurement import PageConflict, page_of, save_procurement_page
from ..procurement_forms import ProcurementPageForm


@role_required(Role.PLANNING_ADMIN)
def procurement_edit(request, fy):
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    page = page_of(cycle) or ProcurementPage(cycle=cycle)
    items = list(page.evaluation_items.order_by("order")) if page.pk else []
    form = ProcurementPageForm(request.POST or None, instance=page, items=items)
    theirs = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            save_procurement_page(
                cycle, request.user, version=data["version"], evaluation=data["evaluation"],
                **{name: data[name] for name in ProcurementPageForm.Meta.fields})
        except PageConflict as exc:
            form.add_error(None, exc)
            stored = page_of(cycle)
            theirs = [(str(ProcurementPage._meta.get_field(name).verbose_name),
                       getattr(stored, name)) for name in ProcurementPageForm.Meta.fields
                      if stored is not None and getattr(stored, name) != data[name]]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("第19条の頁を保存しました。"))
            return redirect("sheets:procurement_edit", fy=fy)
    return render(request, "sheets/procurement_edit.html", {
        "form": form, "cycle": cycle, "theirs": theirs,
        "heading": _("%(cycle)s 第19条 受注機会の増大等") % {"cycle": cycle},
        "cancel_url": reverse("sheets:dashboard", args=[fy])})
