"""The year's schedule: one reading function for every deadline, one service to change it.

Reading: `due_date(cycle, step, section=None)` (a section's own date, else the year's),
`days_left(...)` and `is_overdue(...)`. The dates of a cycle are loaded once per Cycle
instance (one query), however many sheets or sections a page asks about.

Writing: `update_schedule(cycle, user, dates=..., section_dates=...)`: the planning division
only, refused for a published year; SUBMISSION and RESPONSE go to Cycle.sheet_due and
Cycle.response_due through `sheets.cycle.update_settings` (one source of truth per date),
the other steps and every section's own date to Deadline rows (audited by the trail).
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shisaku.accounts import access
from shisaku.audit.context import audited
from shisaku.city.models import Section
from shisaku.lib.era import format_fy
from shisaku.sheets import cycle as cycles
from shisaku.sheets.models import Cycle

from .models import CYCLE_FIELDS, SECTION_STEPS, Deadline, Step

STEPS = list(Step)


@dataclass
class Schedule:
    """Every date of one cycle: step → date, and (section id, step) → that section's date."""

    cycle: Cycle
    dates: dict[str, datetime.date | None] = field(default_factory=dict)
    section_dates: dict[tuple[int, str], datetime.date] = field(default_factory=dict)

    def due(self, step: str, section=None) -> datetime.date | None:
        section_id = getattr(section, "pk", section)
        if section_id is not None and (section_id, step) in self.section_dates:
            return self.section_dates[(section_id, step)]
        return self.dates.get(step)

    def add(self, step: str, section_id: int | None, due: datetime.date) -> None:
        if section_id is None:
            self.dates[step] = due
        else:
            self.section_dates[(section_id, step)] = due

    def rows(self) -> list[tuple[Step, datetime.date | None]]:
        return [(step, self.dates.get(step)) for step in STEPS]


def load(cycle: Cycle) -> Schedule:
    """The cycle's schedule, read once per Cycle instance (then kept on it)."""
    cached = getattr(cycle, "_notices_schedule", None)
    if cached is not None:
        return cached
    if "deadlines" in getattr(cycle, "_prefetched_objects_cache", {}):
        # A list page prefetched the year's deadlines (prefetch_related("deadlines")).
        schedule = Schedule(cycle, {step: getattr(cycle, name)
                                    for step, name in CYCLE_FIELDS.items()})
        for deadline in cycle.deadlines.all():
            schedule.add(deadline.step, deadline.section_id, deadline.due)
        cycle._notices_schedule = schedule
        return schedule
    return load_many([cycle])[cycle.pk]


def load_many(cycles) -> dict[int, Schedule]:
    """The schedules of several cycles in one query (kept on each Cycle instance)."""
    schedules = {
        cycle.pk: Schedule(cycle, {step: getattr(cycle, name) for step, name in CYCLE_FIELDS.items()})
        for cycle in cycles}
    for cycle_id, step, section_id, due in Deadline.objects.filter(
            cycle__in=list(schedules)).values_list("cycle_id", "step", "section_id", "due"):
        schedules[cycle_id].add(step, section_id, due)
    for schedule in schedules.values():
        schedule.cycle._notices_schedule = schedule
    return schedules


def due_date(cycle: Cycle, step: str, section=None) -> datetime.date | None:
    """The deadline of `step` in this cycle: the section's own date if it has one."""
    return load(cycle).due(step, section)


def today() -> datetime.date:
    return timezone.localdate()


def days_left(cycle: Cycle, step: str, section=None, on: datetime.date | None = None) -> int | None:
    """Days from `on` (today) to the deadline: 0 on the day, negative once passed; None: no date."""
    due = due_date(cycle, step, section)
    if due is None:
        return None
    return (due - (on or today())).days


def is_overdue(cycle: Cycle, step: str, section=None, on: datetime.date | None = None) -> bool:
    """The deadline has passed (the caller knows whether the work is still open)."""
    return passed(due_date(cycle, step, section), on)


def passed(due: datetime.date | None, on: datetime.date | None = None) -> bool:
    """A date already behind `on` (today): the one test of 期限超過."""
    return due is not None and due < (on or today())


