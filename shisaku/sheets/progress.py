"""The planning dashboard's rows: every current sheet of one year, read as values.

A scale-10 year has 350 sheets with 1,750 indicators. Loading them as model instances
with their projects, articles, indicators and values (sheets_for_listing) took about half
of the dashboard's time, for a page that prints per sheet only its name, section, state,
update and the number of parts still missing. Here three queries of plain values do it,
whatever the number of sheets: the sheets with their projects, sections and updaters; the
verified sheets' indicators with their values of the year; the projects' articles.

`missing` counts what `Sheet.missing_parts` lists (the texts a submission needs, and for a
verified sheet its indicators' actuals of the year), from the same values;
tests/test_dashboard_progress.py checks the two agree on every sheet of a synthetic city.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q

from shisaku.city.models import Section
from shisaku.lib.articles import format_article
from shisaku.projects.models import Project

from .achievement import ActualStatus
from .models import Indicator, Sheet


@dataclass(slots=True)
class ProjectName:
    name: str
    group: str
    position: int | None

    heading = Project.heading  # the report's way of naming a project, read from these three


@dataclass(slots=True, eq=False)
class ListedArticle:
    """An article a project serves, as the dashboard heads a group of rows with it."""

    pk: int
    number: int
    title: str

    @property
    def label(self) -> str:
        return format_article(self.number)  # as Article.label


@dataclass(slots=True)
class ProgressRow:
    pk: int
    project_id: int
    project: ProjectName
    section_id: int | None
    section: str | None
    state: str
    state_label: str
    verified: bool
    updated_at: datetime
    updated_by: str | None  # the user's display name
    missing: int = 0
    articles: list[ListedArticle] = field(default_factory=list)


#: Sheet.Meta.ordering within one cycle, with the pk last so that pages never overlap.
LISTING_ORDER = ("project__group", "project__position", "project__name", "revision", "pk")

_TEXTS = sorted(set(Sheet.REQUIRED_FIELDS) | set(Sheet.FINAL_YEAR_FIELDS)
                | set(Sheet.SUMMARY_FIELDS))


def _display_name(username: str | None, first: str, last: str) -> str | None:
    """User.display_name from its three fields (None when nobody updated the sheet)."""
    if username is None:
        return None
    return f"{last} {first}".strip() or username


def progress_rows(cycle, final_year: bool, sheets=None,
                  window: slice | None = None) -> list[ProgressRow]:
    """The current sheets of `cycle` in the listing's order, each with its articles (the
    ordinance's order) and the number of parts it misses. `sheets`: only these (e.g.
    group_sheets), and of them only the `window` (a page: LIMIT/OFFSET in the rows' own
    query, so that every query reads that page's rows only)."""
    if sheets is None:
        sheets = Sheet.objects.current().filter(cycle=cycle)
    # The listing's order (Sheet.Meta) without its first key: the sheets share one cycle,
    # and sorting by it only adds a join for PostgreSQL to plan (most of the query's time).
    listed = sheets.order_by(*LISTING_ORDER).values(
        "pk", "project_id", "project__name", "project__group", "project__position",
        "project__section_id", "project__section__name", "state", "verified", "updated_at",
        "updated_by__username", "updated_by__first_name", "updated_by__last_name", *_TEXTS)
    if window is not None:
        listed = listed[window]
    labels = {state: str(label) for state, label in Sheet.State.choices}
    rows = []
    texts: dict[int, dict[str, str]] = {}
    for values in listed:
        row = ProgressRow(
            pk=values["pk"], project_id=values["project_id"],
            project=ProjectName(values["project__name"], values["project__group"],
                                values["project__position"]),
            section_id=values["project__section_id"], section=values["project__section__name"],
            state=values["state"], state_label=labels[values["state"]],
            verified=values["verified"], updated_at=values["updated_at"],
            updated_by=_display_name(values["updated_by__username"],
                                     values["updated_by__first_name"],
                                     values["updated_by__last_name"]))
        rows.append(row)
        texts[row.pk] = values
    # By the rows' project ids: a page's article filter and slice are not read again.
    _count_missing(rows, texts, cycle, final_year)
    by_project = _articles_by_project([row.project_id for row in rows])
    for row in rows:
        row.articles = by_project.get(row.project_id, [])
    return rows


def _count_missing(rows, texts, cycle, final_year: bool) -> None:
    # The indicators of the listed verified sheets' projects, each with its value of the
    # year (if any), in one query.
    verified_projects = [row.project_id for row in rows if row.verified]
    year = FilteredRelation("values", condition=Q(values__fiscal_year=cycle.fiscal_year))
    indicators: dict[int, list[tuple]] = defaultdict(list)
    for project_id, kind, value_id, actual, status in (
            Indicator.objects.filter(project_id__in=verified_projects).annotate(year=year)
            .order_by().values_list("project_id", "kind", "year__id", "year__actual",
                                    "year__actual_status")):
        indicators[project_id].append((kind, value_id, actual, status))
    for row in rows:
        values = texts[row.pk]
        if not row.verified:
            row.missing = sum(1 for name in Sheet.SUMMARY_FIELDS if not values[name].strip())
            continue
        required = Sheet.REQUIRED_FIELDS + (Sheet.FINAL_YEAR_FIELDS if final_year else [])
        missing = sum(1 for name in required if not values[name].strip())
        listed = indicators.get(row.project_id, [])
        if not listed:
            missing += 1
        for kind, value_id, actual, status in listed:
            if kind == Indicator.Kind.REFERENCE:
                continue
            if value_id is None or (actual is None and status == ActualStatus.MEASURED):
                missing += 1
        row.missing = missing


@dataclass
class YearCounts:
    """The whole year's figures for the dashboard's head and its table of contents, counted
    by the database (two aggregate queries, whatever the number of sheets): the tables may
    show one page of one article only."""

    by_state: Counter
    verified: int
    #: (article or None, the number of the year's sheets under it), the ordinance's order.
    groups: list[tuple[ListedArticle | None, int]]

    @property
    def total(self) -> int:
        return sum(self.by_state.values())


def year_counts(cycle) -> YearCounts:
    sheets = Sheet.objects.current().filter(cycle=cycle)
    by_state: Counter = Counter()
    verified = without = 0
    for state, count, verified_count, without_count in (
            sheets.order_by().values("state")
            .annotate(n=Count("pk"), v=Count("pk", filter=Q(verified=True)),
                      w=Count("pk", filter=_no_article()))
            .values_list("state", "n", "v", "w")):
        by_state[state] += count
        verified += verified_count
        without += without_count
    groups: list[tuple[ListedArticle | None, int]] = [
        (ListedArticle(row["article_id"], row["article__number"], row["article__title"]),
         row["n"])
        for row in (
            Project.articles.through.objects
            .filter(project_id__in=sheets.values("project_id"))
            .order_by("article__number", "article_id")
            .values("article_id", "article__number", "article__title")
            .annotate(n=Count("project_id")))]
    if without:
        groups.append((None, without))
    return YearCounts(by_state, verified, groups)


def _no_article():
    """A sheet whose project serves no article: NOT EXISTS, as Sheet.objects.current()
    (a LEFT JOIN … IS NULL is misestimated by PostgreSQL)."""
    return ~Exists(Project.articles.through.objects.filter(project_id=OuterRef("project_id")))


def group_sheets(cycle, article: ListedArticle | None):
    """The current sheets of `cycle` under `article` (None: those of no article), in the
    listing's order: one table of the dashboard."""
    sheets = Sheet.objects.current().filter(cycle=cycle)
    if article is None:
        return sheets.filter(_no_article())
    return sheets.filter(project__articles=article.pk)


def year_sections(cycle):
    """(pk, name) of the sections owning a current sheet of `cycle`, in their order (the
    bulk form's choice)."""
    return Section.objects.filter(
        pk__in=Sheet.objects.current().filter(cycle=cycle).values("project__section_id")
    ).values_list("pk", "name")


def _articles_by_project(project_ids: list[int]) -> dict[int, list[ListedArticle]]:
    """project pk → its articles in the ordinance's order (as project.articles.all()), one
    record per article (the dashboard groups the rows by them), in one query."""
    links = (Project.articles.through.objects
             .filter(project_id__in=project_ids)
             .order_by("article")
             .values_list("project_id", "article_id", "article__number", "article__title"))
    articles: dict[int, ListedArticle] = {}
    by_project: dict[int, list[ListedArticle]] = defaultdict(list)
    for project_id, article_id, number, title in links:
        article = articles.get(article_id)
        if article is None:
            article = articles[article_id] = ListedArticle(article_id, number, title)
        by_project[project_id].append(article)
    return by_project
