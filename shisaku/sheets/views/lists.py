"""Lists of sheets: a section's "my sheets" and the planning dashboard of one FY."""

from collections import Counter, defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shisaku.accounts.access import ALL_ROLES, role_required
from shisaku.accounts.models import Role

from ..bulk import BulkConflict, chosen_sheet_ids, execute_bulk, plan_bulk
from ..models import Cycle, Sheet
from ..progress import group_sheets, progress_rows, year_counts, year_sections
from ..queries import sheets_for_listing
from ..years import final_years


@role_required(Role.SECTION_EDITOR, Role.PLANNING_ADMIN)
def my_sheets(request):
    user = request.user
    sheets = sheets_for_listing().exclude(cycle__status=Cycle.Status.PUBLISHED)
    if not user.is_planning_admin:
        sheets = sheets.for_sections(user.sections.all())
    finals = final_years()
    rows = []
    one_cycle: dict[int, Cycle] = {}  # the sheets of a year share one Cycle instance
    for sheet in sheets.order_by("-cycle__fiscal_year", "project__group", "project__position",
                                 "project__name"):
        sheet.cycle = one_cycle.setdefault(sheet.cycle_id, sheet.cycle)
        indicators = sheet.project.listed_indicators
        rows.append({"sheet": sheet, "missing": sheet.missing_parts(
            indicators, sheet.cycle.fiscal_year in finals)})
    # Each year's deadlines in one query, for the page's due marks ({% due_mark %}).
    prefetch_related_objects(list(one_cycle.values()), "deadlines")
    return render(request, "sheets/my_sheets.html", {"rows": rows})


@role_required(*ALL_ROLES)
def cycle_index(request):
    cycles = Cycle.objects.all()
    counts = defaultdict(Counter)
    for cycle_id, state in Sheet.objects.current().values_list("cycle_id", "state"):
        counts[cycle_id][state] += 1
    return render(request, "sheets/cycle_index.html", {
        "cycles": [(c, sum(counts[c.pk].values())) for c in cycles],
    })


#: A year with more sheets than this shows one article's table at a time (?article=12, or
#: ?article=none for the sheets of no article), in pages of PAGE_ROWS rows (?page=2); the
#: head counts the whole year.
DASHBOARD_ROWS = 200
PAGE_ROWS = 50


def _chosen_group(groups, wanted: str):
    """The (article, number of sheets) asked for by ?article=, else the first."""
    for article, count in groups:
        if wanted == (str(article.number) if article else "none"):
            return article, count
    return groups[0] if groups else (None, 0)


@role_required(Role.PLANNING_ADMIN)
def dashboard(request, fy):
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    year = year_counts(cycle)
    wanted = request.GET.get("article", "")
    paged = year.total > DASHBOARD_ROWS or bool(wanted)
    final = fy in final_years()
    page = None
    if paged:
        article, count = _chosen_group(year.groups, wanted)
        current = article.pk if article else None
        sheets = group_sheets(cycle, article)
        paginator = Paginator(sheets, PAGE_ROWS)
        paginator.count = count  # counted with the year (a cached property)
        page = paginator.get_page(request.GET.get("page"))
        first = (page.number - 1) * PAGE_ROWS  # (start_index() is 0 on an empty page)
        window = slice(first, first + PAGE_ROWS)  # not page.object_list: one query
        groups = [(article, progress_rows(cycle, final, sheets, window))]
    else:
        current, sheets = None, progress_rows(cycle, final)
        by_article = defaultdict(list)
        for sheet in sheets:
            for listed in sheet.articles or [None]:
                by_article[listed].append(sheet)
        groups = sorted(by_article.items(), key=lambda kv: kv[0].number if kv[0] else 999)
    by_state = year.by_state
    done = sum(by_state[s] for s in (Sheet.State.SUBMITTED, Sheet.State.CONFIRMED,
                                     Sheet.State.PUBLISHED))
    return render(request, "sheets/dashboard.html", {
        "cycle": cycle, "total": year.total, "done": done,
        "percent": round(done * 100 / year.total) if year.total else 0,
        "states": [(state, label, by_state[state]) for state, label in Sheet.State.choices],
        "groups": groups, "paged": paged, "current_article": current, "page": page,
        "toc": year.groups,
        "verified_count": year.verified,
        "next_statuses": Cycle.TRANSITIONS[Cycle.Status(cycle.status)],
        "sections": year_sections(cycle),
        "can_review": not cycle.is_published,
    })


def _ids(values) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


@role_required(Role.PLANNING_ADMIN)
@require_POST
def bulk(request, fy):
    """Confirm or return the ticked sheets: first the summary of what will happen (which
    sheets change, which are skipped and why); only a POST with confirm=1 executes it."""
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    action = request.POST.get("action", "")
    comment = request.POST.get("comment", "")
    versions = {int(key[8:]): int(value) for key, value in request.POST.items()
                if key.startswith("version-") and key[8:].isdigit() and value.isdigit()}
    errors: list[str] = []
    plan = None
    if request.POST.get("confirm") == "1" and versions:
        try:
            plan = execute_bulk(cycle, request.user, action, versions, comment)
        except BulkConflict as exc:
            plan, errors = exc.plan, exc.messages
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("%(n)s件のシートを「%(action)s」しました（対象外 %(m)s件）。") % {
                "n": len(plan.changing), "action": plan.label, "m": len(plan.skipped)})
            return redirect("sheets:dashboard", fy=fy)
        chosen = set(versions)
    else:
        chosen = chosen_sheet_ids(cycle, _ids(request.POST.getlist("sheet")),
                                  _ids(request.POST.getlist("article")),
                                  _ids(request.POST.getlist("section")))
    if plan is None:
        try:
            plan = plan_bulk(cycle, request.user, action, chosen, comment)
        except ValidationError as exc:
            errors = errors or exc.messages
    return render(request, "sheets/bulk_confirm.html", {
        "cycle": cycle, "plan": plan, "errors": errors, "chosen": sorted(chosen),
        "action": action, "comment": comment,
    }, status=400 if errors else 200)
