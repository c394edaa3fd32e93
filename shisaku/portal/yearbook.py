"""A published year as the public reads it: verified projects by article and by plan,
achievement at a glance, the main opinions with the city's responses, and the opinions on
groups of projects, articles or the measures as a whole.

Everything comes from `shisaku.published.records` (published years, the public revision of
each sheet and its frozen snapshot). A fixed number of queries, whatever the number of
projects.

Achievement: the city's report profile decides whether ratings are published
(`reports.profile.shows("achievement")`; Kawasaki's report never printed them). The counts
shown here are plain facts of the snapshot: indicators with a target, how many were
measured, how many met their target (`sheets.achievement.rating` with the year's bands:
達成). Only when the profile shows achievement are the other bands (概ね達成・未達成) counted
too.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from shisaku.ordinance.models import Article
from shisaku.plan.models import Node, Program
from shisaku.projects.models import Placement
from shisaku.published import records
from shisaku.sheets.achievement import ActualStatus, Rating, rating
from shisaku.sheets.models import Cycle, Sheet
from shisaku.verification.models import Opinion


def decimal(text) -> Decimal | None:
    if text in (None, ""):
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return None


@dataclass
class Tally:
    """Indicators of one article in one year, counted from the published snapshots."""

    indicators: int = 0
    with_target: int = 0
    measured: int = 0
    met: int = 0
    mostly: int = 0
    not_met: int = 0

    def add(self, indicator: dict, fiscal_year: int, cycle: Cycle) -> None:
        value = next((v for v in indicator.get("values", [])
                      if v.get("fiscal_year") == fiscal_year), None)
        self.indicators += 1
        if value is None:
            return
        target, actual = decimal(value.get("target")), decimal(value.get("actual"))
        status = value.get("actual_status") or ActualStatus.MEASURED
        if target is not None:
            self.with_target += 1
        if status == ActualStatus.MEASURED and actual is not None:
            self.measured += 1
        if target is None:
            return
        band = rating(target, actual, status, indicator.get("direction") or "higher",
                      cycle.bands)
        if band == Rating.ACHIEVED:
            self.met += 1
        elif band == Rating.MOSTLY:
            self.mostly += 1
        elif band == Rating.NOT_ACHIEVED:
            self.not_met += 1


@dataclass
class ArticleEntry:
    article: Article
    sheets: list[Sheet] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    main_opinions: list = field(default_factory=list)


@dataclass
class NodeEntry:
    path: list[Node]  # ancestors then the node itself
    sheets: list[Sheet]


@dataclass
class OpinionGroup:
    """The opinions on one group of projects, one article or the measures as a whole."""
    target: str
    opinions: list = field(default_factory=list)


@dataclass
class YearBook:
    cycle: Cycle
    articles: list[ArticleEntry]
    program: Program | None
    by_node: list[NodeEntry]
    unplaced: list[Sheet]
    other_count: int
    show_bands: bool
    wider_opinions: list[OpinionGroup] = field(default_factory=list)

    @property
    def fiscal_year(self) -> int:
        return self.cycle.fiscal_year

    @property
    def verified_count(self) -> int:
        return len({s.project_id for entry in self.articles for s in entry.sheets})


def year_book(fiscal_year: int) -> YearBook | None:
    from shisaku.reports.profile import shows

    cycle = records.cycle(fiscal_year)
    if cycle is None:
        return None
    public = list(records.sheets(fiscal_year).prefetch_related("project__articles")
                  .order_by("project__group", "project__position", "project__name"))
    verified = [s for s in public if s.verified]
    entries = {a.pk: ArticleEntry(a) for a in Article.objects.measures().order_by("number")}
    for sheet in verified:
        for article in sheet.project.articles.all():
            entry = entries.get(article.pk)
            if entry is None:
                continue
            entry.sheets.append(sheet)
            for indicator in records.snapshot_values(sheet):
                entry.tally.add(indicator, fiscal_year, cycle)
    for main in records.main_opinions(fiscal_year):
        if main.article_id in entries:
            entries[main.article_id].main_opinions.append(main)
    program, by_node, unplaced = _by_plan(fiscal_year, verified)
    return YearBook(cycle=cycle, articles=list(entries.values()), program=program,
                    by_node=by_node, unplaced=unplaced,
                    other_count=len(public) - len(verified),
                    show_bands=shows("achievement"),
                    wider_opinions=wider_opinions(fiscal_year))


def wider_opinions(fiscal_year: int) -> list[OpinionGroup]:
    """The year's opinions that are not on one sheet (a group of projects, an article, the
    measures as a whole) with the city's responses, by target in the order first written.
    A sheet's own opinions are on its project's page."""
    groups: dict[str, OpinionGroup] = {}
    for opinion in (records.opinions(fiscal_year).exclude(scope=Opinion.Scope.SHEET)
                    .order_by("number")):
        target = opinion.target_label
        groups.setdefault(target, OpinionGroup(target)).opinions.append(opinion)
    return list(groups.values())


def _by_plan(fiscal_year: int, sheets: list[Sheet]):
    """The verified projects under the nodes of the program covering the year."""
    program = records.programs().filter(first_fy__lte=fiscal_year,
                                        last_fy__gte=fiscal_year).first()
    if program is None:
        return None, [], list(sheets)
    nodes = {n.pk: n for n in Node.objects.filter(program=program).select_related("level")}
    placed: dict[int, list[Sheet]] = defaultdict(list)
    by_project = {s.project_id: s for s in sheets}
    for placement in Placement.objects.filter(node__program=program,
                                              project_id__in=by_project):
        placed[placement.node_id].append(by_project[placement.project_id])

    def path(node: Node) -> list[Node]:
        chain = [node]
        while chain[0].parent_id in nodes:
            chain.insert(0, nodes[chain[0].parent_id])
        return chain

    entries = [NodeEntry(path(nodes[pk]), placed[pk]) for pk in placed if pk in nodes]
    entries.sort(key=lambda e: [(n.level.order, n.order, n.code) for n in e.path])
    placed_ids = {s.project_id for e in entries for s in e.sheets}
    return program, entries, [s for s in sheets if s.project_id not in placed_ids]
