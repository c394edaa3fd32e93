"""Optimistic concurrency for records edited through forms.

A versioned record carries `version` (a positive integer bumped by every save through its
service). An edit form carries the version it was opened with in a hidden field; the
service locks the row, compares, and refuses a stale save with `EditConflict`. The view
re-shows the form with the user's text kept, says who saved last (if known), and shows
what the other person saved, so the user can merge and save again.

The sheets app does the same for sheets (`sheets/editing.py`); this module is the generic
form of it for every other editable record.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .acting import audited
from .forms import CleanTextMixin

VERSION_FIELD = "version"


def version_field():
    """The model field: bumped by the services, never shown in forms or the admin."""
    return models.PositiveIntegerField(gettext_lazy("版"), default=0, editable=False)


def last_saver(instance):
    """Who saved this record last, if the record knows: `updated_by`, else `author`."""
    for name in ("updated_by", "author"):
        user = getattr(instance, name, None) if hasattr(instance, f"{name}_id") else None
        if user is not None:
            return user
    return None


class EditConflict(Exception):
    """Someone saved the record after this form was opened; nothing was written."""

    def __init__(self, current, message: str | None = None):
        self.current = current
        self.who = last_saver(current)
        self.when = getattr(current, "updated_at", None)
        super().__init__(message or conflict_message(current))

    @property
    def message(self) -> str:
        return str(self.args[0])


def conflict_message(current) -> str:
    who = last_saver(current)
    when = getattr(current, "updated_at", None)
    when_text = timezone.localtime(when).strftime("%H:%M") if when else ""
    if who is not None and when_text:
        text = _("保存できませんでした。この内容は %(who)s さんが %(when)s に先に保存しました。")
    elif who is not None:
        text = _("保存できませんでした。この内容は %(who)s さんが先に保存しました。")
    else:
        text = _("保存できませんでした。この内容は他の人が先に保存しました。")
    text %= {"who": getattr(who, "display_name", str(who)), "when": when_text}
    return text + _("あなたの入力内容は下の欄に残っています。相手の保存内容と見比べて統合し、"
                    "もう一度保存してください。")


def check_version(current, expected_version) -> None:
    """EditConflict unless the row is still at the version the form was opened with."""
    if expected_version is None or int(expected_version) != current.version:
        raise EditConflict(current)


def lock_current(queryset, pk, expected_version=...):
    """The row as it is now, locked until the transaction ends; EditConflict if it moved on.

    `expected_version` is the version the form was opened with (leave it out to only
    lock, and call `check_version` after deciding permission). Call inside
    `transaction.atomic`. On PostgreSQL the lock makes a concurrent save wait, then see
    the bumped version and refuse; on SQLite the IMMEDIATE transaction serialises writers.
    """
    current = queryset.select_for_update(of=("self",)).get(pk=pk)
    if expected_version is not ...:
        check_version(current, expected_version)
    return current


def changed_fields(instance, values: dict) -> list[str]:
    """Set the plain (not many-to-many) fields whose value differs; return their names."""
    changed = []
    for name, value in values.items():
        field = instance._meta.get_field(name)
        if field.many_to_many:
            continue
        if field.is_relation:
            differs = getattr(instance, field.attname) != (value.pk if value is not None else None)
        else:
            differs = getattr(instance, name) != value
        if differs:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def set_many_to_many(instance, values: dict) -> list[str]:
    """Set many-to-many fields that differ (after the instance is saved)."""
    changed = []
    for name, value in values.items():
        field = instance._meta.get_field(name)
        if not field.many_to_many or value is None:
            continue
        manager = getattr(instance, name)
        new = {v.pk for v in value}
        if set(manager.values_list("pk", flat=True)) != new:
            manager.set(list(value))
            changed.append(name)
    return changed


@audited
def save_versioned(instance, changed: list[str], *, user=None, force: bool = False) -> bool:
    """Bump the version and save only what changed (plus the bookkeeping fields).

    A new instance is saved whole. An unchanged one is not written at all (unless
    `force`, e.g. when only its many-to-many fields changed); returns whether it wrote.
    """
    adding = instance._state.adding or instance.pk is None
    if not adding and not changed and not force:
        return False
    if user is not None and hasattr(instance, "updated_by_id"):
        instance.updated_by = user
    if adding:
        instance.save()
        return True
    instance.version += 1
    fields = set(changed) | {VERSION_FIELD}
    if user is not None and hasattr(instance, "updated_by_id"):
        fields.add("updated_by")
    for field in instance._meta.concrete_fields:
        if getattr(field, "auto_now", False):
            fields.add(field.name)
    instance.save(update_fields=sorted(fields))
    return True


@audited
def write_versioned(queryset, instance, values: dict, expected_version, *, user=None,
                    new=None, exclude_clean=()):
    """Create (instance None or unsaved: built by `new()`) or change a versioned record.

    Changing locks the row and compares `expected_version` first; then the plain fields
    that differ are set, the record is validated (`full_clean`) and saved with only those
    fields, and many-to-many fields are set. Call inside a transaction, after deciding
    permission.
    """
    if instance is None or instance.pk is None:
        current = new() if new is not None else queryset.model()
    else:
        current = lock_current(queryset, instance.pk, expected_version)
    changed = changed_fields(current, values)
    many = [n for n in values if current._meta.get_field(n).many_to_many]
    current.full_clean(exclude=[*many, *exclude_clean])
    if current.pk is None:
        save_versioned(current, changed, user=user)
        set_many_to_many(current, values)
    else:
        relinked = set_many_to_many(current, values)
        save_versioned(current, changed, user=user, force=bool(relinked))
    return current


class VersionedForm(CleanTextMixin, forms.Form):
    """Mixin for edit forms: the hidden version the form was opened with (text fields refuse
    control characters, see core.forms)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def init_version(self, instance) -> None:
        if instance is not None and instance.pk is not None:
            self.fields[VERSION_FIELD].initial = instance.version
            self.fields[VERSION_FIELD].required = True
            self.fields[VERSION_FIELD].error_messages["required"] = _(
                "画面が古くなっています。開き直してから保存してください。")

    def opened_version(self):
        return self.cleaned_data.get(VERSION_FIELD)


