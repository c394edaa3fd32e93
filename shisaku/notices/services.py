"""The one write path of notifications: notify (once per user and event), read, preferences.

`notify` writes one Notification per user for an event key and never a second one for the
same (user, key), whoever calls it and however often; the e-mail of each new notification is
sent after the transaction commits, to users who keep e-mail on and have an address.

Who sends it: by default `send_emails` at once (a command, this app alone); the jobs app, which
sits above this one, hands them to a background job instead (`send_emails_with`, called from
jobs.apps), so the web request that caused the event never waits for the mail server.
"""

import functools
import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shisaku.accounts.models import Role
from shisaku.audit.context import audited

from .models import Notification, Preference

logger = logging.getLogger(__name__)


def in_japanese(function):
    """Notices and their e-mails are written in Japanese, whatever language the person who
    caused the event reads the screens in (the text is stored once, for every reader)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)
    return wrapper


def notify(users, *, kind: str, key: str, text: str, url: str = "") -> list[Notification]:
    """Tell each of `users` about one event; those already told about `key` are skipped.

    Returns the notifications written now (empty when everyone was told before)."""
    key = key[:150]
    wanted = {user.pk: user for user in users if user is not None and user.is_active}
    if not wanted:
        return []
    told = set(Notification.objects.filter(key=key, user_id__in=wanted)
               .values_list("user_id", flat=True))
    new = [Notification(user_id=pk, kind=kind, key=key, text=text, url=url[:300])
           for pk in wanted if pk not in told]
    if not new:
        return []
    # A concurrent run that wrote the same (user, key) first wins; this one adds nothing.
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    created = list(Notification.objects.filter(key=key, user_id__in=[n.user_id for n in new]))
    ids = [n.pk for n in created]
    if ids:
        transaction.on_commit(lambda: _email_sender(ids), robust=True)
    return created


def send_emails_with(sender: Callable[[list[int]], object] | None) -> None:
    """Who e-mails new notifications after the commit (None: `send_emails`, at once)."""
    global _email_sender
    _email_sender = sender or send_emails


@in_japanese
def send_emails(ids: list[int]) -> int:
    """E-mail these notifications (each at most once); returns how many were sent."""
    sent = 0
    rows = (Notification.objects.filter(pk__in=ids, emailed_at__isnull=True)
            .select_related("user", "user__notice_preference"))
    for notification in rows:
        user = notification.user
        if not _email_on(user):
            continue
        # Claim it first: two workers never send the same notification twice.
        if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
                emailed_at=timezone.now()):
            continue
        try:
            send_mail(_email_subject(notification), _email_body(notification),
                      None, [user.email])
            sent += 1
        except Exception:  # the notice is in the app; a mail server down must not fail the step
            logger.exception("notice %s: e-mail to user %s failed", notification.pk, user.pk)
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
    return sent


_email_sender: Callable[[list[int]], object] = send_emails


def unsent(ids: list[int]) -> int:
    """How many of these notifications still wait for an e-mail their user wants."""
    rows = (Notification.objects.filter(pk__in=ids, emailed_at__isnull=True)
            .select_related("user", "user__notice_preference"))
    return sum(1 for notification in rows if _email_on(notification.user))


def _email_on(user) -> bool:
    if not user.is_active or not user.email:
        return False
    try:
        return user.notice_preference.email
    except Preference.DoesNotExist:
        return True


def _email_subject(notification: Notification) -> str:
    return _("【施策 Shisaku】%(kind)s") % {"kind": notification.get_kind_display()}


def absolute(url: str) -> str:
    base = getattr(settings, "SHISAKU_SITE_URL", "").rstrip("/")
    return f"{base}{url}" if url.startswith("/") else url


def _email_body(notification: Notification) -> str:
    lines = [_("%(name)s 様") % {"name": notification.user.display_name}, "", notification.text]
    if notification.url:
        lines += ["", _("詳しくは次のページをご覧ください。"), absolute(notification.url)]
    lines += ["", _("お知らせのメールを止めるには、アカウントの「お知らせの設定」で変更してください。"),
              absolute(reverse("notices:preferences"))]
    return "\n".join(lines) + "\n"


# --- reading and marking ------------------------------------------------------------------

def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user, notification_id: int) -> int:
    """Mark one of the user's own notifications read (another user's: nothing happens)."""
    return Notification.objects.filter(pk=notification_id, user=user,
                                       read_at__isnull=True).update(read_at=timezone.now())


def mark_all_read(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now())


@audited
def set_email(user, email: bool) -> Preference:
    """The user's own choice: e-mail on or off (saved through the instance: audited)."""
    preference, _created = Preference.objects.get_or_create(user=user)
    if preference.email != email:
        preference.email = email
        preference.full_clean()
        preference.save()
    return preference


# --- who is told -------------------------------------------------------------------------

def section_editors(section_ids) -> dict[int, list]:
    """section id → its active section editors (one query)."""
    links = get_user_model().sections.through.objects
    found: dict[int, list] = {}
    rows = links.filter(section_id__in=list(section_ids), user__is_active=True,
                        user__role=Role.SECTION_EDITOR).select_related("user")
    for link in rows:
        found.setdefault(link.section_id, []).append(link.user)
    return found


def planning_division() -> list:
    User = get_user_model()
    return list(User.objects.filter(is_active=True, role=Role.PLANNING_ADMIN))
