"""Saving a sheet: optimistic concurrency, one transaction, every change recorded."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from shisaku.lib.era import format_fy

from .breakdown import format_breakdown
from .models import Indicator, IndicatorValue, Sheet, SheetChange
from .presentation import number


class EditConflict(Exception):
    """Someone saved the sheet after this form was opened."""

    def __init__(self, current: Sheet):
        super().__init__(_("このシートは他の人が先に保存しました。"))
        self.current = current


@dataclass
class ValueInput:
    indicator: Indicator
    fiscal_year: int
    target: object
    actual: object
    actual_status: str
    breakdown: list
    comment: str


def _show(value) -> str:
    if value is None:
        return ""
    return number(value)


@transaction.atomic
def save_sheet(sheet: Sheet, user, texts: dict, expected_version: int,
               values: list[ValueInput] = (), verified: bool | None = None) -> list[SheetChange]:
    """Write the sheet's texts and values, or raise EditConflict and write nothing."""
    bumped = Sheet.objects.filter(pk=sheet.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not bumped:
        raise EditConflict(Sheet.objects.select_related("updated_by").get(pk=sheet.pk))
    sheet.refresh_from_db()
    changes: list[SheetChange] = []
    for name, new in texts.items():
        old = getattr(sheet, name)
        if (old or "") != (new or ""):
            changes.append(SheetChange(sheet=sheet, field=str(sheet._meta.get_field(name).verbose_name),
                                       before=old, after=new, user=user))
            setattr(sheet, name, new)
    if verified is not None and verified != sheet.verified:
        changes.append(SheetChange(sheet=sheet, field=str(_("検証対象")), before=str(sheet.verified),
                                   after=str(verified), user=user))
        sheet.verified = verified
    sheet.updated_by = user
    sheet.save()
    changes.extend(_save_values(sheet, user, values))
    SheetChange.objects.bulk_create(changes)
    return changes


def _save_values(sheet: Sheet, user, values) -> list[SheetChange]:
    changes = []
    existing = {
        (v.indicator_id, v.fiscal_year): v
        for v in IndicatorValue.objects.select_for_update().filter(
            indicator__in={v.indicator for v in values},
            fiscal_year__in={v.fiscal_year for v in values},
        )
    }
    for item in values:
        value = existing.get((item.indicator.pk, item.fiscal_year))
        empty = (item.target is None and item.actual is None and not item.breakdown
                 and not item.comment and item.actual_status == "measured")
        if value is None and empty:
            continue
        if value is None:
            value = IndicatorValue(indicator=item.indicator, fiscal_year=item.fiscal_year)
        label = f"{item.indicator.name} {format_fy(item.fiscal_year, 'short')}"
        unit = item.indicator.unit
        for field, new, shown in (
            ("target", item.target, _("目標")),
            ("actual", item.actual, _("実績")),
            ("actual_status", item.actual_status, _("実績の状況")),
            ("breakdown", item.breakdown, _("内訳")),
            ("comment", item.comment, _("備考")),
        ):
            old = getattr(value, field)
            if old != new and not (field in ("target", "actual") and old is not None
                                   and new is not None and old == new):
                if field == "breakdown":
                    before, after = format_breakdown(old, unit), format_breakdown(new, unit)
                elif field == "actual_status":
                    before = IndicatorValue(actual_status=old).get_actual_status_display() if old else ""
                    after = IndicatorValue(actual_status=new).get_actual_status_display()
                elif field in ("target", "actual"):
                    before, after = _show(old), _show(new)
                else:
                    before, after = old or "", new or ""
                if before != after:
                    changes.append(SheetChange(
                        sheet=sheet, indicator=item.indicator, fiscal_year=item.fiscal_year,
                        field=f"{label} {shown}", before=before, after=after, user=user))
                setattr(value, field, new)
        value.full_clean()
        value.save()
    return changes
