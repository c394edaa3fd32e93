"""The optional TOTP second factor: enrolment from the account page, the code after the
password, wrong codes refused and throttled, and SHISAKU_REQUIRE_2FA for planning admins."""

import time

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from shisaku.accounts import two_factor
from shisaku.core.testing import PASSWORD

pytestmark = pytest.mark.django_db


def code(device, steps_ahead=0) -> str:
    """The device's code now (or a later step: a code is accepted only once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def enrol(client, user) -> TOTPDevice:
    client.force_login(user)
    client.post(reverse("accounts:two_factor_setup"), {"start": "1"})
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("accounts:two_factor_setup"), {"code": code(device)})
    assert response.status_code == 302
    client.post(reverse("logout"))
    device.refresh_from_db()
    return device


def sign_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def test_a_user_enrols_a_device_from_the_account_page_with_a_qr_code(client, users):
    user = users["section_editor"]
    client.force_login(user)
    page = client.get(reverse("accounts:account")).content.decode()
    assert reverse("accounts:two_factor_setup") in page
    client.post(reverse("accounts:two_factor_setup"), {"start": "1"})
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert '<svg' in page and "<script" not in page and "style=" not in page
    response = client.post(reverse("accounts:two_factor_setup"), {"code": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert LogEntry.objects.filter(additional_data__event="two_factor_enrolled",
                                   actor=user).exists()


def test_a_wrong_code_does_not_confirm_the_device_and_keeps_it_pending(client, users):
    user = users["section_editor"]
    client.force_login(user)
    client.post(reverse("accounts:two_factor_setup"), {"start": "1"})
    response = client.post(reverse("accounts:two_factor_setup"), {"code": "000000"
                           if code(TOTPDevice.objects.get()) != "000000" else "111111"})
    assert response.status_code == 400
    assert "確認コードが正しくありません。" in response.content.decode()
    assert not TOTPDevice.objects.get().confirmed


def test_after_enrolment_sign_in_asks_for_the_code_after_the_password(client, users):
    device = enrol(client, users["section_editor"])
    response = sign_in(client, "kogyo")
    assert response.status_code == 302
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert client.get(reverse("sheets:mine")).status_code == 302  # nothing else either
    page = client.get(reverse("accounts:two_factor_verify")).content.decode()
    assert "確認コードの入力" in page
    response = client.post(reverse("accounts:two_factor_verify"),
                           {"code": code(device, steps_ahead=1), "next": reverse("sheets:mine")})
    assert response.status_code == 302 and response["Location"] == reverse("sheets:mine")
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_is_refused_recorded_and_throttles_the_next_try(client, users, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute's wait: no race with a slow machine
    device = enrol(client, users["section_editor"])
    sign_in(client, "kogyo")
    right = code(device, steps_ahead=1)
    wrong = "123456" if right != "123456" else "654321"
    response = client.post(reverse("accounts:two_factor_verify"), {"code": wrong})
    assert response.status_code == 400
    assert "確認コードが正しくありません。" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302
    # Right after a wrong code even the right one waits.
    response = client.post(reverse("accounts:two_factor_verify"), {"code": right})
    assert "しばらく待ってからもう一度入力してください。" in response.content.decode()
    TOTPDevice.objects.update(
        throttling_failure_timestamp=timezone.now() - timezone.timedelta(minutes=5))
    client.post(reverse("accounts:two_factor_verify"), {"code": right})
    assert client.get(reverse("home")).status_code == 200
    failed = LogEntry.objects.filter(additional_data__event="sign_in_failed")
    assert [e.additional_data.get("step") for e in failed] == ["code", "code"]


def test_wrong_codes_count_towards_the_sign_in_lockout(client, users, settings):
    settings.SHISAKU_SIGNIN_FAILURES_PER_ACCOUNT = 2
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = enrol(client, users["section_editor"])
    sign_in(client, "kogyo")
    wrong = "123456" if code(device, 1) != "123456" else "654321"
    client.post(reverse("accounts:two_factor_verify"), {"code": wrong})
    response = client.post(reverse("accounts:two_factor_verify"), {"code": wrong})
    assert response.status_code == 429
    assert "ログインを一時的に停止しています" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert sign_in(client, "kogyo").status_code == 429


def test_a_user_without_a_device_signs_in_with_the_password_alone(client, users):
    sign_in(client, "kogyo")
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("accounts:two_factor_verify")).status_code == 302


def test_required_two_factor_sends_a_planning_admin_to_enrolment_only(client, users, settings):
    settings.SHISAKU_REQUIRE_2FA = True
    sign_in(client, "kikaku")
    for name in ("home", "audit:log", "accounts:lockouts", "sheets:mine"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:two_factor_setup"))
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 200
    client.post(reverse("accounts:two_factor_setup"), {"start": "1"})
    device = TOTPDevice.objects.get(user=users["planning_admin"])
    client.post(reverse("accounts:two_factor_setup"), {"code": code(device)})
    assert client.get(reverse("audit:log")).status_code == 200


def test_required_two_factor_applies_to_superusers_too(client, root, settings):
    settings.SHISAKU_REQUIRE_2FA = True
    client.force_login(root)
    assert client.get(reverse("home"))["Location"].startswith(
        reverse("accounts:two_factor_setup"))


def test_required_two_factor_leaves_a_section_editor_free(client, users, settings):
    settings.SHISAKU_REQUIRE_2FA = True
    sign_in(client, "kogyo")
    assert client.get(reverse("sheets:mine")).status_code == 200
    assert not two_factor.is_required(users["section_editor"])


def test_two_factor_is_off_by_default(settings):
    assert settings.SHISAKU_REQUIRE_2FA is False


def test_a_lost_device_is_reset_by_command_and_the_user_enrols_again(client, users, settings,
                                                                       capsys):
    from django.core.management import call_command

    settings.SHISAKU_REQUIRE_2FA = True
    enrol(client, users["planning_admin"])
    call_command("reset_two_factor", "kikaku")
    assert "2段階認証の登録 1件を解除しました。" in capsys.readouterr().out
    assert not TOTPDevice.objects.exists()
    entry = LogEntry.objects.get(additional_data__event="two_factor_reset")
    assert entry.object_id == users["planning_admin"].pk
    assert entry.additional_data["via"] == "command"
    sign_in(client, "kikaku")
    assert client.get(reverse("home"))["Location"].startswith(
        reverse("accounts:two_factor_setup"))
