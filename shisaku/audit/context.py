"""Who is acting: the signed-in user on the web, a named user or the OS user for commands.

Every audit entry written inside `acting(...)` carries the actor and, in
`additional_data`, the path the change came through (web, admin, command ...).
"""

import contextlib
import getpass
from contextvars import ContextVar

from auditlog.context import auditlog_value, set_extra_data

_current: ContextVar[dict | None] = ContextVar("shisaku_audit_current", default=None)


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (e.g. a container without passwd entry)
        return "unknown"


@contextlib.contextmanager
def acting(user=None, *, via: str, remote_addr: str | None = None, **details):
    """Attribute every audit entry written inside to `user` (or the OS user when None)."""
    data = {"via": via, **{k: v for k, v in details.items() if v not in (None, "")}}
    actor = user if user is not None and getattr(user, "is_authenticated", False) else None
    context = {"actor": actor, "additional_data": data, "remote_addr": remote_addr}
    if actor is None and via not in ("web", "admin"):
        data.setdefault("os_user", os_user())
        context["actor_email"] = f"{data['os_user']}（{via}）"
    previous = auditlog_value.get(None)
    token = _current.set(data)
    try:
        with set_extra_data(context_data=context):
            yield data
    finally:
        _current.reset(token)
        # auditlog does not restore an outer context by itself: give it back.
        if previous is not None:
            auditlog_value.set(previous)


def current_details() -> dict | None:
    return _current.get()


def command_user(username: str | None):
    """The user named by a command's --user option (CommandError when unknown)."""
    if not username:
        return None
    from django.contrib.auth import get_user_model
    from django.core.management.base import CommandError

    try:
        return get_user_model().objects.get(username=username, is_active=True)
    except get_user_model().DoesNotExist as exc:
        raise CommandError(f"ユーザー「{username}」は登録されていないか無効です。") from exc
