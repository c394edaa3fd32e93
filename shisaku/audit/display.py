"""Audit entries as people read them: field labels and display values, not codes."""

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shisaku.core.fields import FiscalYearField
from shisaku.lib.era import format_fy
from shisaku.lib.textnorm import format_number

from .signin import (
    LOCKED_OUT,
    SIGN_IN,
    SIGN_IN_FAILED,
    SIGN_OUT,
    TWO_FACTOR_ENROLLED,
    TWO_FACTOR_RESET,
    UNLOCKED,
)

ACTIONS = {
    LogEntry.Action.CREATE: gettext_lazy("作成"),
    LogEntry.Action.UPDATE: gettext_lazy("変更"),
    LogEntry.Action.DELETE: gettext_lazy("削除"),
    LogEntry.Action.ACCESS: gettext_lazy("閲覧"),
}
EVENTS = {
    SIGN_IN: gettext_lazy("サインイン"),
    SIGN_OUT: gettext_lazy("サインアウト"),
    SIGN_IN_FAILED: gettext_lazy("サインイン失敗"),
    LOCKED_OUT: gettext_lazy("サインインのロック"),
    UNLOCKED: gettext_lazy("サインインのロック解除"),
    TWO_FACTOR_ENROLLED: gettext_lazy("2段階認証の登録"),
    TWO_FACTOR_RESET: gettext_lazy("2段階認証の解除"),
}
PATHS = {
    "web": gettext_lazy("画面"),
    "admin": gettext_lazy("管理サイト"),
    "command": gettext_lazy("コマンド"),
    "system": gettext_lazy("システム"),
}
EMPTY = "None"

# (model label, field name) → how a higher app prints that field's stored value: the app
# registers its one helper here (sheets: the breakdowns), so the audit app imports no app
# above it.
FORMATS: dict[tuple[str, str], Callable[[object], str]] = {}


def register_format(model_label: str, field_name: str, show: Callable[[object], str]) -> None:
    FORMATS[(model_label, field_name)] = show


@dataclass
class Change:
    label: str
    before: str
    after: str


def action_label(entry: LogEntry) -> str:
    event = (entry.additional_data or {}).get("event")
    if event in EVENTS:
        return str(EVENTS[event])
    return str(ACTIONS.get(entry.action, entry.action))


def path_label(entry: LogEntry) -> str:
    data = entry.additional_data or {}
    via = str(PATHS.get(data.get("via"), data.get("via") or "—"))
    detail = data.get("command") or data.get("path") or ""
    return f"{via}（{detail}）" if detail else via


def actor_label(entry: LogEntry) -> str:
    if entry.actor is not None:
        name = entry.actor.get_full_name().strip()
        return f"{name}（{entry.actor.get_username()}）" if name else entry.actor.get_username()
    return entry.actor_email or _("（不明）")


def record_label(entry: LogEntry) -> str:
    model = entry.content_type.model_class()
    kind = str(model._meta.verbose_name) if model else entry.content_type.model
    return f"{kind}: {entry.object_repr}"


class _Related:
    """Looks up the related objects named in a page of entries with one query per model."""

    def __init__(self):
        self.wanted: dict[type, set] = {}
        self.found: dict[tuple[type, str], str] = {}

    def want(self, model, raw: str) -> None:
        if raw != EMPTY:
            self.wanted.setdefault(model, set()).add(raw)

    def fetch(self) -> None:
        for model, keys in self.wanted.items():
            pks = []
            for key in keys:
                try:
                    pks.append(model._meta.pk.to_python(key))
                except Exception:  # a stored value that no longer parses
                    continue
            for obj in model._default_manager.filter(pk__in=pks):
                self.found[(model, str(obj.pk))] = str(obj)

    def show(self, model, raw: str) -> str:
        if raw == EMPTY:
            return ""
        return self.found.get((model, raw), _("（削除済み #%(pk)s）") % {"pk": raw})


def _field(model, name):
    try:
        field = model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None  # not a reverse relation


def _show(field, raw, related: _Related) -> str:
    if raw is None or raw == EMPTY:
        return ""
    raw = str(raw)
    if field is None:
        return raw
    if isinstance(field, models.BooleanField):
        return _("はい") if raw == "True" else _("いいえ") if raw == "False" else raw
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if isinstance(field, FiscalYearField):
        try:
            return format_fy(int(raw))
        except ValueError:
            return raw
    if isinstance(field, models.ForeignKey):
        return related.show(field.related_model, raw)
    show = FORMATS.get((field.model._meta.label, field.name))
    if show is not None or isinstance(field, models.JSONField):
        return _json(raw, show)
    if isinstance(field, models.DecimalField):
        return _number(raw)
    if isinstance(field, models.DateTimeField):
        return _moment(raw)
    if isinstance(field, models.DateField):
        return _day(raw)
    return raw


def _json(raw: str, show: Callable | None) -> str:
    """A JSON value through its field's format (FORMATS), else as compact JSON."""
    try:
        value = json.loads(raw)
    except ValueError:
        return raw
    if show is not None:
        try:
            return show(value)
        except Exception:  # a stored value of an older shape
            return raw
    return json.dumps(value, ensure_ascii=False) if value not in ([], {}, "") else ""


def _day(raw: str) -> str:
    """2026-11-29 → 2026年11月29日."""
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        return raw
    return f"{day.year}年{day.month}月{day.day}日"


def _moment(raw: str) -> str:
    """2026-11-29 12:52:06.2+00:00 → 2026年11月29日 21:52 (local time)."""
    try:
        moment = datetime.datetime.fromisoformat(raw)
    except ValueError:
        return raw
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


def _number(raw: str) -> str:
    """59.000 → 59, 1500.500 → 1,500.5: as the screens print numbers."""
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return raw
    return format_number(value) if value.is_finite() else raw


def describe(entries) -> dict[int, list[Change]]:
    """entry pk → its changes, labelled; related objects looked up once per model."""
    related = _Related()
    parsed = []
    for entry in entries:
        model = entry.content_type.model_class()
        items = []
        for name, values in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if field is not None and field.primary_key:
                continue  # the record's own number is in the record column already
            items.append((name, field, values))
            if isinstance(field, models.ForeignKey) and isinstance(values, list):
                for raw in values:
                    related.want(field.related_model, str(raw))
        parsed.append((entry, items))
    related.fetch()
    described = {}
    for entry, items in parsed:
        changes = []
        for name, field, values in items:
            label = str(field.verbose_name) if field is not None and hasattr(
                field, "verbose_name") else name
            if isinstance(values, dict):  # many-to-many: {"type": "m2m", "operation", "objects"}
                objects = "、".join(str(o) for o in values.get("objects", []))
                if values.get("operation") == "delete":
                    changes.append(Change(label, objects, ""))
                else:
                    changes.append(Change(label, "", objects))
                continue
            before, after = (list(values) + [None, None])[:2]
            changes.append(Change(label, _show(field, before, related),
                                  _show(field, after, related)))
        described[entry.pk] = changes
    return described
