"""Reminders of the year's deadlines: N days before (SHISAKU_REMINDER_DAYS) and once passed.

Each reminder goes only to the people who still have work for that step: the editors of a
section with sheets not yet submitted (シート提出期限) or opinions not yet answered
(対応方針の提出期限), each by its section's own date; the planning division for 施策検証,
確定 and 公表 while the year has not reached them. The key of a reminder names the year,
the step, the date and the phase, so running this twice (or daily) tells nobody twice, and a
deadline moved later is announced again. The steps of a next program's drafting schedule
(plan.Milestone) are announced to the planning division in the same way.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from shisaku.lib.era import format_date, format_fy
from shisaku.plan.models import Milestone, Program
from shisaku.sheets.models import Cycle, Sheet
from shisaku.verification.models import Opinion

from . import schedule
from .models import Notification, Step
from .services import in_japanese, notify, planning_division, section_editors

Status = Cycle.Status
# The statuses in which each planning step is still ahead.
PLANNING_OPEN = {
    Step.VERIFICATION: (Status.ENTERING, Status.VERIFYING),
    Step.SETTLEMENT: (Status.ENTERING, Status.VERIFYING),
    Step.PUBLICATION: (Status.ENTERING, Status.VERIFYING, Status.SETTLED),
}


@dataclass
class Sent:
    notifications: int = 0
    events: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _("リマインダー %(n)s件を通知しました。") % {"n": self.notifications}


def phase(due: datetime.date | None, today: datetime.date) -> str | None:
    """"soon" within SHISAKU_REMINDER_DAYS before the date (and on it), "overdue" after it."""
    if due is None:
        return None
    left = (due - today).days
    if left < 0:
        return "overdue"
    if left <= settings.SHISAKU_REMINDER_DAYS:
        return "soon"
    return None


def _text(cycle, step, due, today, work: str) -> tuple[str, str]:
    values = {"fy": format_fy(cycle.fiscal_year), "step": step.label,
              "due": format_date(due), "days": (due - today).days, "work": work}
    if due < today:
        return Notification.Kind.OVERDUE, _(
            "%(fy)sの「%(step)s」（%(due)s）を過ぎています。%(work)s") % values
    if due == today:
        return Notification.Kind.DUE_SOON, _(
            "%(fy)sの「%(step)s」は今日（%(due)s）です。%(work)s") % values
    return Notification.Kind.DUE_SOON, _(
        "%(fy)sの「%(step)s」（%(due)s）まであと%(days)s日です。%(work)s") % values


def _send(sent, users, cycle, step, due, today, work, url, section_id=None):
    when = phase(due, today)
    if when is None or not users:
        return
    kind, text = _text(cycle, step, due, today, work)
    key = f"due:{cycle.fiscal_year}:{step.value}:{section_id or '-'}:{due.isoformat()}:{when}"
    written = notify(users, kind=kind, key=key, text=text, url=url)
    if written:
        sent.notifications += len(written)
        sent.events.append(key)


@in_japanese
def send_reminders(today: datetime.date | None = None) -> Sent:
    today = today or schedule.today()
    sent = Sent()
    cycles = Cycle.objects.exclude(status__in=[Status.PREPARING, Status.PUBLISHED])
    planning = None
    for cycle in cycles:
        _section_steps(sent, cycle, today)
        for step, open_statuses in PLANNING_OPEN.items():
            if cycle.status not in open_statuses:
                continue
            if planning is None:
                planning = planning_division()
            _send(sent, planning, cycle, step, schedule.due_date(cycle, step), today,
                  _("企画課の作業が残っています。"),
                  reverse("sheets:dashboard", args=[cycle.fiscal_year]))
    _milestones(sent, today, planning)
    return sent


def _milestones(sent, today, planning) -> None:
    """The next program's drafting schedule: the planning division is told of each step
    (基本的考え方, 素案, reports to the council committee...) within SHISAKU_REMINDER_DAYS
    before it begins, once per step and date. A schedule has no 'done' mark, so a step that
    has begun is not chased."""
    horizon = today + datetime.timedelta(days=settings.SHISAKU_REMINDER_DAYS)
    steps = (Milestone.objects.select_related("program")
             .filter(starts_on__range=(today, horizon))
             .exclude(program__stage=Program.Stage.ADOPTED).order_by("starts_on", "pk"))
    for milestone in steps:
        if planning is None:
            planning = planning_division()
        values = {"program": milestone.program.name, "title": milestone.title,
                  "due": format_date(milestone.starts_on),
                  "days": (milestone.starts_on - today).days,
                  "to": milestone.reported_to or "-"}
        text = (_("%(program)s 策定スケジュール「%(title)s」は今日（%(due)s）です。報告先: %(to)s")
                if milestone.starts_on == today else
                _("%(program)s 策定スケジュール「%(title)s」（%(due)s）まであと%(days)s日です。"
                  "報告先: %(to)s")) % values
        key = f"milestone:{milestone.pk}:{milestone.starts_on.isoformat()}:soon"
        written = notify(planning, kind=Notification.Kind.DUE_SOON, key=key, text=text,
                         url=reverse("drafting:draft", args=[milestone.program_id]))
        if written:
            sent.notifications += len(written)
            sent.events.append(key)


def _section_steps(sent, cycle, today) -> None:
    open_sheets = dict(
        Sheet.objects.current().with_section().filter(cycle=cycle, project__section__isnull=False)
        .values("project__section").annotate(n=Count("pk")).values_list("project__section", "n"))
    open_opinions = dict(
        Opinion.objects.unanswered().filter(cycle=cycle, scope=Opinion.Scope.SHEET,
                                            sheet__project__section__isnull=False)
        .values("sheet__project__section").annotate(n=Count("pk")).values_list(
            "sheet__project__section", "n"))
    editors = section_editors(set(open_sheets) | set(open_opinions))
    for section_id, count in open_sheets.items():
        _send(sent, editors.get(section_id, []), cycle, Step.SUBMISSION,
              schedule.due_date(cycle, Step.SUBMISSION, section_id), today,
              _("未提出のシートが%(n)s件あります。") % {"n": count}, reverse("sheets:mine"),
              section_id)
    for section_id, count in open_opinions.items():
        _send(sent, editors.get(section_id, []), cycle, Step.RESPONSE,
              schedule.due_date(cycle, Step.RESPONSE, section_id), today,
              _("対応が未記入の検証意見が%(n)s件あります。") % {"n": count},
              reverse("verification:to_answer"), section_id)
