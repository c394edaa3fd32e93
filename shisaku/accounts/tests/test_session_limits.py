"""A session ends after SHISAKU_SESSION_IDLE_MINUTES without a request and, however busy,
SESSION_COOKIE_AGE after signing in; both say why on the login page."""

import time
from urllib.parse import quote

import pytest
from django.urls import reverse

from shisaku.accounts.middleware import LAST_SEEN, SIGNED_IN_AT
from shisaku.core.testing import PASSWORD

pytestmark = pytest.mark.django_db

IDLE = "しばらく操作がなかったため（30分）、安全のためログアウトしました。"


def shift(client, key, seconds_ago):
    session = client.session
    session[key] = int(time.time()) - seconds_ago
    session.save()


def test_an_idle_session_expires_and_the_login_page_says_why(client, users):
    client.force_login(users["section_editor"])
    assert client.get(reverse("home")).status_code == 200
    shift(client, LAST_SEEN, 31 * 60)
    response = client.get(reverse("sheets:mine"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=" + quote(reverse("sheets:mine"),
                                                                        safe="")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert IDLE in page
    assert client.get(reverse("sheets:mine")).status_code == 302  # still signed out


def test_an_active_session_stays_and_its_last_request_is_remembered(client, users):
    client.force_login(users["section_editor"])
    shift(client, LAST_SEEN, 29 * 60)
    assert client.get(reverse("home")).status_code == 200
    assert client.session[LAST_SEEN] >= int(time.time()) - 5
    shift(client, LAST_SEEN, 29 * 60)  # another 29 minutes later: still signed in
    assert client.get(reverse("home")).status_code == 200


def test_the_idle_time_is_configurable(client, users, settings):
    settings.SHISAKU_SESSION_IDLE_MINUTES = 5
    client.force_login(users["viewer"])
    shift(client, LAST_SEEN, 6 * 60)
    response = client.get(reverse("home"), follow=True)
    assert "しばらく操作がなかったため（5分）" in response.content.decode()


def test_a_busy_session_still_ends_at_its_absolute_lifetime(client, users, settings):
    settings.SESSION_COOKIE_AGE = 12 * 3600
    client.force_login(users["planning_admin"])
    shift(client, SIGNED_IN_AT, 12 * 3600 + 60)
    shift(client, LAST_SEEN, 10)
    response = client.get(reverse("home"), follow=True)
    assert "_auth_user_id" not in client.session
    assert "ログインしてから12時間が経過したため" in response.content.decode()


def test_a_session_ended_by_idleness_is_recorded_as_a_sign_out(client, users):
    from auditlog.models import LogEntry

    client.force_login(users["viewer"])
    shift(client, LAST_SEEN, 31 * 60)
    client.get(reverse("home"))
    assert LogEntry.objects.filter(additional_data__event="sign_out").count() == 1


def test_an_htmx_request_of_an_expired_session_is_sent_to_the_login_page(client, users):
    client.force_login(users["viewer"])
    shift(client, LAST_SEEN, 31 * 60)
    response = client.get(reverse("home"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_anonymous_visitors_are_not_affected(client, users):
    assert client.get(reverse("reports:public")).status_code == 200
    assert LAST_SEEN not in client.session
    response = client.post(reverse("login"), {"username": "etsuran", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