class VersionedModelForm(VersionedForm, forms.ModelForm):
    """A model form that carries the version it was opened with."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_version(self.instance)

    def values(self) -> dict:
        """What the service writes: the form's model fields, without the version."""
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()
                if name in self.cleaned_data}


def show_conflict(form, conflict: EditConflict, fields=None) -> list[tuple[str, str]]:
    """Keep the user's input, move the hidden version on, and list what the other saved.

    Returns (label, their text) for each field whose saved value differs from the input.
    """
    current = conflict.current
    data = form.data.copy()
    data[form.add_prefix(VERSION_FIELD)] = current.version
    form.data = data
    form.add_error(None, conflict.message)
    theirs = []
    for name in fields or [n for n in form.fields if n != VERSION_FIELD]:
        if name not in form.fields:
            continue
        try:
            value = getattr(current, name)
        except (AttributeError, ValueError):
            continue
        if isinstance(value, models.Manager) or callable(value):
            continue
        if isinstance(value, list):
            value = "、".join(str(v) for v in value)
        shown = "" if value is None else str(value)
        if shown != (form.data.get(form.add_prefix(name)) or ""):
            theirs.append((form.fields[name].label, shown))
    return theirs


def versioned_form_page(request, form, heading: str, cancel_url: str, on_valid,
                        template: str = "form.html", extra=None,
                        conflict_fields=None):
    """Like core.pages.form_page, for versioned records: a stale save or a refused save
    re-shows the form with the user's input kept and the reason; nothing is written."""
    theirs = []
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                target = on_valid(form)
        except EditConflict as conflict:
            theirs = show_conflict(form, conflict, conflict_fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(target)
    context = {"form": form, "heading": heading, "cancel_url": cancel_url, "theirs": theirs}
    context.update(extra or {})
    return render(request, template, context)
