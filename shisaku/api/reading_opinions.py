"""The read API's opinions: the council's published opinions with the city's response and follow-up."""

from collections import defaultdict

from shisaku.api.reading import section_row
from shisaku.projects.models import Project
from shisaku.published import records

# ------------------------------------------------------------------------------ opinions


def opinions(*, fiscal_year=None, article=None, project=None) -> list[dict]:
    queryset = (records.opinions(fiscal_year)
                .select_related("sheet__project__section")
                .prefetch_related("sheet__project__articles")
                .order_by("cycle__fiscal_year", "scope", "group", "article__number",
                          "sheet__project__name", "number", "pk"))
    follow_ups = {f.response_id: f for f in records.follow_ups()}
    group_projects = defaultdict(list)
    for pk, group, number in (Project.objects.exclude(group="")
                              .values_list("pk", "group", "articles__number")):
        group_projects[group].append((pk, number))
    rows = []
    for opinion in queryset:
        if opinion.scope == opinion.Scope.SHEET and opinion.sheet is not None:
            project_ids = [opinion.sheet.project_id]
            articles = sorted(a.number for a in opinion.sheet.project.articles.all())
        elif opinion.scope == opinion.Scope.GROUP:
            members = group_projects.get(opinion.group, [])
            project_ids = sorted({pk for pk, _n in members})
            articles = sorted({n for _pk, n in members if n is not None})
        else:
            project_ids = []
            articles = [opinion.article.number] if opinion.article is not None else []
        if article is not None and article not in articles:
            continue
        if project is not None and project not in project_ids:
            continue
        rows.append(_opinion_row(opinion, project_ids, articles, follow_ups))
    return rows


def _opinion_row(opinion, project_ids, articles, follow_ups) -> dict:
    response = getattr(opinion, "response", None) if _has_response(opinion) else None
    follow = follow_ups.get(response.pk) if response is not None else None
    return {
        "id": opinion.pk, "fiscal_year": opinion.cycle.fiscal_year, "scope": opinion.scope,
        "number": opinion.number, "label": opinion.label, "target": str(opinion.target_label),
        "group": opinion.group, "project_ids": project_ids, "articles": articles,
        "text": opinion.text, "themes": [str(t) for t in opinion.themes or []],
        "response": None if response is None else {
            "text": response.text, "classification": response.classification,
            "classification_label": str(response.get_classification_display()),
            "section": section_row(response.section), "effective_fy": response.effective_fy,
            "plan_items": [str(item) for item in response.plan_items or []],
        },
        "follow_up": None if follow is None else {
            "fiscal_year": follow.cycle.fiscal_year, "status": follow.status,
            "status_label": str(follow.get_status_display()), "note": follow.note,
        },
    }


def _has_response(opinion) -> bool:
    try:
        return opinion.response is not None
    except opinion.__class__.response.RelatedObjectDoesNotExist:
        return False


