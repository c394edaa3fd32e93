"""Publishing a FY: the cycle moves to 公表済 and every document is generated and frozen."""

from django.db import transaction

from shisaku.sheets.cycle import move_cycle
from shisaku.sheets.models import Cycle

from .build import FORMATS, KINDS, build
from .models import PublishedDocument


@transaction.atomic
def publish(cycle: Cycle, user, progress=None) -> list[PublishedDocument]:
    cycle = move_cycle(cycle, Cycle.Status.PUBLISHED, user)
    stored = []
    for kind in KINDS:
        for fmt in FORMATS:
            if PublishedDocument.objects.filter(cycle=cycle, kind=kind, format=fmt).exists():
                continue
            data, _doc = build(cycle, kind, fmt, progress)
            stored.append(PublishedDocument.objects.create(cycle=cycle, kind=kind, format=fmt,
                                                           content=data))
    return stored
