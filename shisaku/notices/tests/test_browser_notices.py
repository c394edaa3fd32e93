"""A section editor in Chromium: the header shows the unread count, the notice links to its
page, marking all read clears the count; the page fits a 390 px screen."""

import pytest

from shisaku.core.tests.browser import log_in, skip_without_chromium

pytestmark = [pytest.mark.browser, skip_without_chromium, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def returned(transactional_db):
    from shisaku.accounts.models import Role
    from shisaku.core.testing import PASSWORD, make_project, make_section, make_user
    from shisaku.sheets import workflow
    from shisaku.sheets.models import Sheet
    from shisaku.sheets.tests.factories import make_sheet

    section = make_section("工業振興課")
    make_user("kogyo", Role.SECTION_EDITOR, [section])
    planner = make_user("kikaku", Role.PLANNING_ADMIN)
    sheet = make_sheet(make_project("ものづくり中小企業経営支援事業", section=section),
                       state=Sheet.State.SUBMITTED, complete=True)
    workflow.transition(sheet, "return", planner, comment="指標の実績を入力してください")
    return sheet, PASSWORD


def test_a_returned_sheet_is_seen_in_the_header_and_read_on_the_notices_page(
        page, live_server, returned, tmp_path):
    sheet, password = returned
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "kogyo", password)
    link = page.locator("header .notices-link")
    assert link.locator(".badge").inner_text() == "1"
    link.click()
    page.wait_for_url(f"{live_server.url}/notices/")
    assert "指標の実績を入力してください" in page.inner_text("main")
    page.screenshot(path=str(tmp_path / "notices-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.click("text=すべて既読にする")
    page.wait_for_url(f"{live_server.url}/notices/")
    assert page.locator("header .notices-link .badge").count() == 0
    page.click(f"main a[href='/sheets/{sheet.pk}/']")
    page.wait_for_url(f"{live_server.url}/sheets/{sheet.pk}/")


def test_the_planning_division_sets_a_sections_own_deadline_on_a_narrow_screen(
        page, live_server, returned, tmp_path):
    from shisaku.notices import schedule
    from shisaku.notices.models import Step
    from shisaku.sheets.models import Cycle

    sheet, password = returned
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "kikaku", password)
    page.goto(f"{live_server.url}/notices/schedule/{sheet.fiscal_year}/")
    section = sheet.project.section
    page.fill("#id_due_submission", "2022-05-31")
    page.fill(f"#id_s{section.pk}_submission", "2022-06-15")
    page.screenshot(path=str(tmp_path / "schedule-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.click("main button.primary")
    page.wait_for_url(f"{live_server.url}/notices/schedule/{sheet.fiscal_year}/")
    assert "予定を保存しました" in page.inner_text("main")
    cycle = Cycle.objects.get(pk=sheet.cycle_id)
    assert str(cycle.sheet_due) == "2022-05-31"
    assert str(schedule.due_date(cycle, Step.SUBMISSION, section)) == "2022-06-15"
