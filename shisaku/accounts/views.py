"""The account page, the second factor (enrolment and the code after the password) and the
planning division's list of sign-in lockouts."""

from base64 import b32encode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from shisaku.audit import signin

from . import lockout, two_factor
from .access import role_required
from .forms import CodeForm, UnlockForm
from .models import Role


def _next(request, default: str = "home") -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: redirect() would take a bare word for a URL name.
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, {request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return default


@login_required
def account(request):
    return render(request, "accounts/account.html", {
        "device": (two_factor.confirmed_device(request.user)
                   if two_factor.has_confirmed_device(request.user) else None),
        "required": two_factor.is_required(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """GET: the pending secret as a QR code; POST start: a new secret; POST code: confirm."""
    user = request.user
    if request.method == "POST" and "start" in request.POST:
        two_factor.start_enrolment(user)
        return redirect("accounts:two_factor_setup")
    device = two_factor.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and device is not None and form.is_valid():
        accepted, throttled = two_factor.check(device, form.cleaned_data["code"])
        if accepted:
            two_factor.confirm(request, device)
            messages.success(request, _("2段階認証を登録しました。次回から、パスワードの後に"
                                        "確認コードを入力します。"))
            return redirect("accounts:account")
        form.add_error("code", _("しばらく待ってからもう一度入力してください。") if throttled
                       else _("確認コードが正しくありません。認証アプリの時刻を確認して、"
                              "新しいコードを入力してください。"))
    return render(request, "accounts/two_factor_setup.html", {
        "device": device, "form": form,
        "qr": two_factor.qr_svg(device) if device else "",
        "secret": b32encode(device.bin_key).decode() if device else "",
        "has_device": two_factor.has_confirmed_device(user),
        "required": two_factor.is_required(user),
    }, status=200 if not form.errors else 400)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """After the password: the code from the user's device (wrong codes count as failures)."""
    user = request.user
    device = two_factor.confirmed_device(user)
    if device is None or user.is_verified():
        return redirect(_next(request))
    credentials = {"username": user.get_username(), "step": "code"}
    if AxesProxyHandler.is_locked(request, credentials):
        logout(request)
        return lockout.lockout_response(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accepted, throttled = two_factor.check(device, form.cleaned_data["code"])
        if accepted:
            otp_login(request, device)
            signin.record(signin.SIGN_IN, request, user, actor=user, step="code")
            return redirect(_next(request))
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            logout(request)
            return lockout.lockout_response(request)
        form.add_error("code", _("しばらく待ってからもう一度入力してください。") if throttled
                       else _("確認コードが正しくありません。"))
    return render(request, "accounts/two_factor_verify.html",
                  {"form": form, "next": _next(request, "")},
                  status=200 if not form.errors else 400)


@role_required(Role.PLANNING_ADMIN)
@require_http_methods(["GET", "POST"])
def lockouts(request):
    """Current lockouts; POST lifts one (a name from an address, or an address)."""
    form = UnlockForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            lockout.unlock(request.user, username=data["username"],
                           ip_address=data["ip_address"] or "", request=request)
            who = data["username"] or data["ip_address"]
            messages.success(request, _("%(who)s のロックを解除しました。") % {"who": who})
            return redirect("accounts:lockouts")
    return render(request, "accounts/lockouts.html", {
        "lockouts": lockout.current_lockouts(), "form": form,
        "limits": {"account": lockout.failure_limit(), "address": lockout.address_limit(),
                   "minutes": settings.SHISAKU_SIGNIN_LOCKOUT_MINUTES},
    }, status=200 if not form.errors else 400)
