"""Repeated failed sign-ins lock a name (per address) and an address (over every name); the
planning division lifts a lockout on a page or with a command; the audit trail keeps it all."""

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from shisaku.core.testing import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "ログインの失敗が続いたため、ログインを一時的に停止しています。"


def sign_in(client, username, password, address="192.0.2.10"):
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def events(*names):
    return [(e.additional_data["event"], e.additional_data["username"])
            for e in LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("pk")
            if not names or e.additional_data["event"] in names]


def test_the_51st_wrong_password_is_refused_even_when_correct_with_the_lockout_message(
        client, users):
    for _ in range(50):
        assert not signed_in(client)
        sign_in(client, "kogyo", "wrong-password")
    response = sign_in(client, "kogyo", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page and "企画課にロックの解除を依頼してください" in page
    assert "30分ほど待ってから" in page
    assert '<header class="site">' in page  # the site's layout, not a bare 403
    assert not signed_in(client)


def test_the_lockout_starts_at_the_configured_number_of_failures(client, users, settings):
    settings.SHISAKU_SIGNIN_FAILURES_PER_ACCOUNT = 3
    for _ in range(2):
        assert sign_in(client, "kogyo", "wrong-password").status_code == 200
    assert sign_in(client, "kogyo", "wrong-password").status_code == 429
    assert LOCKED in sign_in(client, "kogyo", PASSWORD).content.decode()
    assert not signed_in(client)


def test_a_locked_name_may_still_sign_in_from_another_address(client, users, settings):
    settings.SHISAKU_SIGNIN_FAILURES_PER_ACCOUNT = 3
    for _ in range(3):
        sign_in(client, "kogyo", "wrong-password")
    assert sign_in(client, "kogyo", PASSWORD).status_code == 429
    sign_in(client, "kogyo", PASSWORD, address="198.51.100.7")
    assert signed_in(client)


def test_an_address_is_locked_after_failures_over_different_names(client, users, settings):
    settings.SHISAKU_SIGNIN_FAILURES_PER_ADDRESS = 5
    for n in range(5):
        sign_in(client, f"guess{n}", "wrong-password")
    response = sign_in(client, "kogyo", PASSWORD)
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not signed_in(client)
    sign_in(client, "kogyo", PASSWORD, address="198.51.100.7")
    assert signed_in(client)


def test_a_lockout_ends_by_itself_after_the_cool_off_time(client, users, settings):
    settings.SHISAKU_SIGNIN_FAILURES_PER_ACCOUNT = 3
    settings.SHISAKU_SIGNIN_LOCKOUT_MINUTES = 15
    for _ in range(3):
        sign_in(client, "kogyo", "wrong-password")
    assert sign_in(client, "kogyo", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(minutes=16))
    sign_in(client, "kogyo", PASSWORD)
    assert signed_in(client)


def test_an_x_forwarded_for_header_does_not_change_the_counted_address(client, users,
                                                                        settings):
    settings.SHISAKU_SIGNIN_FAILURES_PER_ACCOUNT = 3
    for n in range(3):
        client.post(reverse("login"), {"username": "kogyo", "password": "wrong"},
                    REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert sign_in(client, "kogyo", PASSWORD).status_code == 429
    addresses = {e.remote_addr for e in LogEntry.objects.filter(action=LogEntry.Action.ACCESS)}
    assert addresses == {"192.0.2.10"}


def test_behind_a_trusted_proxy_the_address_it_saw_is_counted(client, users, settings):
    settings.SHISAKU_SIGNIN_FAILURES_PER_ACCOUNT = 3
    settings.SHISAKU_TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        client.post(reverse("login"), {"username": "kogyo", "password": "wrong"},
                    REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"
    response = client.post(reverse("login"), {"username": "kogyo", "password": PASSWORD},
                           REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.77")
    assert response.status_code == 302  # another client behind the same proxy


def test_failures_the_lockout_and_refused_attempts_are_in_the_audit_trail(client, users,
                                                                           settings):
    settings.SHISAKU_SIGNIN_FAILURES_PER_ACCOUNT = 2
    sign_in(client, "kogyo", "wrong-password")
    sign_in(client, "kogyo", "wrong-password")
    sign_in(client, "kogyo", PASSWORD)
    assert events() == [("sign_in_failed", "kogyo"), ("sign_in_failed", "kogyo"),
                        ("sign_in_locked", "kogyo"), ("sign_in_failed", "kogyo")]
    refused = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("pk").last()
    assert refused.additional_data["refused"] == "locked"
    assert refused.object_id == users["section_editor"].pk
    assert not LogEntry.objects.filter(additional_data__icontains=PASSWORD).exists()


def test_a_successful_sign_in_is_still_recorded_and_clears_earlier_failures(client, users):
    sign_in(client, "kogyo", "wrong-password")
    sign_in(client, "kogyo", PASSWORD)
    assert signed_in(client)
    assert events() == [("sign_in_failed", "kogyo"), ("sign_in", "kogyo")]
    assert not AccessAttempt.objects.exists()


# --- unlocking ---------------------------------------------------------------------------


@pytest.fixture
def locked(client, users, settings):
    settings.SHISAKU_SIGNIN_FAILURES_PER_ACCOUNT = 3
    for _ in range(3):
        sign_in(client, "kogyo", "wrong-password")
    assert sign_in(client, "kogyo", PASSWORD).status_code == 429
    return users["section_editor"]


def test_the_planning_division_sees_the_lockout_and_lifts_it_with_an_audit_entry(
        client, locked, users):
    from django.test import Client

    admin = Client(enforce_csrf_checks=False)
    admin.force_login(users["planning_admin"])
    page = admin.get(reverse("accounts:lockouts")).content.decode()
    assert "kogyo" in page and "192.0.2.10" in page
    response = admin.post(reverse("accounts:lockouts"),
                          {"username": "kogyo", "ip_address": "192.0.2.10"})
    assert response.status_code == 302
    assert "現在ロックされているログインはありません。" in admin.get(
        reverse("accounts:lockouts")).content.decode()
    sign_in(client, "kogyo", PASSWORD)
    assert signed_in(client)
    entry = LogEntry.objects.get(additional_data__event="sign_in_unlocked")
    assert entry.actor == users["planning_admin"]
    assert entry.object_id == locked.pk
    assert entry.additional_data["ip_address"] == "192.0.2.10"
    assert entry.additional_data["attempts"] == 1


@pytest.mark.parametrize("role", ["section_editor", "council_member", "viewer"])
def test_other_roles_may_not_lift_a_lockout(client, locked, users, role):
    from django.test import Client

    other = Client()
    other.force_login(users[role])
    assert other.get(reverse("accounts:lockouts")).status_code == 403
    assert other.post(reverse("accounts:lockouts"), {"username": "kogyo"}).status_code == 403
    assert sign_in(client, "kogyo", PASSWORD).status_code == 429
    assert not LogEntry.objects.filter(additional_data__event="sign_in_unlocked").exists()


def test_an_unlock_without_a_name_or_address_is_refused_and_changes_nothing(locked, users):
    from django.test import Client

    admin = Client()
    admin.force_login(users["planning_admin"])
    response = admin.post(reverse("accounts:lockouts"), {"username": "", "ip_address": ""})
    assert response.status_code == 400
    assert "ロックを解除するユーザー名またはアドレスを指定してください。" in response.content.decode()
    assert AccessAttempt.objects.exists()


def test_the_unlock_user_command_lifts_the_lockout_and_is_audited(client, locked, capsys):
    call_command("unlock_user", "kogyo")
    assert "ロックを解除しました" in capsys.readouterr().out
    sign_in(client, "kogyo", PASSWORD)
    assert signed_in(client)
    entry = LogEntry.objects.get(additional_data__event="sign_in_unlocked")
    assert entry.actor is None and entry.additional_data["via"] == "command"
