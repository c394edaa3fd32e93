"""Session limits and the second factor, checked on every request of a signed-in user.

- Idle timeout: no request for SHISAKU_SESSION_IDLE_MINUTES ends the session.
- Absolute lifetime: SESSION_COOKIE_AGE seconds after signing in the session ends, however
  busy (the cookie's own age is renewed whenever the session is saved, so it is not enough).
- Second factor: a user with a confirmed TOTP device whose session has not given a code
  reaches only the code page; with SHISAKU_REQUIRE_2FA a superuser or planning admin without
  a device reaches only the enrolment page.

Anonymous visitors pass untouched. Both ends of a session redirect to the login page with
a message saying why.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import two_factor

SIGNED_IN_AT = "shisaku_signed_in_at"
LAST_SEEN = "shisaku_last_seen"
# The last-seen time is written at most this often (seconds), not on every request.
TOUCH_EVERY = 60


def _mark_signed_in(sender, request, user, **kwargs):
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now


user_logged_in.connect(_mark_signed_in, dispatch_uid="shisaku.accounts.signed_in_at")


def _to(request, url_name: str):
    """Redirect, or for an htmx request tell htmx to load the page instead of swapping it."""
    query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
    url = reverse(url_name) + (f"?{query}" if query else "")
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class SignInMiddleware:
    # Paths a session waiting for its second factor may still reach.
    OPEN_PREFIXES = ("/static/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        ended = self._session_ended(request)
        if ended:
            logout(request)
            messages.info(request, ended)
            return _to(request, "login")
        gate = self._second_factor_gate(request, user)
        if gate:
            return gate
        return self.get_response(request)

    def _session_ended(self, request) -> str:
        session, now = request.session, int(time.time())
        signed_in = session.setdefault(SIGNED_IN_AT, now)
        last_seen = session.get(LAST_SEEN, now)
        if now - signed_in > settings.SESSION_COOKIE_AGE:
            return _("ログインしてから%(hours)s時間が経過したため、安全のためログアウトしました。"
                     "もう一度ログインしてください。") % {
                "hours": f"{settings.SESSION_COOKIE_AGE / 3600:g}"}
        if now - last_seen > settings.SHISAKU_SESSION_IDLE_MINUTES * 60:
            return _("しばらく操作がなかったため（%(minutes)d分）、安全のためログアウトしました。"
                     "もう一度ログインしてください。") % {
                "minutes": settings.SHISAKU_SESSION_IDLE_MINUTES}
        if now - last_seen >= TOUCH_EVERY or LAST_SEEN not in session:
            session[LAST_SEEN] = now
        return ""

    def _second_factor_gate(self, request, user):
        path = request.path
        if path.startswith(self.OPEN_PREFIXES) or path == reverse("logout"):
            return None
        if user.is_verified():
            return None
        if two_factor.has_confirmed_device(user):
            if path != reverse("accounts:two_factor_verify"):
                return _to(request, "accounts:two_factor_verify")
        elif two_factor.is_required(user) and path != reverse("accounts:two_factor_setup"):
            messages.warning(request, _("このアカウントでは2段階認証が必須です。"
                                        "認証アプリを登録してください。"))
            return _to(request, "accounts:two_factor_setup")
        return None
