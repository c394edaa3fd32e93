"""A sheet's history as revisions: each save is one revision, and two can be compared.

The history is stored one row per changed field (SheetChange: the field's label and its
values as people read them, written by editing.save_sheet, the workflow and the importers).
A save writes its rows together, so the rows of one person within a few seconds are one
revision. Revision 0 is the sheet before the first recorded change.

Comparing revisions a < b takes, for each field changed in between, its value before the
first of those changes and after the last one: what the field read at a and at b.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .models import Sheet, SheetChange

SAME_SAVE = timedelta(seconds=5)


@dataclass
class Revision:
    number: int
    at: datetime | None
    user: object | None
    changes: list[SheetChange] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        return list(dict.fromkeys(change.field for change in self.changes))


@dataclass
class Difference:
    label: str
    before: str  # as the field read at the older revision
    after: str  # as it read at the newer one


def revisions(sheet: Sheet) -> list[Revision]:
    """Revision 0 (before any recorded change), then one per save, oldest first."""
    found = [Revision(0, None, None)]
    for change in sheet.changes.select_related("user").order_by("at", "pk"):
        last = found[-1]
        if (last.number and last.changes[0].user_id == change.user_id
                and change.at - last.changes[0].at <= SAME_SAVE):
            last.changes.append(change)
        else:
            found.append(Revision(last.number + 1, change.at, change.user, [change]))
    return found


def compare(found: list[Revision], older: int, newer: int) -> list[Difference]:
    """The fields that differ between two revisions (numbers as in `revisions`)."""
    older, newer = sorted((older, newer))
    fields: dict[str, Difference] = {}
    for revision in found:
        if older < revision.number <= newer:
            for change in revision.changes:
                if change.field in fields:
                    fields[change.field].after = change.after
                else:
                    fields[change.field] = Difference(change.field, change.before, change.after)
    return [d for d in fields.values() if d.before != d.after]
