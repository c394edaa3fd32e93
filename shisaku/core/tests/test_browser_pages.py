"""A clerk's path through the app in headless Chromium: log in, open the plan, a project."""

import os

import pytest

from shisaku.core.tests.browser import log_in, skip_without_chromium

pytestmark = [pytest.mark.browser, skip_without_chromium, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SHISAKU_SCREENSHOTS")  # set to a folder to keep screenshots


@pytest.fixture
def demo(transactional_db):
    from shisaku.demo.loader import create_demo_users, load_demo

    load_demo()
    create_demo_users()


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_planning_admin_reads_program4_tree_and_follows_a_project(page, live_server, demo):
    log_in(page, live_server, "kikaku", "shisaku-demo")
    assert "企画課のホーム" in page.content()
    shot(page, "home_planning")
    page.goto(f"{live_server.url}/plan/?program=4")
    assert page.locator(".tree li.node.level-3").count() == 19
    assert page.locator(".tree-root > li.node").count() == 5
    shot(page, "plan_program4")
    page.click("text=中小企業融資支援事業")
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "中小企業融資支援事業"
    assert "第4期実行プログラム" in page.content()


def test_wrong_password_shows_japanese_error(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "kikaku")
    page.fill("#id_password", "wrong")
    page.click("main button[type=submit]")
    page.wait_for_selector(".errors")
    assert "正しいユーザー名とパスワード" in page.content()


def test_section_editor_is_refused_a_planning_form(page, live_server, demo):
    log_in(page, live_server, "kogyo", "shisaku-demo")
    response = page.goto(f"{live_server.url}/projects/new/")
    assert response.status == 403
