"""What the cycle's confirmation pages say before an irreversible or costly step.

Starting a cycle (which year, how many sheets it creates, and a warning when the year is
not the current or next fiscal year or lies before the last cycle) and moving its state
(what opens, what is frozen, with counts). Reading only: the steps themselves are
`cycle.start_cycle` and `cycle.move_cycle`.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from shisaku.lib.era import fiscal_year_bounds, fiscal_year_of, format_fy
from shisaku.projects.models import Project

from .cycle import predecessors_in
from .models import Cycle, Sheet


def year_warnings(fy: int, today: datetime.date | None = None) -> list[str]:
    """Why starting `fy` might be a mistake (a typo such as 令和元年度 for 令和8年度)."""
    current = fiscal_year_of(today or timezone.localdate())
    warnings = []
    if fy not in (current, current + 1):
        warnings.append(_("%(fy)sは、今年度（%(current)s）でも次年度（%(next)s）でもありません。") % {
            "fy": format_fy(fy), "current": format_fy(current), "next": format_fy(current + 1)})
    latest = Cycle.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).first()
    if latest is not None and fy < latest:
        warnings.append(_("%(fy)sは、既にある最新の年度サイクル（%(latest)s）より前の年度です。") % {
            "fy": format_fy(fy), "latest": format_fy(latest)})
    return warnings


@dataclass
class StartSummary:
    fiscal_year: int
    first_day: datetime.date
    last_day: datetime.date
    projects: int
    prefilled: int
    warnings: list[str] = field(default_factory=list)

    @property
    def fresh(self) -> int:
        return self.projects - self.prefilled


def start_summary(fy: int, today: datetime.date | None = None) -> StartSummary:
    """What `start_cycle(fy)` will create: a sheet per active project, some from last year."""
    projects = list(Project.objects.active_in(fy).values_list("pk", flat=True))
    carried = set(Sheet.objects.current().filter(cycle__fiscal_year=fy - 1)
                  .values_list("project_id", flat=True))
    merged = predecessors_in(fy)
    prefilled = sum(1 for pk in projects if pk in carried or carried & set(merged.get(pk, [])))
    first, last = fiscal_year_bounds(fy)
    return StartSummary(fiscal_year=fy, first_day=first, last_day=last, projects=len(projects),
                        prefilled=prefilled, warnings=year_warnings(fy, today))


def move_effects(cycle: Cycle, target: str) -> list[str]:
    """What moving `cycle` to `target` opens or freezes, with counts."""
    from shisaku.verification.models import Opinion, Response

    sheets = Sheet.objects.current().filter(cycle=cycle)
    S = Sheet.State
    if target == Cycle.Status.ENTERING:
        editable = sheets.filter(state__in=[S.DRAFT, S.RETURNED]).count()
        return [_("事業シート %(n)s件を所管課が入力・提出できるようになります。") % {"n": editable}]
    if target == Cycle.Status.VERIFYING:
        verified = sheets.filter(verified=True)
        return [
            _("検証対象の事業シート %(n)s件（うち提出・確認済 %(m)s件）を協議会委員が読み、検証意見を"
              "記入できるようになります。") % {
                "n": verified.count(),
                "m": verified.filter(state__in=[S.SUBMITTED, S.CONFIRMED]).count()},
        ]
    if target == Cycle.Status.SETTLED:
        opinions = Opinion.objects.filter(cycle=cycle)
        return [
            _("検証意見 %(n)s件と対応 %(m)s件を確定し、以後は追加・変更できなくなります。") % {
                "n": opinions.count(), "m": Response.objects.filter(opinion__cycle=cycle).count()},
            _("確認済の事業シート %(n)s件（検証対象 %(v)s件）が公表の対象になります。") % {
                "n": sheets.filter(state=S.CONFIRMED).count(),
                "v": sheets.filter(state=S.CONFIRMED, verified=True).count()},
        ]
    return []
