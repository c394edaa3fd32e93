"""A council member's to-do list and workspace: the year being verified, its verified sheets
by article with each sheet's state and the member's own opinions, and its meetings."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from shisaku.accounts import access
from shisaku.ordinance.models import Article
from shisaku.sheets.models import Cycle, Sheet
from shisaku.verification.models import Opinion
from shisaku.verification.services import sheet_opinion_refusal


@dataclass
class ArticleSheets:
    article: Article | None
    sheets: list[Sheet]  # each with .my_opinions and .open_to_opinions


@dataclass
class CouncilTodo:
    cycle: Cycle | None
    articles: list[ArticleSheets] = field(default_factory=list)
    waiting: int = 0  # verified sheets the sections have not handed in yet
    my_opinions: list[Opinion] = field(default_factory=list)
    meetings: list = field(default_factory=list)
    can_write: bool = False

    @property
    def sheet_count(self) -> int:
        return sum(len(group.sheets) for group in self.articles)


def verifying_cycle() -> Cycle | None:
    """The year being verified (検証中), the latest if more than one."""
    return Cycle.objects.filter(status=Cycle.Status.VERIFYING).order_by("-fiscal_year").first()


def verified_sheets(user, cycle: Cycle):
    """The year's current 検証対象 sheets this user may read, in the report's project order."""
    mine = Opinion.objects.filter(author=user, scope=Opinion.Scope.SHEET).order_by("number")
    return (access.readable_sheets(user, Sheet.objects.current().filter(cycle=cycle, verified=True))
            .select_related("cycle", "project__section")
            .prefetch_related(Prefetch("project__articles", to_attr="listed_articles"),
                              Prefetch("opinions", mine, to_attr="my_opinions"))
            .order_by("project__group", "project__position", "project__pk"))


def by_article(sheets) -> list[ArticleSheets]:
    """Sheets under the lowest article of their project (as the report prints them)."""
    groups: dict = {}
    for sheet in sheets:
        articles = sorted(sheet.project.listed_articles, key=lambda a: a.number)
        groups.setdefault(articles[0] if articles else None, []).append(sheet)
    ordered = sorted(groups.items(), key=lambda kv: kv[0].number if kv[0] else 999)
    return [ArticleSheets(article, sheets) for article, sheets in ordered]


def council_todo(user, cycle: Cycle | None = None) -> CouncilTodo:
    """The year being verified as `user` works on it (or `cycle`, when given)."""
    cycle = cycle or verifying_cycle()
    if cycle is None or not access.can_read_year(user, cycle):
        return CouncilTodo(cycle=None)
    sheets = list(verified_sheets(user, cycle))
    for sheet in sheets:
        sheet.open_to_opinions = not sheet_opinion_refusal(sheet)
    todo = CouncilTodo(cycle=cycle, articles=by_article(sheets),
                       can_write=access.can_write_opinions(user, cycle))
    todo.waiting = (Sheet.objects.current().filter(cycle=cycle, verified=True)
                    .exclude(pk__in=[s.pk for s in sheets]).count())
    todo.my_opinions = list(Opinion.objects.filter(cycle=cycle, author=user)
                            .select_related("cycle", "sheet__project", "article", "response")
                            .order_by("scope", "sheet", "number"))
    if access.can_read_meetings(user, cycle):
        todo.meetings = list(cycle.meetings.select_related("committee").order_by("held_on", "pk"))
    return todo
