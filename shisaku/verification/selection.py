"""The selection page's groups and its "same as last year" (reading only).

The choice is saved by `services.select_projects`; this module says how the year's sheets
are grouped (by article or by section) and which of them continue a project verified the
year before, directly or through the lineage (renamed, merged, split).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from shisaku.lib.articles import format_article
from shisaku.sheets.cycle import predecessors_in
from shisaku.sheets.models import Cycle, Sheet

GROUPINGS = ("article", "section")


@dataclass
class Group:
    key: str  # "article-12" / "section-3" / "none": the toggle's value
    title: str
    sheets: list[Sheet] = field(default_factory=list)


def year_sheets(cycle: Cycle) -> list[Sheet]:
    return list(Sheet.objects.current().filter(cycle=cycle)
                .select_related("project__section")
                .prefetch_related("project__articles")
                .order_by("project__group", "project__position", "project__name", "pk"))


def _first_article(sheet: Sheet):
    articles = sorted(sheet.project.articles.all(), key=lambda a: a.number)
    return articles[0] if articles else None


def grouped(sheets: list[Sheet], by: str) -> list[Group]:
    """Each sheet once: under its first article, or under its section."""
    groups: dict[str, Group] = {}
    order: dict[str, tuple] = {}
    for sheet in sheets:
        if by == "section":
            section = sheet.project.section
            key = f"section-{section.pk}" if section else "none"
            title = str(section) if section else _("所管課未設定")
            rank: tuple[int, str | int] = (0, title) if section else (1, "")
        else:
            article = _first_article(sheet)
            key = f"article-{article.pk}" if article else "none"
            title = f"{format_article(article.number)} {article.title}" if article else _("条文未設定")
            rank = (0, article.number) if article else (1, 0)
        group = groups.setdefault(key, Group(key, title))
        order[key] = rank
        group.sheets.append(sheet)
    return sorted(groups.values(), key=lambda g: order[g.key])


def last_year_selection(cycle: Cycle, sheets: list[Sheet]) -> dict[int, str]:
    """Sheet id → last year's reason, for this year's sheets whose project (or a
    predecessor through the lineage) was verified in the year before."""
    before = {
        s.project_id: s.selection_reason
        for s in Sheet.objects.current().filter(cycle__fiscal_year=cycle.fiscal_year - 1,
                                                verified=True)
    }
    origins = predecessors_in(cycle.fiscal_year)
    chosen: dict[int, str] = {}
    for sheet in sheets:
        for pk in [sheet.project_id, *origins.get(sheet.project_id, [])]:
            if pk in before:
                chosen[sheet.pk] = before[pk]
                break
    return chosen
