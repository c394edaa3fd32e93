"""Staff API tokens: created and revoked by their owner on a page with CSRF, hashed, audited."""

import hashlib
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from shisaku.accounts.models import User
from shisaku.api import tokens
from shisaku.api.models import ApiToken

pytestmark = pytest.mark.usefixtures("published_demo")


def signed_in(username: str, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(User.objects.get(username=username))
    return client


def test_a_section_editor_creates_a_token_whose_secret_is_shown_once_and_stored_hashed(db):
    client = signed_in("kogyo")
    response = client.post(reverse("api:tokens"), {"name": "集計用"})
    assert response.status_code == 200
    secret = re.search(r"shk_[A-Za-z0-9_-]+", response.content.decode()).group(0)
    token = ApiToken.objects.get(user__username="kogyo")
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in client.get(reverse("api:tokens")).content.decode()
    answer = client.get("/api/v1/sheets", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert answer.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_creating_and_revoking_are_in_the_audit_trail(db):
    from auditlog.models import LogEntry

    client = signed_in("kikaku")
    client.post(reverse("api:tokens"), {"name": "監査の確認"})
    token = ApiToken.objects.get(user__username="kikaku")
    client.post(reverse("api:tokens"), {"revoke": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None
    entries = LogEntry.objects.get_for_object(token).order_by("timestamp")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert all(e.actor.username == "kikaku" for e in entries)
    assert all("key_hash" not in e.changes_dict for e in entries)


def test_no_one_revokes_another_persons_token(db):
    token, _secret = tokens.create_token(user=User.objects.get(username="shogyo"), name="x")
    response = signed_in("kogyo").post(reverse("api:tokens"), {"revoke": token.pk})
    assert response.status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_only_planning_admins_and_section_editors_hold_tokens(db, client):
    for username in ("iin", "etsuran"):
        assert signed_in(username).get(reverse("api:tokens")).status_code == 403
        with pytest.raises(PermissionDenied):
            tokens.create_token(user=User.objects.get(username=username), name="x")
    assert client.get(reverse("api:tokens")).status_code == 302
    assert signed_in("nogyo").get(reverse("api:tokens")).status_code == 200


def test_the_token_form_needs_a_name_and_the_csrf_token(db):
    client = signed_in("kogyo")
    assert client.post(reverse("api:tokens"), {"name": "  "}).status_code == 400
    assert not ApiToken.objects.exists()
    strict = signed_in("kogyo", enforce_csrf_checks=True)
    assert strict.post(reverse("api:tokens"), {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_active_tokens_are_limited_per_person(db):
    user = User.objects.get(username="kogyo")
    for n in range(tokens.MAX_ACTIVE):
        tokens.create_token(user=user, name=f"t{n}")
    response = signed_in("kogyo").post(reverse("api:tokens"), {"name": "one more"})
    assert response.status_code == 400
    assert ApiToken.objects.filter(user=user).count() == tokens.MAX_ACTIVE
