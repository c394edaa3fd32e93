"""The audit trail for the planning division: who changed what, when, before and after."""

from django.core.paginator import Paginator
from django.shortcuts import render

from shisaku.accounts.access import role_required
from shisaku.accounts.models import Role

from . import display, queries
from .forms import AuditSearchForm

PAGE_SIZE = 50


@role_required(Role.PLANNING_ADMIN)
def log(request):
    form = AuditSearchForm(request.GET or None)
    filters = queries.Filters()
    if form.is_valid():
        filters = queries.Filters(**{k: v or ("" if k not in ("since", "until") else None)
                                     for k, v in form.cleaned_data.items()})
    page = Paginator(queries.search(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    entries = list(page.object_list)
    changes = display.describe(entries)
    rows = [{
        "entry": entry,
        "action": display.action_label(entry),
        "actor": display.actor_label(entry),
        "actor_key": entry.actor.get_username() if entry.actor else
        (entry.additional_data or {}).get("username", ""),
        "model_key": f"{entry.content_type.app_label}.{entry.content_type.model}",
        "path": display.path_label(entry),
        "record": display.record_label(entry),
        "changes": changes.get(entry.pk, []),
    } for entry in entries]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/log.html", {
        "form": form, "page": page, "rows": rows, "query": query.urlencode(),
    })
