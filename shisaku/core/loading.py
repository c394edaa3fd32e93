"""Idempotent loading by natural keys, shared by the demo and statistics loaders."""

from collections import Counter
from collections.abc import Iterable

from django.db import models


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
            for name in changed:
                setattr(obj, name, values[name])
            obj.full_clean()
            obj.save(update_fields=changed)
        return obj

    @staticmethod
    def set_m2m(manager, wanted: Iterable[models.Model]) -> None:
        wanted = list(wanted)
        if set(manager.values_list("pk", flat=True)) != {obj.pk for obj in wanted}:
            manager.set(wanted)
