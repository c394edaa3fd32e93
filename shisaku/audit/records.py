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


def log_bulk(instances, action, *, before=None) -> list[LogEntry]:
    """The entries the signals would have written for rows saved by bulk_create/bulk_update.

    One entry per instance, as auditlog's own receiver writes it (the changes of the
    registered fields: from nothing for a creation, from `before[i]`, a copy taken before
    the change, for an update; none when nothing changed), with the actor and path of the
    surrounding `acting` context (auditlog's pre_save hook on LogEntry is sent for each),
    and written with one bulk insert.
    """
    from auditlog.cid import get_cid
    from auditlog.context import auditlog_disabled
    from auditlog.diff import model_instance_diff
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.signals import pre_save
    from django.utils.encoding import smart_str

    if auditlog_disabled.get():
        return []
    entries = []
    cid = get_cid()
    as_json = getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False)
    for index, instance in enumerate(instances):
        old = before[index] if before is not None else None
        changes = model_instance_diff(old, instance, use_json_for_changes=as_json)
        if not changes:
            continue
        pk = LogEntry.objects._get_pk_value(instance)
        entry = LogEntry(
            content_type=ContentType.objects.get_for_model(instance), object_pk=pk,
            object_id=pk if isinstance(pk, int) else None, object_repr=smart_str(instance),
            serialized_data=LogEntry.objects._get_serialized_data_or_none(instance),
            action=action, changes=changes, cid=cid)
        pre_save.send(sender=LogEntry, instance=entry, raw=False, using="default",
                      update_fields=None)
        entries.append(entry)
    return LogEntry.objects.bulk_create(entries)


def log_bulk_m2m(instances, field_name: str, added) -> list[LogEntry]:
    """The "add" entries of a many-to-many field, as auditlog writes them, in one insert.

    `added[i]` is the list of objects added to `instances[i]` (an empty list: no entry).
    """
    from auditlog.cid import get_cid
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.signals import pre_save
    from django.utils.encoding import smart_str

    entries = []
    cid = get_cid()
    for instance, objects in zip(instances, added, strict=True):
        if not objects:
            continue
        pk = LogEntry.objects._get_pk_value(instance)
        entry = LogEntry(
            content_type=ContentType.objects.get_for_model(instance), object_pk=pk,
            object_id=pk if isinstance(pk, int) else None, object_repr=smart_str(instance),
            action=LogEntry.Action.UPDATE, cid=cid,
            changes={field_name: {"type": "m2m", "operation": "add",
                                  "objects": [smart_str(o) for o in objects]}})
        pre_save.send(sender=LogEntry, instance=entry, raw=False, using="default",
                      update_fields=None)
        entries.append(entry)
    return LogEntry.objects.bulk_create(entries)
