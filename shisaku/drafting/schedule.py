"""The schedule of a draft program (策定スケジュール): its milestones, each with dates and the
body it is reported to. The usual calendar is written when program N+1 is started; planning
admins then add, change and remove steps here, the one write path for milestones.

The schedule belongs to the draft: once the program is adopted it is the record of how it was
drafted and is not changed. The program's version guards the schedule as a whole (a form
carries the version it was opened with), and every write is audited (plan.Milestone is a
domain model). Dates lie within the drafting period: from the start of the fiscal year two
years before the program's first (the previous program's review and the basic approach) to the
end of the program's first fiscal year (reports on the adopted program).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from shisaku.accounts import access
from shisaku.audit.context import audited
from shisaku.core.concurrency import lock_current, save_versioned
from shisaku.core.validation import reject_control_characters
from shisaku.lib.era import format_date
from shisaku.plan.models import Milestone, Program

Stage = Program.Stage
FIELDS = ("title", "stage", "starts_on", "ends_on", "reported_to")


def default_milestones(first_fy: int) -> list[dict]:
    """The usual calendar (seed 003): basic approach in August of the year before, draft and
    public comment November-December, results January-February, adoption in March."""
    year = first_fy - 1  # the calendar year the drafting starts (the fiscal year before)
    d = datetime.date
    return [
        {"title": _("基本的考え方の取りまとめ・報告"), "stage": Stage.BASIC_APPROACH,
         "starts_on": d(year, 8, 1), "ends_on": d(year, 8, 31),
         "reported_to": _("議会（委員会）、産業振興協議会")},
        {"title": _("素案の策定・公表、パブリックコメント"), "stage": Stage.OUTLINE,
         "starts_on": d(year, 11, 1), "ends_on": d(year, 12, 31),
         "reported_to": _("議会（委員会）、産業振興協議会")},
        {"title": _("意見の結果集約・最終調整"), "stage": Stage.PROPOSAL,
         "starts_on": d(year + 1, 1, 1), "ends_on": d(year + 1, 2, 28),
         "reported_to": ""},
        {"title": _("策定・公表"), "stage": Stage.ADOPTED,
         "starts_on": d(year + 1, 3, 1), "ends_on": d(year + 1, 3, 31),
         "reported_to": _("議会（委員会）")},
    ]


def add_default_milestones(program: Program) -> None:
    for order, values in enumerate(default_milestones(program.first_fy), start=1):
        milestone = Milestone(program=program, order=order, **values)
        milestone.full_clean()
        milestone.save()


def drafting_period(program: Program) -> tuple[datetime.date, datetime.date]:
    return datetime.date(program.first_fy - 2, 4, 1), datetime.date(program.first_fy + 1, 3, 31)


def _locked_draft(program: Program, user, expected_version) -> Program:
    access.require(access.can_manage_plan(user))
    current = lock_current(Program.objects.select_related("plan"), program.pk, expected_version)
    if not current.is_draft:
        raise ValidationError(_("%(name)sは策定済みです。策定スケジュールは変更できません。")
                              % {"name": current.name}, code="adopted")
    return current


def _clean(program: Program, values: dict) -> dict:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown Milestone fields: {sorted(unknown)}")
    cleaned = {name: values.get(name) for name in FIELDS}
    for name in ("title", "reported_to", "stage"):
        cleaned[name] = (cleaned[name] or "").strip()
    errors: dict[str, list[str]] = {}
    for name in ("title", "reported_to"):
        try:
            reject_control_characters(cleaned[name])
        except ValidationError as exc:
            errors[name] = exc.messages
    if not cleaned["title"]:
        errors.setdefault("title", []).append(_("内容を入力してください。"))
    if cleaned["starts_on"] is None:
        errors.setdefault("starts_on", []).append(_("開始日を入力してください。"))
    first, last = drafting_period(program)
    for name in ("starts_on", "ends_on"):
        day = cleaned[name]
        if day is not None and not first <= day <= last:
            errors.setdefault(name, []).append(
                _("日付は%(name)sの策定期間（%(first)s～%(last)s）の中にしてください。")
                % {"name": program.name, "first": format_date(first), "last": format_date(last)})
    if errors:
        raise ValidationError(errors)
    return cleaned


def _renumber(program: Program) -> None:
    """Orders follow the dates; they move through a free range so (program, order) holds."""
    milestones = list(program.milestones.order_by("starts_on", "order", "pk"))
    offset = (program.milestones.aggregate(n=Max("order"))["n"] or 0) + 1
    for step in (offset, 1):
        for index, milestone in enumerate(milestones):
            milestone.order = step + index
            milestone.save(update_fields=["order"])


@audited
@transaction.atomic
def save_milestone(milestone: Milestone | None, user, *, program: Program,
                   expected_version: int | None, **values) -> Milestone:
    """Add (milestone None) or change one step of a draft program's schedule."""
    current = _locked_draft(program, user, expected_version)
    cleaned = _clean(current, values)
    if milestone is None:
        milestone = Milestone(program=current, order=0)
    elif milestone.program_id != current.pk:
        raise ValidationError(_("この実行プログラムの策定スケジュールではありません。"))
    for name, value in cleaned.items():
        setattr(milestone, name, value)
    if milestone.pk is None:
        milestone.order = (current.milestones.aggregate(n=Max("order"))["n"] or 0) + 1
    milestone.full_clean()
    milestone.save()
    _renumber(current)
    save_versioned(current, [], user=user, force=True)
    milestone.refresh_from_db()
    return milestone


@audited
@transaction.atomic
def delete_milestone(milestone: Milestone, user, *, expected_version: int | None) -> Program:
    current = _locked_draft(milestone.program, user, expected_version)
    milestone.delete()
    _renumber(current)
    save_versioned(current, [], user=user, force=True)
    return current
