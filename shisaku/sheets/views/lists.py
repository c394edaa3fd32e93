"""Lists of sheets: a section's "my sheets" and the planning dashboard of one FY."""

from collections import Counter, defaultdict

from django.shortcuts import get_object_or_404, render

from shisaku.accounts.access import ALL_ROLES, role_required
from shisaku.accounts.models import Role

from ..models import Cycle, Sheet
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
    for sheet in sheets.order_by("-cycle__fiscal_year", "project__group", "project__position",
                                 "project__name"):
        indicators = sheet.project.listed_indicators
        rows.append({"sheet": sheet, "missing": sheet.missing_parts(
            indicators, sheet.cycle.fiscal_year in finals)})
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


@role_required(Role.PLANNING_ADMIN)
def dashboard(request, fy):
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    sheets = list(sheets_for_listing(fy).filter(cycle=cycle))
    finals = final_years()
    by_state = Counter(s.state for s in sheets)
    done = sum(by_state[s] for s in (Sheet.State.SUBMITTED, Sheet.State.CONFIRMED,
                                     Sheet.State.PUBLISHED))
    by_article = defaultdict(list)
    # The state's label once per state, not once per row (get_state_display translates every
    # choice each time: a fifth of the page's time on 350 sheets).
    labels = {state: str(label) for state, label in Sheet.State.choices}
    for sheet in sheets:
        sheet.state_label = labels[sheet.state]
        sheet.missing = sheet.missing_parts(sheet.project.listed_indicators, fy in finals)
        articles = sheet.project.listed_articles or [None]
        for article in articles:
            by_article[article].append(sheet)
    groups = sorted(by_article.items(), key=lambda kv: kv[0].number if kv[0] else 999)
    states = [(state, label, by_state[state]) for state, label in Sheet.State.choices]
    return render(request, "sheets/dashboard.html", {
        "cycle": cycle, "total": len(sheets), "done": done,
        "percent": round(done * 100 / len(sheets)) if sheets else 0,
        "states": states, "groups": groups,
        "verified_count": sum(1 for s in sheets if s.verified),
        "next_statuses": Cycle.TRANSITIONS[Cycle.Status(cycle.status)],
    })
