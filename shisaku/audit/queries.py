"""Finding audit entries by record, by user, by kind of record, by text and by date."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone


@dataclass
class Filters:
    actor: str = ""
    model: str = ""  # app_label.modelname
    pk: str = ""
    q: str = ""
    since: date | None = None
    until: date | None = None


def content_type_for(label: str) -> ContentType | None:
    try:
        app_label, model = label.lower().split(".", 1)
    except ValueError:
        return None
    return ContentType.objects.filter(app_label=app_label, model=model).first()


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def search(filters: Filters):
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if filters.actor:
        entries = entries.filter(Q(actor__username=filters.actor)
                                 | Q(additional_data__username=filters.actor))
    if filters.model:
        content_type = content_type_for(filters.model)
        entries = entries.filter(content_type=content_type) if content_type else entries.none()
        if filters.pk:
            entries = entries.filter(object_pk=filters.pk)
    if filters.q:
        entries = entries.filter(Q(object_repr__icontains=filters.q)
                                 | Q(changes_text__icontains=filters.q))
    if filters.since:
        entries = entries.filter(timestamp__gte=_start_of(filters.since))
    if filters.until:
        entries = entries.filter(timestamp__lt=_start_of(filters.until + timedelta(days=1)))
    return entries


def for_record(instance):
    return search(Filters(model=instance._meta.label_lower, pk=str(instance.pk)))
