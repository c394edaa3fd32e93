"""What each record puts in the search index, and whether the public may find it.

Whether a row is public is asked of `shisaku.published.records` (the one place that says
what is public): a published sheet is found by its frozen snapshot, never by its live
rows; anything else (a draft, a year in progress) is indexed with public=False and is
found only by signed-in users whom `accounts.access` lets read it (see `query.visible`).
Return comments, staff names and change history are never indexed.
"""

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import translation

from shisaku.projects.models import Project
from shisaku.published import records
from shisaku.sheets.models import Indicator, Sheet
from shisaku.verification.models import ArticleMainOpinion, Opinion

from .models import SearchEntry
from .normalize import fold

Kind = SearchEntry.Kind


def entry(kind: str, key: str, title: str, body: str = "", *, public: bool,
          fiscal_year: int | None = None, articles=(), project_id: int | None = None,
          section_id: int | None = None, sheet_id: int | None = None, url_name: str = "",
          url_args=()) -> SearchEntry:
    numbers = sorted(set(articles))
    title = title[:300]
    return SearchEntry(
        kind=kind, key=key, title=title, body=body, norm_title=fold(title)[:600],
        norm_body=fold(body), public=public, fiscal_year=fiscal_year,
        articles="|" + "|".join(str(n) for n in numbers) + "|" if numbers else "",
        project_id=project_id, section_id=section_id, sheet_id=sheet_id,
        url_name=url_name, url_args=list(url_args))


def _join(*texts) -> str:
    return "\n".join(text.strip() for text in texts if text and text.strip())


def _articles(project) -> list[int]:
    return [article.number for article in project.articles.all()] if project else []


# --- sheets and their indicators -------------------------------------------------------------

def sheet_entries(sheets) -> list[SearchEntry]:
    """A public sheet: its snapshot's texts and indicators. A sheet not (or not yet) public:
    its live texts and its project's indicators, for the staff who may read it. A revision a
    published correction superseded is history: not indexed."""
    rows = []
    for sheet in sheets:
        public = sheet.public
        if not public and sheet.superseded:
            continue
        project = sheet.project
        common = {"public": public, "fiscal_year": sheet.cycle.fiscal_year,
                  "articles": _articles(project), "project_id": project.pk,
                  "section_id": project.section_id, "sheet_id": sheet.pk,
                  "url_name": "portal:project" if public else "sheets:detail",
                  "url_args": [project.pk] if public else [sheet.pk]}
        if public:
            snapshot = sheet.published_snapshot or {}
            texts = snapshot.get("texts", {})
            title = snapshot.get("project") or project.name
            indicators = [(item.get("id"), item.get("name", ""), item.get("unit", ""))
                          for item in snapshot.get("indicators", [])]
        else:
            texts = {name: getattr(sheet, name) for name in Sheet.TEXT_FIELDS}
            title = project.name
            indicators = [(i.pk, i.name, i.unit) for i in project.indicators.all()]
        body = _join(*(texts.get(name, "") for name in Sheet.TEXT_FIELDS))
        rows.append(entry(Kind.SHEET, f"sheet:{sheet.pk}", title, body, **common))
        for number, (indicator_id, name, unit) in enumerate(indicators):
            rows.append(entry(Kind.INDICATOR, f"indicator:{sheet.pk}:{indicator_id or f'n{number}'}",
                              name, f"{title}（{unit}）" if unit else title, **common))
    return rows


def sheets_queryset(**filters):
    """Sheets with `public` (the public record's revision: `records.sheets`) and `superseded`
    (a published correction replaced them) annotated."""
    later = Sheet.objects.filter(corrects=OuterRef("pk"), state=Sheet.State.PUBLISHED)
    public = records.sheets().filter(pk=OuterRef("pk"))
    return (Sheet.objects.filter(**filters)
            .annotate(public=Exists(public), superseded=Exists(later))
            .select_related("cycle", "project")
            .prefetch_related("project__articles", Prefetch(
                "project__indicators", queryset=Indicator.objects.order_by("order", "pk"))))


# --- opinions and responses ------------------------------------------------------------------

def opinions_queryset(*conditions, **filters):
    return (Opinion.objects.filter(*conditions, **filters)
            .select_related("cycle", "article", "sheet__project", "response",
                            "response__follow_up__cycle")
            .prefetch_related("sheet__project__articles"))


