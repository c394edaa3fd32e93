"""Correcting a published sheet: a new revision with a reason; the original stays as it was."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shisaku.accounts import access
from shisaku.audit.context import audited
from shisaku.core.validation import reject_control_characters

from .models import Sheet, SheetChange


@audited
@transaction.atomic
def start_correction(sheet: Sheet, user, reason: str) -> Sheet:
    if not access.can_manage_plan(user):
        raise PermissionDenied
    sheet = Sheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.state != Sheet.State.PUBLISHED:
        raise ValidationError(_("訂正できるのは公表済のシートだけです。公表前は直接編集してください。"))
    if Sheet.objects.filter(corrects=sheet).exists():
        raise ValidationError(_("このシートには既に訂正版があります。"))
    if not reason.strip():
        raise ValidationError(_("訂正理由を入力してください。"))
    reject_control_characters(reason)
    texts = {name: getattr(sheet, name) for name in Sheet.TEXT_FIELDS}
    correction = Sheet.objects.create(
        cycle=sheet.cycle, project=sheet.project, revision=sheet.revision + 1, corrects=sheet,
        correction_reason=reason.strip(), state=Sheet.State.DRAFT, verified=sheet.verified,
        updated_by=user, **texts,
    )
    SheetChange.objects.create(sheet=correction, field=_("訂正版の作成"),
                               before=_("第%(n)s版") % {"n": sheet.revision},
                               after=reason.strip(), user=user)
    return correction
