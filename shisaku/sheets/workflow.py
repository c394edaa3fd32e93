"""Sheet workflow: 下書き → 提出 → 差戻し / 確認済 → 公表済, each step checked on the server."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from shisaku.accounts import access
from shisaku.audit.context import audited
from shisaku.core.validation import reject_control_characters

from .models import Sheet, SheetChange
from .signals import sheet_transitioned
from .snapshot import snapshot
from .years import final_years

State = Sheet.State

# action → (states it may start from, state it leads to)
TRANSITIONS = {
    "submit": ({State.DRAFT, State.RETURNED}, State.SUBMITTED),
    "return": ({State.SUBMITTED, State.CONFIRMED}, State.RETURNED),
    "confirm": ({State.SUBMITTED}, State.CONFIRMED),
    "publish": ({State.CONFIRMED}, State.PUBLISHED),
}

# The verb, not the state it leads to ("差戻し" alone is also the state, English "Returned").
ACTION_LABELS = {"submit": pgettext_lazy("sheet action", "提出"),
                 "return": pgettext_lazy("sheet action", "差戻し"),
                 "confirm": pgettext_lazy("sheet action", "確認"),
                 "publish": pgettext_lazy("sheet action", "公表")}


@audited
def allowed(action: str, sheet: Sheet, user) -> bool:
    sources, _target = TRANSITIONS[action]
    if sheet.state not in sources:
        return False
    if action == "submit":
        return access.can_submit_sheet(user, sheet)
    if action == "publish":
        return access.can_manage_cycle(user)
    return access.can_review_sheet(user, sheet)


@audited
@transaction.atomic
def transition(sheet: Sheet, action: str, user, comment: str = "") -> Sheet:
    """Move the sheet, or raise ValidationError (a refused step) / PermissionDenied."""
    if action not in TRANSITIONS:
        raise ValidationError(_("不明な操作です。"))
    sheet = Sheet.objects.select_for_update(of=("self",)).select_related("cycle", "project").get(
        pk=sheet.pk)
    sources, target = TRANSITIONS[action]
    if sheet.state not in sources:
        raise ValidationError(
            _("「%(state)s」のシートは%(action)sできません。")
            % {"state": sheet.get_state_display(), "action": ACTION_LABELS[action]}
        )
    if not allowed(action, sheet, user):
        raise PermissionDenied
    if action == "submit":
        indicators = list(sheet.project.indicators.prefetch_related("values"))
        missing = sheet.missing_parts(indicators, sheet.fiscal_year in final_years())
        if missing:
            raise ValidationError(
                _("提出する前に次を入力してください: %(parts)s") % {"parts": "、".join(missing)}
            )
        sheet.submitted_at = timezone.now()
        sheet.return_comment = ""
    elif action == "return":
        if not comment.strip():
            raise ValidationError(_("差戻しの理由を入力してください。"))
        reject_control_characters(comment)
        sheet.return_comment = comment.strip()
    elif action == "confirm":
        sheet.confirmed_at = timezone.now()
    elif action == "publish":
        sheet.published_at = timezone.now()
        sheet.published_snapshot = snapshot(sheet)
    before = sheet.get_state_display()
    sheet.state = target
    sheet.updated_by = user
    sheet.version += 1
    sheet.save()
    SheetChange.objects.create(sheet=sheet, field=str(_("状態")), before=before,
                               after=sheet.get_state_display() + (
                                   f"（{comment.strip()}）" if comment.strip() else ""),
                               user=user)
    sheet_transitioned.send(sender=Sheet, sheet=sheet, action=action, user=user,
                            comment=comment.strip())
    return sheet


@audited
@transaction.atomic
def record_as_published(sheet: Sheet, user, published_at, note: str) -> Sheet:
    """Freeze a sheet as published with its year, outside the section's own steps.

    Only the cycle's publication calls this: for an その他の事業 entry (not verified),
    which the publication gate checked for its summary, whatever state its section left
    it in; and for a past year's sheet published by the city before Shisaku
    (cycle.record_past_publication).
    """
    sheet = Sheet.objects.select_for_update(of=("self",)).select_related("cycle", "project").get(
        pk=sheet.pk)
    if sheet.state == State.PUBLISHED:
        return sheet
    before = sheet.get_state_display()
    sheet.state = State.PUBLISHED
    sheet.published_at = published_at
    sheet.published_snapshot = snapshot(sheet)
    sheet.updated_by = user
    sheet.version += 1
    sheet.save()
    SheetChange.objects.create(sheet=sheet, field=str(_("状態")), before=before,
                               after=f"{sheet.get_state_display()}（{note}）", user=user)
    return sheet
