"""Error pages (400, 403, 404, 500 and the CSRF failure) in the site's layout and language,
each with a way back. Wired in shisaku/urls.py (handler400 …) and CSRF_FAILURE_VIEW.

400, 403, 404 and the CSRF failure render through the normal layout (base.html, with its
context processors). The 500 page must not depend on what may have failed (the database, a
context processor), so it renders a standalone template from a plain context, and falls back
to fixed markup if even that fails.
"""

import logging

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)


def _back_url(request) -> str:
    """The page the user came from, when it is on this site (never another site's address)."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: a 400 for exactly this reason
        return ""
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={host},
                                                   require_https=request.is_secure()):
        return referer
    return ""


def _page(request, template: str, status: int, context: dict | None = None):
    context = {"back_url": _back_url(request), **(context or {})}
    try:
        return render(request, template, context, status=status)
    except Exception:  # the error page itself must not fail: the standalone page instead
        logger.exception("Error page %s could not be rendered in the layout", template)
        response = server_error(request)
        response.status_code = status
        return response


def bad_request(request, exception=None, template_name="400.html"):
    return _page(request, template_name, 400)


def permission_denied(request, exception=None, template_name="403.html"):
    # A PermissionDenied raised with a message says why; a bare one gets the general sentence.
    reason = str(exception or "").strip()
    user = getattr(request, "user", None)
    role = user.get_role_display() if user is not None and user.is_authenticated else ""
    return _page(request, template_name, 403, {"reason": reason, "role": role})


def page_not_found(request, exception=None, template_name="404.html"):
    return _page(request, template_name, 404, {"request_path": request.path})


def csrf_failure(request, reason="", template_name="403_csrf.html"):
    return _page(request, template_name, 403, {"csrf_reason": reason})


FALLBACK_500 = ('<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>500</title>'
                '</head><body><h1>サーバーエラー / Server error</h1><p><a href="/">'
                'トップページへ / Home</a></p></body></html>')


def server_error(request=None, template_name="500.html"):
    try:
        template = loader.get_template(template_name)
        body = template.render({})
    except Exception:
        logger.exception("The 500 page could not be rendered")
        body = FALLBACK_500
    return HttpResponseServerError(body)


