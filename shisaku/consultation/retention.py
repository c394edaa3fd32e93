"""Retention of the senders' personal data (氏名・電子メールアドレス・住所).

The city keeps them to answer and to contact the senders while it works on the result; once
the result has been published for SHISAKU_CONSULTATION_KEEP_DAYS days they are erased from
every opinion of that consultation, by the daily housekeeping job or by the command
`shisaku erase-consultation-senders`. The opinions themselves, their summaries and the
city's views stay. The erasure is recorded on the consultation (senders_erased_on, saved
through the versioned save, so the audit trail names who or what did it and when); the audit
trail never holds the personal fields themselves (audit.registry excludes them).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shisaku.audit.context import acting, current_details
from shisaku.core.concurrency import lock_current, save_versioned

from .models import Consultation, Opinion


@dataclass
class Erased:
    consultations: int = 0
    opinions: int = 0

    def summary(self) -> str:
        return _("意見公募%(c)s件の送り主%(o)s件の個人情報を消去しました。") % {
            "c": self.consultations, "o": self.opinions}


def due(today: datetime.date, days: int):
    """Published results older than the keeping period whose senders are not yet erased."""
    return Consultation.objects.published().filter(
        published_on__lte=today - datetime.timedelta(days=days), senders_erased_on__isnull=True)


def erase_senders(today: datetime.date | None = None, days: int | None = None,
                  user=None) -> Erased:
    """Erase the senders' personal data of every consultation that is due (idempotent)."""
    if current_details() is None:
        with acting(user, via="housekeeping"):
            return erase_senders(today, days, user)
    today = today or timezone.localdate()
    days = settings.SHISAKU_CONSULTATION_KEEP_DAYS if days is None else days
    erased = Erased()
    for pk in due(today, days).values_list("pk", flat=True):
        with transaction.atomic():
            consultation = lock_current(Consultation.objects.all(), pk)
            if consultation.senders_erased_on is not None:
                continue
            erased.opinions += Opinion.objects.filter(consultation=consultation).update(
                name="", email="", address="")
            consultation.senders_erased_on = today
            save_versioned(consultation, ["senders_erased_on"], user=user)
            erased.consultations += 1
    return erased
