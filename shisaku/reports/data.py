"""Everything a report of one FY prints, loaded in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from shisaku.city.models import CitySettings
from shisaku.ordinance.models import Article, Ordinance
from shisaku.sheets.models import Cycle, Indicator, IndicatorValue, Sheet
from shisaku.sheets.years import final_years
from shisaku.verification.models import ArticleMainOpinion, Committee, Opinion


@dataclass
class ReportData:
    cycle: Cycle
    city: CitySettings | None
    ordinance: Ordinance | None
    articles: list[Article]
    verified: list[Sheet]  # in the report's order
    others: list[Sheet]
    opinions_by_sheet: dict[int, list[Opinion]]
    opinions_by_group: dict[str, list[Opinion]]
    main_opinions: dict[int, list[ArticleMainOpinion]]
    rosters: list[tuple[Committee, list]]
    meetings: list
    as_of: date
    final_year: bool
    previous_follow_ups: list = field(default_factory=list)
    changes_next: list = field(default_factory=list)  # lineage effective the next FY
    # A group of projects stands under the article of its first member, as the city prints
    # it (工業振興関連事業 ②内陸部操業環境保全対策事業 under 第14条, though its own is 第15条).
    group_articles: dict = field(default_factory=dict)

    @property
    def fiscal_year(self) -> int:
        return self.cycle.fiscal_year

    def article_of(self, sheet: Sheet) -> Article | None:
        if sheet.project.group and sheet.project.group in self.group_articles:
            return self.group_articles[sheet.project.group]
        return own_article(sheet)


def own_article(sheet: Sheet) -> Article | None:
    articles = sorted(sheet.project.articles.all(), key=lambda a: a.number)
    return articles[0] if articles else None


def _group_articles(sheets: list[Sheet]) -> dict:
    """group → the lowest article of its members (the article the group is printed under)."""
    placed: dict = {}
    for sheet in sheets:
        article, group = own_article(sheet), sheet.project.group
        if group and article is not None and (
                group not in placed or article.number < placed[group].number):
            placed[group] = article
    return placed


def _orderer(sheets: list[Sheet]):
    """The report's order: by article, then as the projects were registered, groups together."""
    first_of_group: dict[str, int] = {}
    for sheet in sheets:
        group = sheet.project.group
        if group:
            first_of_group[group] = min(first_of_group.get(group, sheet.project_id),
                                        sheet.project_id)

    group_articles = _group_articles(sheets)

    def key(sheet: Sheet):
        p = sheet.project
        article = group_articles.get(p.group) if p.group else None
        article = article or own_article(sheet)
        return (article.number if article else 99, first_of_group.get(p.group, p.pk),
                p.position or 0, p.pk)

    return key


def load(cycle: Cycle) -> ReportData:
    fy = cycle.fiscal_year
    values = IndicatorValue.objects.filter(fiscal_year__in=[fy - 1, fy]).order_by("fiscal_year")
    indicators = Indicator.objects.order_by("order", "pk").prefetch_related(
        Prefetch("values", values))
    sheets = list(
        Sheet.objects.current().filter(cycle=cycle)
        .select_related("project__section", "cycle")
        .prefetch_related("project__articles", Prefetch("project__indicators", indicators))
    )
    sheets.sort(key=_orderer(sheets))
    opinions = (Opinion.objects.filter(cycle=cycle)
                .select_related("response", "article").order_by("number"))
    by_sheet: dict[int, list] = defaultdict(list)
    by_group: dict[str, list] = defaultdict(list)
    for opinion in opinions:
        if opinion.scope == Opinion.Scope.SHEET:
            by_sheet[opinion.sheet_id].append(opinion)
        elif opinion.scope == Opinion.Scope.GROUP:
            by_group[opinion.group].append(opinion)
    mains: dict[int, list] = defaultdict(list)
    for main in (ArticleMainOpinion.objects.filter(cycle=cycle)
                 .select_related("opinion__response").order_by("order", "pk")):
        mains[main.article_id].append(main)
    as_of = cycle.published_on or timezone.localdate()
    rosters = [(c, list(c.roster(as_of))) for c in Committee.objects.all()]
    ordinance = Ordinance.objects.prefetch_related("articles").first()
    return ReportData(
        cycle=cycle, city=CitySettings.current(), ordinance=ordinance,
        articles=list(Article.objects.measures().order_by("number")),
        verified=[s for s in sheets if s.verified],
        others=[s for s in sheets if not s.verified],
        opinions_by_sheet=by_sheet, opinions_by_group=by_group, main_opinions=mains,
        rosters=rosters,
        meetings=list(cycle.meetings.select_related("committee").order_by("held_on", "pk")),
        as_of=as_of, final_year=fy in final_years(),
        changes_next=lineage_changes(fy + 1),
        group_articles=_group_articles([s for s in sheets if s.verified]),
    )


# -- Project lineage (その他の事業, 施策一覧 ※ notes) ---------------------------------------


@dataclass(frozen=True)
class LineageChange:
    """One lineage event (統合, 名称変更, ...) with its projects, loaded once."""

    kind: str
    effective_fy: int
    predecessors: tuple
    successors: tuple


def lineage_changes(effective_fy: int) -> list[LineageChange]:
    """The lineage events that take effect in `effective_fy` (three queries)."""
    from shisaku.projects.models import LineageEvent

    events = (LineageEvent.objects.filter(effective_fy=effective_fy)
              .prefetch_related("predecessors", "successors").order_by("pk"))
    return [LineageChange(e.kind, e.effective_fy,
                          tuple(sorted(e.predecessors.all(), key=lambda p: p.pk)),
                          tuple(sorted(e.successors.all(), key=lambda p: p.pk)))
            for e in events]
