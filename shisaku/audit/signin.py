"""Sign-in, sign-out, failed sign-ins, lockouts and second factors go into the same audit
trail as record changes."""

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType

SIGN_IN, SIGN_OUT, SIGN_IN_FAILED = "sign_in", "sign_out", "sign_in_failed"
LOCKED_OUT, UNLOCKED = "sign_in_locked", "sign_in_unlocked"
TWO_FACTOR_ENROLLED, TWO_FACTOR_RESET = "two_factor_enrolled", "two_factor_reset"


def _address(request) -> str | None:
    """The address the sign-in lockout counts (a client cannot write it into a header)."""
    if request is None:
        return None
    from shisaku.accounts.lockout import client_address

    return client_address(request) or None


def record(event: str, request, user=None, username: str = "", actor=None,
           **details) -> LogEntry:
    """One ACCESS entry about `user` (or the name typed when no such user exists).

    Without a request (a command), the path and OS user come from the `acting` context."""
    from .context import current_details

    model = get_user_model()
    username = username or (user.get_username() if user is not None else "")
    data = {"via": "web", "path": getattr(request, "path", "")}
    if request is None:
        data.update(current_details() or {})
    data.update({"event": event, "username": username[:150]})
    data.update({k: v for k, v in details.items() if v not in (None, "")})
    entry = LogEntry(
        content_type=ContentType.objects.get_for_model(model),
        object_pk=str(user.pk) if user is not None else username[:255],
        object_id=user.pk if user is not None else None,
        object_repr=username[:150],
        action=LogEntry.Action.ACCESS,
        changes={},
        actor=actor,
        actor_email=getattr(actor, "email", None) or (
            f"{data['os_user']}（{data['via']}）" if actor is None and "os_user" in data
            else None),
        remote_addr=_address(request),
        additional_data=data,
    )
    # bulk_create skips auditlog's pre_save hook, which would overwrite the event data
    # with the request's context.
    LogEntry.objects.bulk_create([entry])
    return entry


def _logged_in(sender, request, user, **kwargs):
    record(SIGN_IN, request, user, actor=user)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(SIGN_OUT, request, user, actor=user)


def _failed(sender, credentials, request=None, **kwargs):
    # Only the name typed: Django has already masked the password in `credentials`.
    username = str(credentials.get("username", ""))
    known = get_user_model().objects.filter(username=username).first()
    # An attempt refused during a lockout, and the failure that starts one (accounts/lockout.py).
    refused = getattr(request, "axes_locked_out", False) and not getattr(
        request, "shisaku_lockout_started", False)
    record(SIGN_IN_FAILED, request, known, username=username,
           refused="locked" if refused else None, step=credentials.get("step"))
    if getattr(request, "shisaku_lockout_started", False):
        record(LOCKED_OUT, request, known, username=username)


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="shisaku.audit.sign_in")
    user_logged_out.connect(_logged_out, dispatch_uid="shisaku.audit.sign_out")
    user_login_failed.connect(_failed, dispatch_uid="shisaku.audit.sign_in_failed")
