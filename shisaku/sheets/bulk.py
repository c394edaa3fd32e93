"""Confirm or return several sheets of one year at once (the planning division).

`plan_bulk` says what would happen: which sheets change and which are skipped, and why.
`execute_bulk` does it, all or nothing, in one transaction: each sheet goes through the
one write path, `workflow.transition` (same checks, history row and audit entry as one
sheet at a time). The plan shown to the user carries each sheet's version; if any sheet
changed since (another user returned it, a section resubmitted it), nothing is written and
the user sees the new plan: what they approved is exactly what happens, and no concurrent
change is overwritten.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shisaku.accounts import access
from shisaku.audit.context import audited
from shisaku.core.validation import reject_control_characters
from shisaku.lib.era import format_fy

from . import workflow
from .models import Cycle, Sheet

ACTIONS = ("confirm", "return")


class BulkConflict(ValidationError):
    """A sheet changed between the summary and its execution: nothing was written."""

    plan: "BulkPlan | None" = None  # the new plan, shown for approval again


@dataclass
class BulkItem:
    sheet: Sheet
    skip_reason: str = ""  # empty: the sheet will change

    @property
    def changes(self) -> bool:
        return not self.skip_reason


@dataclass
class BulkPlan:
    cycle: Cycle
    action: str
    comment: str
    items: list[BulkItem] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(workflow.ACTION_LABELS[self.action])

    @property
    def changing(self) -> list[BulkItem]:
        return [item for item in self.items if item.changes]

    @property
    def skipped(self) -> list[BulkItem]:
        return [item for item in self.items if not item.changes]

    def versions(self) -> dict[int, int]:
        """Sheet id → version as planned (sent back with the confirmation)."""
        return {item.sheet.pk: item.sheet.version for item in self.items}


def _check(cycle: Cycle, user, action: str, comment: str) -> None:
    if user is None or not access.can_manage_cycle(user):
        raise PermissionDenied
    if action not in ACTIONS:
        raise ValidationError(_("一括操作は「確認」か「差戻し」を選んでください。"))
    if access.is_frozen(cycle):
        raise ValidationError(_("%(fy)sは公表済のため、シートを確認・差戻しできません。") % {
            "fy": format_fy(cycle.fiscal_year)})
    if action == "return":
        if not comment.strip():
            raise ValidationError(_("差戻しの理由を入力してください（選んだシートすべてに記録します）。"))
        reject_control_characters(comment)


def _skip_reason(sheet: Sheet, action: str, user) -> str:
    sources, _target = workflow.TRANSITIONS[action]
    if sheet.state not in sources:
        if action == "confirm" and sheet.state in Sheet.UNSUBMITTED:
            return _("「%(state)s」のシートは提出されていないため確認できません") % {
                "state": sheet.get_state_display()}
        if action == "confirm" and sheet.state == Sheet.State.CONFIRMED:
            return _("既に確認済です")
        if action == "return" and sheet.state == Sheet.State.RETURNED:
            return _("既に差戻し中です")
        return _("「%(state)s」のシートは%(action)sできません") % {
            "state": sheet.get_state_display(), "action": workflow.ACTION_LABELS[action]}
    if not workflow.allowed(action, sheet, user):
        return _("この操作の権限がありません")
    return ""


def chosen_sheet_ids(cycle: Cycle, sheet_ids=(), article_ids=(), section_ids=()) -> set[int]:
    """The current sheets of `cycle` ticked one by one, or by article, or by section."""
    sheets = Sheet.objects.current().filter(cycle=cycle)
    chosen = set(sheets.filter(pk__in=set(sheet_ids)).values_list("pk", flat=True))
    if article_ids:
        chosen |= set(sheets.filter(project__articles__in=set(article_ids))
                      .values_list("pk", flat=True))
    if section_ids:
        chosen |= set(sheets.filter(project__section__in=set(section_ids))
                      .values_list("pk", flat=True))
    return chosen


def plan_bulk(cycle: Cycle, user, action: str, sheet_ids, comment: str = "",
              *, lock: bool = False) -> BulkPlan:
    """What `execute_bulk` would do with these sheets (current sheets of `cycle` only).

    Raises PermissionDenied (not the planning division) or ValidationError (unknown
    action, a published year, a return without its reason). Writes nothing.
    """
    _check(cycle, user, action, comment)
    sheets = (Sheet.objects.current().filter(cycle=cycle, pk__in=set(sheet_ids))
              .select_related("cycle", "project__section")
              .order_by("project__group", "project__position", "project__name", "pk"))
    if lock:
        sheets = sheets.select_for_update(of=("self",))
    plan = BulkPlan(cycle=cycle, action=action,
                    comment=comment.strip() if action == "return" else "")
    plan.items = [BulkItem(sheet, _skip_reason(sheet, action, user)) for sheet in sheets]
    if not plan.items:
        raise ValidationError(_("シートを1件以上選んでください。"))
    return plan


@audited
@transaction.atomic
def execute_bulk(cycle: Cycle, user, action: str, versions: dict[int, int],
                 comment: str = "") -> BulkPlan:
    """Apply the plan the user saw (`versions`: sheet id → version shown), all or nothing.

    Refused with BulkConflict when any sheet's version differs from the one shown (the
    new plan is in `exc.plan`); skipped sheets are not written. Returns the plan executed.
    """
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    plan = plan_bulk(cycle, user, action, versions.keys(), comment, lock=True)
    moved = [item.sheet.pk for item in plan.items if versions.get(item.sheet.pk) != item.sheet.version]
    if moved or len(plan.items) != len(versions):
        conflict = BulkConflict(_("確認画面を表示した後に変更されたシートがあるため、何も変更して"
                                  "いません。内容をもう一度確かめてください。"))
        conflict.plan = plan
        raise conflict
    for item in plan.changing:
        item.sheet = workflow.transition(item.sheet, action, user, plan.comment)
    return plan
