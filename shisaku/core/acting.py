"""Who is acting: the signed-in user on the web, a named user or the OS user for commands.

Every audit entry written inside `acting(...)` carries the actor and, in
`additional_data`, the path the change came through (web, admin, command ...).
"""

import contextlib
import functools
import getpass
import inspect
from contextvars import ContextVar

from auditlog.context import auditlog_value, set_extra_data

_current: ContextVar[dict | None] = ContextVar("shisaku_audit_current", default=None)
_actor: ContextVar[object | None] = ContextVar("shisaku_audit_actor", default=None)


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
    token, actor_token = _current.set(data), _actor.set(actor)
    try:
        with set_extra_data(context_data=context):
            yield data
    finally:
        _current.reset(token)
        _actor.reset(actor_token)
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


def audited(service):
    """A domain service's writes are attributed to the user it acts for.

    On the web the request already names the signed-in user; a service called elsewhere
    (a script, a test, a job) names its own `user` argument, so no entry is anonymous.
    """
    signature = inspect.signature(service)

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        try:
            user = signature.bind_partial(*args, **kwargs).arguments.get("user")
        except TypeError:
            user = None
        if user is None or _actor.get() is not None or not getattr(
                user, "is_authenticated", False):
            return service(*args, **kwargs)
        outer = dict(_current.get() or {})
        via = outer.pop("via", "service")
        with acting(user, via=via, **outer):
            return service(*args, **kwargs)

    return wrapper
