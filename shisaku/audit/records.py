"""Entries the signals cannot write by themselves: bulk imports, renumbering, publication."""

from auditlog.models import LogEntry


def record_change(instance, label: str, before: str, after: str, *, action=None,
                  **details) -> LogEntry:
    """One entry about `instance` with a labelled before → after pair.

    Used where a change is made in bulk (an import replacing many figures) and one entry
    says more than hundreds. The actor and path come from the surrounding `acting` context.
    """
    entry = LogEntry.objects.log_create(
        instance, force_log=True,
        action=LogEntry.Action.UPDATE if action is None else action,
        changes={label: [str(before), str(after)]},
    )
    if details:
        entry.additional_data = {**(entry.additional_data or {}), **details}
        LogEntry.objects.filter(pk=entry.pk).update(additional_data=entry.additional_data)
    return entry


def record_import(instance, label: str, *, before: str, after: str, **details) -> LogEntry:
    return record_change(instance, label, before, after, event="import", **details)
