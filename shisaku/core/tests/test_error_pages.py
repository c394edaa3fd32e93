"""Error pages 400, 403, 404, 500 and the CSRF failure: in the site's layout and the user's
language, with a way back, and for 403 the reason. Run with DEBUG off, as in production."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory, override_settings
from django.urls import path, reverse
from django.utils import translation

from shisaku.core.errors import server_error
from shisaku.core.tests.test_security_headers import inline_markup
from shisaku.urls import urlpatterns as site_urlpatterns

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def _boom(request):
    raise RuntimeError("deliberate failure")


def _suspicious(request):
    raise SuspiciousOperation("tampered input")


def _denied_with_reason(request):
    raise PermissionDenied("このシートは所管課が提出した後にだけ開けます。<b>")


urlpatterns = [
    *site_urlpatterns,
    path("test-errors/boom/", _boom),
    path("test-errors/suspicious/", _suspicious),
    path("test-errors/denied/", _denied_with_reason),
]
handler400 = "shisaku.core.errors.bad_request"
handler403 = "shisaku.core.errors.permission_denied"
handler404 = "shisaku.core.errors.page_not_found"
handler500 = "shisaku.core.errors.server_error"


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False


def in_layout(response, status, heading):
    html = response.content.decode()
    assert response.status_code == status, html[:500]
    assert '<header class="site">' in html and "shisaku/shisaku.css" in html
    assert heading in html
    assert f'href="{reverse("home")}"' in html  # a way back, always
    assert response["Content-Security-Policy"] and not inline_markup(html)
    return html


def test_404_is_in_the_layout_in_japanese_with_a_way_home(client, users):
    html = in_layout(client.get("/no-such-page/"), 404, "ページが見つかりません")
    assert 'lang="ja"' in html
    client.force_login(users["viewer"])
    html = in_layout(client.get("/no-such-page/"), 404, "ページが見つかりません")
    assert "ログアウト" in html  # the signed-in layout: menu and account


def test_404_follows_the_language_the_user_chose(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        heading = translation.gettext("ページが見つかりません")
        home = translation.gettext("トップページへ")
    html = in_layout(client.get("/no-such-page/"), 404, heading)
    assert 'lang="en"' in html and home in html


def test_the_way_back_goes_to_the_previous_page_only_on_this_site(client):
    html = in_layout(client.get("/no-such-page/", HTTP_REFERER="http://testserver/plan/"),
                     404, "ページが見つかりません")
    assert 'href="http://testserver/plan/"' in html and "前のページに戻る" in html
    html = in_layout(client.get("/no-such-page/", HTTP_REFERER="https://evil.example/x"),
                     404, "ページが見つかりません")
    assert "evil.example" not in html and "前のページに戻る" not in html


def test_403_says_the_role_cannot_open_the_page_and_whom_to_ask(client, users):
    client.force_login(users["viewer"])
    html = in_layout(client.get(reverse("reports:index", kwargs={"fy": 2021})), 403,
                     "このページを開く権限がありません")
    assert "あなたの役割（閲覧者）ではこのページを開けません。" in html
    assert "企画課（管理者）に権限の確認を依頼してください" in html
    assert "403 Forbidden" not in html


def test_403_gives_the_reason_when_the_refusal_has_one(client, users):
    client.force_login(users["section_editor"])
    html = in_layout(client.get("/test-errors/denied/"), 403, "このページを開く権限がありません")
    assert "このシートは所管課が提出した後にだけ開けます。&lt;b&gt;" in html  # escaped
    assert "あなたの役割" not in html


def test_400_is_in_the_layout(client):
    in_layout(client.get("/test-errors/suspicious/"), 400, "リクエストを処理できません")


def test_a_request_for_a_host_not_allowed_gets_the_400_page():
    response = Client(HTTP_HOST="attacker.example").get("/")
    in_layout(response, 400, "リクエストを処理できません")


def test_500_is_a_standalone_page_that_looks_like_the_layout(users):
    client = Client(raise_request_exception=False)
    client.force_login(users["planning_admin"])
    response = client.get("/test-errors/boom/")
    html = in_layout(response, 500, "サーバーでエラーが発生しました")
    assert "deliberate failure" not in html and "Traceback" not in html
    assert "企画課（管理者）にお知らせください" in html


def test_500_renders_without_the_database_or_context_processors(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "サーバーでエラーが発生しました" in response.content.decode()


def test_500_in_english_when_english_is_active(users):
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        heading = translation.gettext("サーバーでエラーが発生しました")
    html = in_layout(client.get("/test-errors/boom/"), 500, heading)
    assert 'lang="en"' in html


def test_500_falls_back_to_fixed_markup_when_its_template_cannot_render():
    with override_settings(TEMPLATES=[{"BACKEND": "django.template.backends.django."
                                       "DjangoTemplates", "DIRS": [], "APP_DIRS": False}]):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "サーバーエラー / Server error" in response.content.decode()


def test_a_csrf_failure_is_explained_in_the_layout_and_nothing_is_saved(users):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "kikaku", "password": "x"})
    html = in_layout(response, 403, "送信を受け付けられませんでした")
    assert "送信内容は保存されていません" in html
