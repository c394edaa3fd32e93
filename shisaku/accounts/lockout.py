"""Sign-in lockout after repeated failures (django-axes), and lifting it.

A name tried from one address is refused after SHISAKU_SIGNIN_FAILURES_PER_ACCOUNT
failures; an address after SHISAKU_SIGNIN_FAILURES_PER_ADDRESS failures over any names.
Both last SHISAKU_SIGNIN_LOCKOUT_MINUTES from the last failure counted. axes keeps the
attempts (one row per name, address and browser); this module adds the per-address limit,
the lockout page and the planning division's unlock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access

# --- the limits (read at each attempt, so tests and operators can change them) -----------

def failure_limit(request=None, credentials=None) -> int:
    return settings.SHISAKU_SIGNIN_FAILURES_PER_ACCOUNT


def address_limit() -> int:
    return settings.SHISAKU_SIGNIN_FAILURES_PER_ADDRESS


def cool_off(request=None) -> timedelta:
    return timedelta(minutes=settings.SHISAKU_SIGNIN_LOCKOUT_MINUTES)


def client_address(request) -> str | None:
    """REMOTE_ADDR, or behind SHISAKU_TRUSTED_PROXY_COUNT proxies the address the outermost
    of them saw: the entries a client writes itself into X-Forwarded-For are never used."""
    count = settings.SHISAKU_TRUSTED_PROXY_COUNT
    if count > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                if h.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


# --- axes handler --------------------------------------------------------------------------

def _recent(attempts, now: datetime | None = None):
    return attempts.filter(attempt_time__gte=(now or timezone.now()) - cool_off())


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with a second, higher limit per address over every name."""

    def _address_failures(self, request) -> int:
        attempts = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or (
            self._address_failures(request) >= address_limit())

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        # axes marks a request it refused (an attempt during a lockout) before this runs.
        refused = request is not None and getattr(request, "axes_locked_out", False)
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or refused:
            return
        if not request.axes_locked_out and self._address_failures(request) >= address_limit():
            request.axes_locked_out = True
            request.axes_credentials = credentials
        # This failure started the lockout: the audit trail records it (audit/signin.py).
        request.shisaku_lockout_started = request.axes_locked_out


def lockout_message() -> str:
    return _("ログインの失敗が続いたため、ログインを一時的に停止しています。"
             "%(minutes)d分ほど待ってからもう一度お試しください。"
             "急ぐ場合は、企画課にロックの解除を依頼してください。") % {
        "minutes": settings.SHISAKU_SIGNIN_LOCKOUT_MINUTES}


def lockout_response(request, original_response=None, credentials=None):
    """The login page in the site's layout with the lockout message (429 Too Many Requests)."""
    return render(request, "registration/login.html", {
        "form": AuthenticationForm(request),
        "lockout": lockout_message(),
        "next": request.POST.get("next", "") or request.GET.get("next", ""),
    }, status=429)


# --- the list of lockouts and unlocking them ------------------------------------------------

@dataclass(frozen=True)
class Lockout:
    username: str  # "" for an address locked over every name
    ip_address: str
    failures: int
    last_attempt: datetime

    @property
    def until(self) -> datetime:
        return self.last_attempt + cool_off()


def current_lockouts(now: datetime | None = None) -> list[Lockout]:
    """Names locked from an address, and addresses locked over every name, newest first."""
    recent = _recent(AccessAttempt.objects.all(), now)
    found = [
        Lockout(row["username"] or "", row["ip_address"] or "", row["n"], row["last"])
        for row in recent.values("username", "ip_address")
        .annotate(n=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(n__gte=failure_limit())
    ]
    found += [
        Lockout("", row["ip_address"] or "", row["n"], row["last"])
        for row in recent.values("ip_address")
        .annotate(n=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(n__gte=address_limit())
    ]
    return sorted(found, key=lambda lock: lock.last_attempt, reverse=True)


class UnlockError(ValueError):
    pass


def unlock(actor, *, username: str = "", ip_address: str = "", request=None) -> int:
    """Forget the failed attempts of a name (from one address, or from every address when
    none is given) or of an address: the lockout ends. One audit entry; returns the number
    of attempt records removed. `actor` None: a command run by the OS user."""
    from shisaku.audit import signin

    if actor is not None:
        access.require(access.can_unlock_sign_in(actor))
    if not username and not ip_address:
        raise UnlockError(_("ロックを解除するユーザー名またはアドレスを指定してください。"))
    attempts = AccessAttempt.objects.all()
    if username:
        attempts = attempts.filter(username=username)
    if ip_address:
        attempts = attempts.filter(ip_address=ip_address)
    with transaction.atomic():
        count = attempts.count()
        attempts.delete()
        user = get_user_model().objects.filter(username=username).first() if username else None
        signin.record(signin.UNLOCKED, request, user, username=username, actor=actor,
                      ip_address=ip_address, attempts=count)
    return count
