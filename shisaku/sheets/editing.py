"""Saving a sheet: optimistic concurrency, one transaction, every change recorded.

One owner per stored fact. An indicator value belongs to (indicator, fiscal year) and is shown
on two sheets: its own year's and the next year's (which prints last year beside this one).
It is written only under the rules of the sheet of ITS fiscal year — that sheet's state, its
section, its cycle's lock (`access.can_edit_sheet` on that sheet) — and only through that
sheet, so its history (SheetChange) is on that sheet. See `year_rules` for the decision per
fiscal-year column of a grid:

- the sheet's own FY: written through this sheet, under this sheet's rules;
- any other FY for which the project has a (current) sheet: read-only here; it is edited on
  that sheet (last year's actual belongs to last year's sheet, even while it is a draft);
- a FY for which the project has no sheet (the year before its first sheet, or a later year
  whose cycle has not started, where a section plans its targets ahead): written through this
  sheet under this sheet's rules, unless that FY's cycle is published (then nothing writes it).
  When that year's cycle starts, the year's values pass to the new sheet.

A save writes only the fields the person changed (`ValueInput.changed`), and each value it
writes is checked against the version the form was opened with (`ValueInput.version`): a value
changed by someone else in between raises EditConflict, and nothing is written.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from shisaku.accounts import access
from shisaku.audit.context import audited
from shisaku.core.validation import control_character_error
from shisaku.lib.era import format_fy

from .achievement import ActualStatus
from .breakdown import format_breakdown
from .models import Cycle, Indicator, IndicatorValue, Sheet, SheetChange
from .presentation import number

VALUE_FIELDS = ("target", "actual", "actual_status", "breakdown", "comment")
_EMPTY: dict[str, object] = {"target": None, "actual": None, "actual_status": ActualStatus.MEASURED,
          "breakdown": [], "comment": ""}


class EditConflict(Exception):
    """Someone saved the sheet, or one of the values this save writes, after it was opened."""

    def __init__(self, current: Sheet, values: list | None = None):
        super().__init__(_("このシートは他の人が先に保存しました。"))
        self.current = current
        # [(ValueInput, IndicatorValue | None as stored now)] for values changed meanwhile.
        self.values = values or []


@dataclass
class ValueInput:
    indicator: Indicator
    fiscal_year: int
    target: object
    actual: object
    actual_status: str
    breakdown: list
    comment: str
    # The value's version when the form or workbook was opened (0: there was no value yet);
    # None: not checked (callers that hold no opened state; the sheet's version still is).
    version: int | None = None
    # The fields the person changed; None: every field that differs from what is stored.
    changed: frozenset | None = None

    def get(self, field: str):
        return getattr(self, field)


@dataclass(frozen=True)
class YearRule:
    """Who writes the values of one fiscal year, seen from one sheet and one user."""

    fiscal_year: int
    owner: Sheet | None  # the sheet whose rules apply and whose history records a change
    editable: bool  # may this user write these values through the sheet asked about
    note: str = ""  # why not, in Japanese, for the grid, the workbook and the refusal

    @property
    def read_only(self) -> bool:
        return not self.editable


def year_rules(sheet: Sheet, user, years, *, trusted: bool = False) -> dict[int, YearRule]:
    """The rule for each fiscal year's values shown on `sheet` (see the module docstring).

    `trusted`: a system path (an importer) whose permission was checked where it started;
    which sheet owns a year, and a published year, still decide."""
    years = sorted(set(years))
    others = {
        s.cycle.fiscal_year: s
        for s in Sheet.objects.current().filter(project_id=sheet.project_id,
                                                cycle__fiscal_year__in=years)
        .exclude(cycle_id=sheet.cycle_id).select_related("cycle")
    }
    published = set(Cycle.objects.published().filter(fiscal_year__in=years)
                    .values_list("fiscal_year", flat=True))
    can_edit = trusted or (access.can_edit_sheet(user, sheet) if user is not None else False)
    rules = {}
    for fy in years:
        other = others.get(fy)
        if fy == sheet.fiscal_year:
            rules[fy] = YearRule(fy, sheet, can_edit,
                                 "" if can_edit else _("このシートを変更する権限がありません。"))
        elif other is not None and other.is_published:
            rules[fy] = YearRule(fy, other, False, _(
                "%(fy)sの値は%(fy)sのシート（%(state)s）のものです。公表済の値を直すには、企画課が"
                "そのシートの「訂正版を作成」で訂正版を作り、訂正版で編集します。") % {
                "fy": format_fy(fy), "state": other.get_state_display()})
        elif other is not None:
            rules[fy] = YearRule(fy, other, False, _(
                "%(fy)sの値は%(fy)sのシート（%(state)s）のものです。そのシートで編集してください。") % {
                "fy": format_fy(fy), "state": other.get_state_display()})
        elif fy in published:
            rules[fy] = YearRule(fy, None, False, _("%(fy)sは公表済のため、値を変更できません。") % {
                "fy": format_fy(fy)})
        else:
            rules[fy] = YearRule(fy, sheet, can_edit,
                                 "" if can_edit else _("このシートを変更する権限がありません。"))
    return rules


def _yes_no(flag: bool) -> str:
    return str(_("はい") if flag else _("いいえ"))


def _show(value) -> str:
    if value is None:
        return ""
    return number(value)


def value_label(indicator: Indicator, fiscal_year: int, field: str) -> str:
    """How the history and the Excel preview name one field of a value."""
    names = {"target": _("目標"), "actual": _("実績"), "actual_status": _("実績の状況"),
             "breakdown": _("内訳"), "comment": _("備考")}
    return f"{indicator.name} {format_fy(fiscal_year)} {names[field]}"


def value_display(field: str, raw, unit: str = "") -> str:
    """One field of a value as people read it (the history records this text)."""
    if field == "breakdown":
        return format_breakdown(raw, unit)
    if field == "actual_status":
        return IndicatorValue(actual_status=raw).get_actual_status_display() if raw else ""
    if field in ("target", "actual"):
        return _show(raw)
    return raw or ""


def _stored(value: IndicatorValue | None) -> dict:
    if value is None:
        return dict(_EMPTY)
    return {field: getattr(value, field) for field in VALUE_FIELDS}


def _where(item) -> str:
    return f"「{item.indicator.name}」{format_fy(item.fiscal_year, 'short')}"


@audited
@transaction.atomic
def save_sheet(sheet: Sheet, user, texts: dict, expected_version: int,
               values: Sequence[ValueInput] = (), verified: bool | None = None,
               *, check_access: bool = True) -> list[SheetChange]:
    """Write the sheet's texts and values, or raise and write nothing.

    EditConflict: the sheet, or a value this save writes, was saved by someone else since the
    form was opened. ValidationError: a value belongs to another sheet or a published year, or
    breaks a rule (a text with a control character too). PermissionDenied: the user may not
    write this sheet.
    """
    _check_texts(texts)
    bumped = Sheet.objects.filter(pk=sheet.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not bumped:
        raise EditConflict(Sheet.objects.select_related("updated_by").get(pk=sheet.pk))
    sheet.refresh_from_db()
    if check_access and not access.can_edit_sheet(user, sheet):
        raise PermissionDenied
    plan = _plan_values(sheet, user, list(values), expected_version, trusted=not check_access)
    changes: list[SheetChange] = []
    for name, new in texts.items():
        old = getattr(sheet, name)
        if (old or "") != (new or ""):
            changes.append(SheetChange(sheet=sheet, field=_text_label(name),
                                       before=old, after=new, user=user))
            setattr(sheet, name, new)
    if verified is not None and verified != sheet.verified:
        changes.append(SheetChange(sheet=sheet, field=str(_("検証対象")),
                                   before=_yes_no(sheet.verified), after=_yes_no(verified),
                                   user=user))
        sheet.verified = verified
    sheet.updated_by = user
    sheet.save()
    changes.extend(_write_values(user, plan))
    SheetChange.objects.bulk_create(changes)
    return changes


def _text_label(name: str) -> str:
    """A written text's name: a sheet section's label (sheets.sections) or another text
    field's (the selection's reason)."""
    return str(getattr(Sheet._meta.get_field(name), "verbose_name", name))


def _check_texts(texts: dict) -> None:
    """Every path (screen, Excel, importer) writes texts free of control characters."""
    problems: list[str] = []
    for name, new in texts.items():
        error = control_character_error(new)
        if error is not None:
            label = _text_label(name)
            problems.extend(f"「{label}」: {message}" for message in error.messages)
    if problems:
        raise ValidationError(problems)


def _plan_values(sheet: Sheet, user, values: list[ValueInput], expected_version: int, *,
                 trusted: bool = False) -> list:
    """Check every value this save would write; return [(item, stored, fields, rule)]."""
    if not values:
        return []
    foreign = [item for item in values if item.indicator.project_id != sheet.project_id]
    if foreign:
        raise ValidationError([_("%(where)sは別の事業の指標です。") % {"where": _where(item)}
                               for item in foreign])
    rules = year_rules(sheet, user, {item.fiscal_year for item in values}, trusted=trusted)
    # Rows locked in primary-key order, so two saves never wait on each other in a circle.
    existing = {
        (v.indicator_id, v.fiscal_year): v
        for v in IndicatorValue.objects.select_for_update().filter(
            indicator__in={item.indicator.pk for item in values},
            fiscal_year__in={item.fiscal_year for item in values},
        ).order_by("pk")
    }
    plan, refused, conflicts = [], [], []
    for item in values:
        value = existing.get((item.indicator.pk, item.fiscal_year))
        stored = _stored(value)
        fields = [f for f in VALUE_FIELDS
                  if (item.changed is None or f in item.changed) and stored[f] != item.get(f)]
        if not fields:
            continue  # untouched, or the same as stored: an empty cell stays without a row
        rule = rules[item.fiscal_year]
        if rule.read_only:
            refused.append(f"{_where(item)}: {rule.note}")
            continue
        if item.version is not None and (value.version if value else 0) != item.version:
            conflicts.append((item, value))
            continue
        plan.append((item, value, fields, rule))
    if refused:
        raise ValidationError(refused)
    if conflicts:
        current = Sheet.objects.select_related("updated_by").get(pk=sheet.pk)
        current.version = expected_version  # our own bump is rolled back with this exception
        raise EditConflict(current, conflicts)
    return plan


def _write_values(user, plan) -> list[SheetChange]:
    changes = []
    for item, value, fields, rule in plan:
        if value is None:
            value = IndicatorValue(indicator=item.indicator, fiscal_year=item.fiscal_year)
        else:
            value.version += 1  # the row is locked: this is the stored version plus one
        unit = item.indicator.unit
        for field in fields:
            old, new = getattr(value, field), item.get(field)
            before, after = value_display(field, old, unit), value_display(field, new, unit)
            if before != after:
                # On the sheet of the value's own fiscal year, whichever screen wrote it.
                changes.append(SheetChange(
                    sheet=rule.owner, indicator=item.indicator, fiscal_year=item.fiscal_year,
                    field=value_label(item.indicator, item.fiscal_year, field),
                    before=before, after=after, user=user))
            setattr(value, field, new)
        value.full_clean()
        value.save()
    return changes