# --- writing ------------------------------------------------------------------------------

def _check_order(dates: dict[str, datetime.date | None], where: str = "") -> None:
    previous = None
    for step in STEPS:
        due = dates.get(step)
        if due is None:
            continue
        if previous is not None and due < previous[1]:
            raise ValidationError(
                _("%(where)s「%(later)s」（%(due)s）は「%(earlier)s」（%(before)s）より後の日付に"
                  "してください。") % {
                    "where": where, "later": step.label, "due": due.isoformat(),
                    "earlier": previous[0].label, "before": previous[1].isoformat()},
                code="order")
        previous = (step, due)


def _check_range(cycle: Cycle, dates) -> None:
    # A year's cycle runs from its own spring (entry) to the autumn after it (publication).
    first, last = datetime.date(cycle.fiscal_year, 1, 1), datetime.date(cycle.fiscal_year + 2, 12, 31)
    for step, due in dates:
        if due is not None and not first <= due <= last:
            raise ValidationError(
                _("「%(step)s」の日付（%(due)s）は%(fy)sの予定として離れすぎています"
                  "（%(first)s〜%(last)sの間で入力してください）。") % {
                    "step": Step(step).label, "due": due.isoformat(),
                    "fy": format_fy(cycle.fiscal_year), "first": first.isoformat(),
                    "last": last.isoformat()}, code="range")


@audited
@transaction.atomic
def update_schedule(cycle: Cycle, user, *, dates: dict[str, datetime.date | None],
                    section_dates: dict[tuple[int, str], datetime.date | None] | None = None,
                    ) -> Schedule:
    """Set the year's deadlines (`dates`: step → date or None) and sections' own dates
    (`section_dates`: (section id, step) → date, None removes it). All or nothing."""
    if not access.can_manage_cycle(user):
        raise PermissionDenied
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.is_published:
        raise ValidationError(
            _("%(fy)sは公表済のため、予定は変更できません。") % {"fy": format_fy(cycle.fiscal_year)},
            code="published")
    section_dates = dict(section_dates or {})
    unknown = set(dates) - set(Step.values)
    if unknown or any(step not in SECTION_STEPS for _id, step in section_dates):
        raise ValidationError(_("この段階には課ごとの期限を設定できません。"), code="step")
    current = load(Cycle.objects.get(pk=cycle.pk))
    merged = {**current.dates, **dates}
    _check_range(cycle, list(dates.items()) + [(s, d) for (_id, s), d in section_dates.items()])
    _check_order(merged)
    own = {**current.section_dates, **section_dates}
    names = dict(Section.objects.filter(pk__in={sid for sid, _step in own})
                 .values_list("pk", "name"))
    for section_id in {section_id for section_id, _step in own}:
        section_name = names.get(section_id)
        if section_name is None:
            raise ValidationError(_("所管課が見つかりません。"), code="section")
        effective = {**merged, **{step: d for (sid, step), d in own.items()
                                  if sid == section_id and d is not None}}
        _check_order(effective, where=f"{section_name}: ")

    fields = {name: merged.get(step) for step, name in CYCLE_FIELDS.items()
              if step in dates and getattr(cycle, name) != merged.get(step)}
    if fields:
        cycles.update_settings(cycle, user, **fields)
    for step, due in dates.items():
        if step not in CYCLE_FIELDS:
            _write(cycle, step, None, due)
    for (section_id, step), due in section_dates.items():
        _write(cycle, step, section_id, due)
    return load(Cycle.objects.get(pk=cycle.pk))


def _write(cycle: Cycle, step: str, section_id: int | None, due: datetime.date | None) -> None:
    """One Deadline row, saved or deleted through the instance (the audit trail sees it)."""
    row = Deadline.objects.filter(cycle=cycle, step=step, section_id=section_id).first()
    if due is None:
        if row is not None:
            row.delete()
        return
    if row is None:
        row = Deadline(cycle=cycle, step=step, section_id=section_id, due=due)
    elif row.due == due:
        return
    row.due = due
    row.full_clean()
    row.save()
