"""The optional second factor: a TOTP device (django-otp) per user.

A user enrols from their account page (an unconfirmed device, confirmed by one code) and
from then on gives a code after the password. With SHISAKU_REQUIRE_2FA, superusers and
planning admins must have a confirmed device before they reach any other page.
"""

from __future__ import annotations

from django.conf import settings
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Role

DEVICE_NAME = "TOTP"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_confirmed_device(user) -> bool:
    """Whether the user gives a code after the password. The user of a request comes with the
    answer (accounts.backends); any other user object asks once and keeps it."""
    known = getattr(user, "has_confirmed_device", None)
    if known is None:
        known = user.has_confirmed_device = confirmed_device(user) is not None
    return bool(known)


def pending_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def is_required(user) -> bool:
    """The production setting requires a second factor of superusers and planning admins."""
    return settings.SHISAKU_REQUIRE_2FA and user.is_active and (
        user.is_superuser or user.role == Role.PLANNING_ADMIN)


def start_enrolment(user) -> TOTPDevice:
    """A fresh secret, unconfirmed until a code from it is given (an older one is dropped)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def check(device: TOTPDevice, code: str) -> tuple[bool, bool]:
    """(accepted, throttled): a wrong code makes the device wait 1, 2, 4 … s before the next."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return False, True
    return device.verify_token(code.strip().replace(" ", "")), False


def confirm(request, device: TOTPDevice) -> None:
    """The code matched: the device is the user's second factor and this session is verified."""
    from shisaku.audit import signin

    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    device.user.has_confirmed_device = request.user.has_confirmed_device = True
    otp_login(request, device)
    signin.record(signin.TWO_FACTOR_ENROLLED, request, device.user, actor=device.user)


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG QR code (no script, no style attribute)."""
    import segno

    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000",
                                                              light="#fff")


def reset(user, actor=None) -> int:
    """Remove the user's devices (a lost phone): they sign in with the password alone, or are
    sent to enrolment when the second factor is required. `actor` None: a command."""
    from shisaku.audit import signin

    count, _ = TOTPDevice.objects.filter(user=user).delete()
    user.has_confirmed_device = False
    signin.record(signin.TWO_FACTOR_RESET, None, user, actor=actor, devices=count)
    return count
