"""The planning division's to-do list: each open year's progress and what keeps it from
確定 and 公表, each line linking to the page where it is resolved."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shisaku.city.models import Section
from shisaku.lib.era import format_fy
from shisaku.lib.shortlist import Shortlist
from shisaku.notices.models import Step
from shisaku.sheets.cycle import publication_blockers, settle_blockers
from shisaku.sheets.models import Cycle, Sheet
from shisaku.verification.models import Opinion

from .deadlines import PUBLICATION, RESPONSE, SETTLEMENT, SHEET, VERIFICATION, Deadlines, is_overdue
from .items import Item


@dataclass
class SectionProgress:
    section: str
    counts: dict[str, int]  # state → sheets
    overdue: bool = False
    cells: list[int] = field(default_factory=list)  # the counts in the order of YearTodo.states

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def unsubmitted(self) -> int:
        return sum(self.counts.get(state, 0) for state in Sheet.UNSUBMITTED)


@dataclass
class YearTodo:
    cycle: Cycle
    progress: list[SectionProgress] = field(default_factory=list)
    states: list[tuple[str, str]] = field(default_factory=list)  # (state, label) columns
    sheet_due: date | None = None
    response_due: date | None = None
    overdue: list[Item] = field(default_factory=list)
    to_confirm: list[Item] = field(default_factory=list)
    unanswered: int = 0
    unanswered_overdue: bool = False
    #: what keeps the year from 確定 / 公表 (the first BLOCKERS_LISTED; .total counts all)
    blockers: Shortlist = field(default_factory=Shortlist)
    blocks: str = ""  # which step the blockers are about
    next_step: Item | None = None  # the year's next step, once nothing blocks it


#: The home page lists this many of a year's blockers.
BLOCKERS_LISTED = 50


def planning_todo(today: date | None = None) -> list[YearTodo]:
    """One to-do block per year not yet published, the oldest first."""
    today = today or timezone.localdate()
    cycles = list(Cycle.objects.exclude(status=Cycle.Status.PUBLISHED)
                  .exclude(status=Cycle.Status.PREPARING).order_by("fiscal_year"))
    deadlines = Deadlines(cycles)
    return [_year(cycle, today, deadlines) for cycle in cycles]


def _year(cycle: Cycle, today: date, deadlines: Deadlines) -> YearTodo:
    year = YearTodo(cycle=cycle, states=list(Sheet.State.choices[:4]),
                    sheet_due=deadlines.due(cycle, SHEET),
                    response_due=deadlines.due(cycle, RESPONSE))
    dashboard = reverse("sheets:dashboard", args=[cycle.fiscal_year])
    counts: dict[int | None, dict[str, int]] = {}
    for row in (Sheet.objects.current().filter(cycle=cycle)
                .values("project__section", "state").annotate(n=Count("pk"))):
        counts.setdefault(row["project__section"], {})[row["state"]] = row["n"]
    names = {s.pk: s.full_name for s in Section.objects.filter(pk__in=[k for k in counts if k])
             .select_related("bureau")}
    for key in sorted(counts, key=lambda k: (k is None, names.get(k, ""))):
        progress = SectionProgress(names.get(key, _("所管課なし")), counts[key])
        progress.cells = [counts[key].get(state, 0) for state, _label in year.states]
        section_due = deadlines.due(cycle, SHEET, key)
        progress.overdue = is_overdue(section_due, today) and progress.unsubmitted > 0
        year.progress.append(progress)
        if progress.overdue:
            year.overdue.append(Item(
                _("%(section)s: 未提出のシート %(n)s件") % {"section": progress.section,
                                                       "n": progress.unsubmitted},
                dashboard, section_due, True))
    for sheet in (Sheet.objects.current().filter(cycle=cycle, state=Sheet.State.SUBMITTED)
                  .select_related("project").order_by("submitted_at", "pk")):
        year.to_confirm.append(Item(sheet.project.heading,
                                    reverse("sheets:detail", args=[sheet.pk]),
                                    state=sheet.get_state_display()))
    year.unanswered = Opinion.objects.filter(cycle=cycle).unanswered().count()
    year.unanswered_overdue = bool(year.unanswered) and is_overdue(year.response_due, today)
    if year.unanswered_overdue:
        year.overdue.append(Item(
            _("対応未記入の意見 %(n)s件") % {"n": year.unanswered},
            reverse("verification:dashboard", args=[cycle.fiscal_year]), year.response_due, True))
    # The year's own steps: verification done and 確定 while it is verified, 公表 once settled.
    steps = {Cycle.Status.ENTERING: [], Cycle.Status.VERIFYING: [VERIFICATION, SETTLEMENT],
             Cycle.Status.SETTLED: [PUBLICATION]}.get(cycle.status, [])
    cycles_page = reverse("sheets:cycles")
    for step in steps:
        due = deadlines.due(cycle, step)
        if is_overdue(due, today):
            year.overdue.append(Item(
                _("%(step)sの期限を過ぎています") % {"step": Step(step).label},
                cycles_page, due, True))
    if cycle.status == Cycle.Status.VERIFYING:
        year.blocks = _("確定")
        where = reverse("verification:dashboard", args=[cycle.fiscal_year])
        found = settle_blockers(cycle, BLOCKERS_LISTED)
        year.blockers = Shortlist([Item(text, where) for text in found], found.total)
        if not year.blockers:
            year.next_step = Item(
                _("%(fy)sを「確定」に進める") % {"fy": format_fy(cycle.fiscal_year)},
                reverse("sheets:cycle_move", args=[cycle.fiscal_year]) + "?status="
                + Cycle.Status.SETTLED)
    elif cycle.status == Cycle.Status.SETTLED:
        year.blocks = _("公表")
        year.blockers = Shortlist(Item(b.text, b.url or dashboard)
                                  for b in publication_blockers(cycle))
        if not year.blockers:
            year.next_step = Item(
                _("%(fy)sを公表する") % {"fy": format_fy(cycle.fiscal_year)},
                reverse("reports:publish", args=[cycle.fiscal_year]))
    return year