def opinion_entries(opinions) -> list[SearchEntry]:
    """An opinion, its response and the response's follow-up. The opinion and the response
    are public with their year (`records.opinions`); the follow-up is filed under the year it
    was checked in and is public once that year is too (`records.follow_ups`)."""
    opinions = list(opinions)
    public_ids = set(records.opinions().filter(pk__in=[o.pk for o in opinions])
                     .values_list("pk", flat=True))
    public_follow_ups = set(records.follow_ups()
                            .filter(response__opinion__in=[o.pk for o in opinions])
                            .values_list("pk", flat=True))
    group_articles = _group_articles({o.group for o in opinions if o.scope == o.Scope.GROUP})
    rows = []
    with translation.override("ja"):
        for opinion in opinions:
            public = opinion.pk in public_ids
            fy = opinion.cycle.fiscal_year
            project = opinion.sheet.project if opinion.sheet_id else None
            if opinion.scope == Opinion.Scope.ARTICLE and opinion.article_id:
                articles = [opinion.article.number]
            elif opinion.scope == Opinion.Scope.GROUP:
                articles = group_articles.get(opinion.group, [])
            else:
                articles = _articles(project)
            if public:
                url_name, url_args = (("portal:project", [project.pk]) if project
                                      else ("portal:year", [fy]))
            else:
                url_name, url_args = (("sheets:detail", [opinion.sheet_id]) if project
                                      else ("verification:dashboard", [fy]))
            common = {"public": public, "fiscal_year": fy, "articles": articles,
                      "project_id": project.pk if project else None,
                      "section_id": project.section_id if project else None,
                      "url_name": url_name, "url_args": url_args}
            title = f"{opinion.target_label} {opinion.label}"
            rows.append(entry(Kind.OPINION, f"opinion:{opinion.pk}", title, opinion.text,
                              **common))
            response = getattr(opinion, "response", None)
            if response is not None:
                rows.append(entry(Kind.RESPONSE, f"response:{opinion.pk}", title, response.text,
                                  **common))
                follow_up = getattr(response, "follow_up", None)
                if follow_up is not None:
                    rows.append(_follow_up_entry(opinion, follow_up, title, common,
                                                 public=follow_up.pk in public_follow_ups))
    return rows


def _follow_up_entry(opinion, follow_up, title: str, common: dict, *,
                     public: bool) -> SearchEntry:
    checked = follow_up.cycle.fiscal_year
    project_id = common["project_id"]
    if public:
        url_name, url_args = (("portal:project", [project_id]) if project_id
                              else ("portal:year", [checked]))
    else:  # where the opinion it follows is read
        url_name, url_args = common["url_name"], common["url_args"]
    return entry(Kind.FOLLOW_UP, f"follow_up:{opinion.pk}", title,
                 _join(follow_up.get_status_display(), follow_up.note),
                 **{**common, "public": public, "fiscal_year": checked,
                    "url_name": url_name, "url_args": url_args})


# --- the main opinions per article -----------------------------------------------------------

def main_opinions_queryset(**filters):
    return ArticleMainOpinion.objects.filter(**filters).select_related("cycle", "article")


def main_opinion_entries(mains) -> list[SearchEntry]:
    """A line of the table 条文ごとの主な検証意見: public with its year
    (`records.main_opinions`)."""
    mains = list(mains)
    public_ids: set[int] = set()
    for fy in {main.cycle.fiscal_year for main in mains}:
        public_ids.update(records.main_opinions(fy).filter(pk__in=[m.pk for m in mains])
                          .values_list("pk", flat=True))
    rows = []
    with translation.override("ja"):
        for main in mains:
            fy = main.cycle.fiscal_year
            public = main.pk in public_ids
            rows.append(entry(
                Kind.MAIN_OPINION, f"main_opinion:{main.pk}",
                f"{main.article} {SearchEntry.Kind.MAIN_OPINION.label}", main.text,
                public=public, fiscal_year=fy, articles=[main.article.number],
                url_name="portal:year" if public else "verification:main_opinions",
                url_args=[fy]))
    return rows


def _group_articles(groups: set[str]) -> dict[str, list[int]]:
    found: dict[str, set[int]] = {}
    if groups:
        for group, number in (Project.objects.filter(group__in=groups)
                              .values_list("group", "articles__number")):
            if number is not None:
                found.setdefault(group, set()).add(number)
    return {group: sorted(numbers) for group, numbers in found.items()}


# --- projects and statistics -----------------------------------------------------------------

def projects_queryset(**filters):
    return Project.objects.filter(**filters).prefetch_related("articles")


def project_entries(projects) -> list[SearchEntry]:
    """A project is public once one of its sheets is (the plan names it from then on)."""
    projects = list(projects)
    public_ids = set(records.sheets().filter(project__in=[p.pk for p in projects])
                     .values_list("project_id", flat=True))
    rows = []
    for project in projects:
        public = project.pk in public_ids
        rows.append(entry(
            Kind.PROJECT, f"project:{project.pk}", project.heading, project.description,
            public=public, articles=_articles(project), project_id=project.pk,
            section_id=project.section_id,
            url_name="portal:project" if public else "projects:detail", url_args=[project.pk]))
    return rows


def dataset_entries(datasets) -> list[SearchEntry]:
    """Statistics: every dataset's title, source and caveats are public (`records.datasets`);
    its figures are read on the open-data pages, period by period as they are released."""
    return [entry(Kind.DATASET, f"dataset:{dataset.pk}", dataset.title,
                  _join(dataset.source, dataset.series, dataset.caveat, dataset.notes),
                  public=True, url_name="opendata:catalog")
            for dataset in datasets]
