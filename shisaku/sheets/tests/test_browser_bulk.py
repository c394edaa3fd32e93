"""The planning division in Chromium: confirm several sheets at once from the dashboard,
read the summary, confirm, then move the year to 確定 through its confirmation page."""

import os

import pytest

from shisaku.core.tests.browser import log_in, skip_without_chromium

pytestmark = [pytest.mark.browser, skip_without_chromium, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def year(transactional_db):
    from shisaku.accounts.models import Role
    from shisaku.core.testing import PASSWORD, make_article, make_project, make_section, make_user
    from shisaku.sheets.models import Cycle, Sheet

    from .factories import make_cycle, make_sheet

    make_user("kikaku", Role.PLANNING_ADMIN)
    section = make_section("工業振興課")
    article = make_article(12)
    cycle = make_cycle(2026, Cycle.Status.VERIFYING)
    sheets = {
        name: make_sheet(make_project(name, section=section, articles=[article]), cycle,
                         state=state, verified=verified, complete=True)
        for name, state, verified in (
            ("起業化総合支援事業", Sheet.State.SUBMITTED, True),
            ("ものづくり中小企業経営支援事業", Sheet.State.SUBMITTED, True),
            ("技能奨励事業", Sheet.State.DRAFT, False),
        )
    }
    return cycle, sheets, PASSWORD


def test_planning_confirms_in_bulk_then_settles_the_year(page, live_server, year):
    from shisaku.sheets.models import Cycle, Sheet

    cycle, sheets, password = year
    log_in(page, live_server, "kikaku", password)
    page.goto(f"{live_server.url}/sheets/fy/2026/")
    page.wait_for_url(f"{live_server.url}/sheets/fy/2026/")
    page.check("input[name=article][form=bulk-form]")  # every sheet of 第12条
    page.select_option("#id_bulk_action", "confirm")
    page.click("#bulk-form button[type=submit]")
    page.wait_for_selector("#bulk-changing")
    assert "変更するシート 2件" in page.content()
    skipped = page.locator("#bulk-skipped").inner_text()
    assert "技能奨励事業" in skipped and "提出されていないため確認できません" in skipped
    assert Sheet.objects.filter(state=Sheet.State.CONFIRMED).count() == 0  # nothing yet
    _screenshot(page, "bulk_summary.png")
    page.click("button:has-text('2件を「確認」する')")
    page.wait_for_url(f"{live_server.url}/sheets/fy/2026/")
    assert "2件のシートを「確認」しました" in page.content()
    assert {s.project.name for s in Sheet.objects.filter(state=Sheet.State.CONFIRMED)} == {
        "起業化総合支援事業", "ものづくり中小企業経営支援事業"}
    assert Sheet.objects.get(pk=sheets["技能奨励事業"].pk).state == Sheet.State.DRAFT

    page.select_option("#id_status", "settled")
    page.click("button:has-text('進める')")
    page.wait_for_selector("h1:has-text('令和8（2026）年度を「検証中」から「確定」に進めますか')")
    assert "確認済の事業シート 2件（検証対象 2件）" in page.content()
    _screenshot(page, "cycle_settle_confirm.png")
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.VERIFYING
    page.click("button:has-text('「確定」に進める')")
    page.wait_for_url(f"{live_server.url}/sheets/fy/2026/")
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.SETTLED


def _screenshot(page, name: str) -> None:
    if os.environ.get("SHISAKU_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SHISAKU_SCREENSHOTS"], name), full_page=True)
