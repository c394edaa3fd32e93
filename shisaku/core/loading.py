"""Idempotent loading by natural keys, shared by the demo and statistics loaders.

The loaders are a command's write path, so they keep the rules the services keep:
every row is validated (``full_clean``), a versioned record's version moves on when a load
changes it (a screen opened before notices), nothing of a published year is changed, and
every write is a model ``save()`` the audit trail sees (attributed to the command's user or
the OS user).
"""

from collections import Counter
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .concurrency import VERSION_FIELD

#: Whether a record is final (it is, or belongs to, a published year): each app that
#: publishes registers its test in its ``AppConfig.ready`` (the sheets app: the 公表済 cycle).
_final_checks: list[Callable[[models.Model], bool]] = []


def register_final(check: Callable[[models.Model], bool]) -> None:
    _final_checks.append(check)


def _published_cycle(obj) -> bool:
    """Whether `obj` is final by any registered check (as stored)."""
    return any(check(obj) for check in _final_checks)


def label(model: type[models.Model]) -> str:
    return model._meta.label


class IdempotentLoader:
    """Rows are found by natural key and created or updated only where a value differs,
    after full_clean(): a second run creates nothing and changes nothing."""

    def __init__(self, stdout=None):
        self.stdout = stdout
        self.created: Counter[str] = Counter()

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message + "\n")

    def upsert(self, model, lookup: dict, values: dict | None = None):
        """Get the row by `lookup`, create it or update the fields of `values` that differ."""
        values = values or {}
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.full_clean()
            obj.save()
            self.created[label(model)] += 1
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            if _published_cycle(obj):
                raise ValidationError(
                    _("公表済の年度の「%(obj)s」は変更できません（%(fields)s）。")
                    % {"obj": obj, "fields": "、".join(changed)})
            for name in changed:
                setattr(obj, name, values[name])
            obj.full_clean()
            if any(f.name == VERSION_FIELD for f in model._meta.concrete_fields):
                obj.version += 1
                changed.append(VERSION_FIELD)
            obj.save(update_fields=changed)
        return obj

    @staticmethod
    def set_m2m(manager, wanted: Iterable[models.Model]) -> None:
        wanted = list(wanted)
        if set(manager.values_list("pk", flat=True)) != {obj.pk for obj in wanted}:
            manager.set(wanted)
