"""Achievement overview of one FY: rating counts per article and per basic policy."""

from collections import Counter, defaultdict

from django.shortcuts import get_object_or_404, render

from shisaku.accounts import access
from shisaku.accounts.access import ALL_ROLES, role_required
from shisaku.ordinance.models import Article
from shisaku.plan.models import Node
from shisaku.projects.models import Placement

from ..achievement import RATING_ORDER
from ..models import Cycle, IndicatorValue, Sheet
from ..visibility import visible_values
from ..years import program_for


def rating_counts(cycle: Cycle, user) -> tuple[dict, set]:
    """{project id: Counter(rating)} for the cycle's sheets this user may read, and the
    projects counted (a draft's figures are counted for its section and planning only)."""
    sheets = Sheet.objects.filter(cycle=cycle)
    if not access.can_manage_plan(user):
        # A published revision still counts while its correction is being written.
        sheets = access.readable_sheets(user, sheets)
    project_ids = set(sheets.values_list("project_id", flat=True))
    values = visible_values(user, IndicatorValue.objects.filter(
        fiscal_year=cycle.fiscal_year, indicator__project_id__in=project_ids
    ).select_related("indicator__project"))
    per_project: dict[int, Counter] = defaultdict(Counter)
    for value in values:
        per_project[value.indicator.project_id][value.rating(cycle.bands)] += 1
    return per_project, project_ids


def _rows(groups: dict, labels: list[tuple[object, str]]) -> list[dict]:
    rows = []
    for key, label in labels:
        counts = groups.get(key, Counter())
        rows.append({"label": label, "counts": [counts[r] for r in RATING_ORDER],
                     "total": sum(counts.values())})
    return rows


@role_required(*ALL_ROLES)
def achievement_overview(request, fy):
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    per_project, project_ids = rating_counts(cycle, request.user)

    by_article: dict[int, Counter] = defaultdict(Counter)
    links = Article.projects.through.objects.filter(project_id__in=project_ids)
    for project_id, article_id in links.values_list("project_id", "article_id"):
        by_article[article_id].update(per_project.get(project_id, Counter()))
    articles = Article.objects.measures().order_by("number")
    article_rows = _rows(by_article, [(a.pk, f"{a.label} {a.title}") for a in articles])

    program = program_for(fy)
    policy_rows = []
    if program is not None:
        nodes = {n.pk: n for n in Node.objects.filter(program=program).select_related("level")}
        by_root: dict[int, Counter] = defaultdict(Counter)
        placements = Placement.objects.filter(node__program=program, project_id__in=project_ids)
        for project_id, node_id in placements.values_list("project_id", "node_id"):
            node = nodes[node_id]
            while node.parent_id is not None:
                node = nodes[node.parent_id]
            by_root[node.pk].update(per_project.get(project_id, Counter()))
        roots = sorted((n for n in nodes.values() if n.parent_id is None and n.level.in_tree),
                       key=lambda n: (n.order, n.code))
        policy_rows = _rows(by_root, [(n.pk, f"{n.code} {n.title}") for n in roots])

    total = Counter()
    for counts in per_project.values():
        total.update(counts)
    return render(request, "sheets/achievement.html", {
        "cycle": cycle, "partial": not cycle.is_published and not access.can_manage_plan(
            request.user), "ratings": [r.label for r in RATING_ORDER],
        "article_rows": article_rows, "policy_rows": policy_rows, "program": program,
        "total": [total[r] for r in RATING_ORDER],
    })
