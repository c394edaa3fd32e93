"""Staff API tokens: created and revoked by their owner, read-only, audited.

The secret is shown once at creation; only its SHA-256 is stored, so a leaked database does
not hand out working tokens. A token reads what its owner may read and never writes (the API
has only GET routes).
"""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shisaku.accounts.access import STAFF_ROLES, has_role
from shisaku.audit.context import audited

from .models import ApiToken

PREFIX = "shk_"
MAX_ACTIVE = 10
# Writing `last_used_at` on every call would turn each read into a write: once a minute is enough.
TOUCH_EVERY = 60


def can_hold_tokens(user) -> bool:
    """The planning division and section editors (they read their own unpublished sheets)."""
    return has_role(user, *STAFF_ROLES)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@audited
@transaction.atomic
def create_token(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token of `user`: (token, secret). The secret is not stored and not shown again."""
    if not can_hold_tokens(user):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("トークンの名前を入力してください。")})
    limit = ApiToken._meta.get_field("name").max_length
    if limit is not None and len(name) > limit:
        raise ValidationError({"name": _("名前は100文字以内で入力してください。")})
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE:
        raise ValidationError(_("有効なトークンは%(n)s個までです。使わないトークンを失効させてください。")
                              % {"n": MAX_ACTIVE})
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_hash=digest(secret))
    return token, secret


@audited
@transaction.atomic
def revoke_token(*, user, token_id: int) -> ApiToken:
    """Revoke one of `user`'s own tokens (revoking twice changes nothing)."""
    if not can_hold_tokens(user):
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
    if token is None:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def user_for(secret: str):
    """The active staff user behind a bearer secret, or None (unknown, revoked, or the user
    lost their staff role)."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = (ApiToken.objects.active().select_related("user")
             .filter(key_hash=digest(secret)).first())
    if token is None or not can_hold_tokens(token.user):
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > TOUCH_EVERY:
        # A bookkeeping stamp, not a change of the record: no audit entry.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
