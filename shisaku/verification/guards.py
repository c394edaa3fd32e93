"""The checks every verification write starts with: the year locked, a published year refused.

公表済 is final: a write into a published year is refused here, whichever service makes it
(corrections go through sheets/corrections.py).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from shisaku.accounts import access
from shisaku.core.concurrency import check_version, lock_current
from shisaku.sheets.models import Cycle


def frozen_message() -> str:
    return _("公表済の年度は変更できません。訂正の手続きを使ってください。")


def refuse_if_published(cycle: Cycle) -> None:
    """The published record is final: every write into a 公表済 year is refused."""
    if access.is_frozen(cycle):
        raise ValidationError(frozen_message(), code="published")


def lock_cycle(cycle: Cycle) -> Cycle:
    return Cycle.objects.select_for_update().get(pk=cycle.pk)


def delete_in_open_year(obj, user, may_edit, expected_version: int | None) -> None:
    """Delete a record of a year that is not published, if it has not moved on since."""
    cycle = lock_cycle(obj.cycle)
    refuse_if_published(cycle)
    if not may_edit(user, cycle):
        raise PermissionDenied
    current = lock_current(type(obj).objects.select_related("updated_by"), obj.pk)
    if expected_version is not None:
        check_version(current, expected_version)
    current.delete()

