"""Sign-in, sign-out and failed sign-ins go into the same audit trail as record changes."""

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType

SIGN_IN, SIGN_OUT, SIGN_IN_FAILED = "sign_in", "sign_out", "sign_in_failed"


def _address(request) -> str | None:
    if request is None:
        return None
    forwarded = request.headers.get("X-Forwarded-For", "")
    return (forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR")) or None


def record(event: str, request, user=None, username: str = "", actor=None) -> LogEntry:
    """One ACCESS entry about `user` (or the name typed when no such user exists)."""
    model = get_user_model()
    username = username or (user.get_username() if user is not None else "")
    entry = LogEntry(
        content_type=ContentType.objects.get_for_model(model),
        object_pk=str(user.pk) if user is not None else username[:255],
        object_id=user.pk if user is not None else None,
        object_repr=username[:150],
        action=LogEntry.Action.ACCESS,
        changes={},
        actor=actor,
        actor_email=getattr(actor, "email", None) or None,
        remote_addr=_address(request),
        additional_data={"via": "web", "event": event, "username": username[:150],
                         "path": getattr(request, "path", "")},
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
    record(SIGN_IN_FAILED, request, known, username=username)


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="shisaku.audit.sign_in")
    user_logged_out.connect(_logged_out, dispatch_uid="shisaku.audit.sign_out")
    user_login_failed.connect(_failed, dispatch_uid="shisaku.audit.sign_in_failed")
