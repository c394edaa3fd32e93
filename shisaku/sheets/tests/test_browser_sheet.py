"""A section editor in Chromium: edit an indicator value, submit, see the new state."""

import os

import pytest

from shisaku.core.tests.browser import log_in, skip_without_chromium

pytestmark = [pytest.mark.browser, skip_without_chromium, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_sheet(transactional_db):
    from shisaku.accounts.models import Role
    from shisaku.core.testing import PASSWORD, make_project, make_section, make_user

    from .factories import make_sheet

    section = make_section("工業振興課")
    make_user("kogyo", Role.SECTION_EDITOR, [section])
    sheet = make_sheet(make_project("ものづくり中小企業経営支援事業", section=section), complete=True)
    return sheet, PASSWORD


def test_section_editor_edits_a_value_and_submits(page, live_server, editor_sheet):
    from shisaku.sheets.models import IndicatorValue, Sheet

    sheet, password = editor_sheet
    indicator = sheet.project.indicators.get()
    log_in(page, live_server, "kogyo", password)
    page.goto(f"{live_server.url}/sheets/")
    page.click("text=ものづくり中小企業経営支援事業")
    page.click("a.button:has-text('編集')")
    # The form checks a cell once htmx has bound it, which happens as the page loads;
    # typing before that would leave the check unsent.
    page.wait_for_url(f"{live_server.url}/sheets/{sheet.pk}/edit/")
    page.wait_for_function("() => window.htmx !== undefined && document.readyState === 'complete'")
    actual = page.locator(f"input[name='v{indicator.pk}_2021-actual']")
    actual.fill("-5")
    actual.blur()
    page.wait_for_selector(".feedback .error")  # htmx checks the cell as it is typed
    assert "負の値" in page.locator(".feedback .error").first.inner_text()
    actual.fill("1,250")
    page.click("button[name=save]")
    page.wait_for_selector("text=シートを保存しました。")
    assert "1,250" in page.content()
    page.click("button:has-text('提出する')")
    page.wait_for_selector(".sheet-status .state-submitted")
    if os.environ.get("SHISAKU_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SHISAKU_SCREENSHOTS"], "sheet_submitted.png"),
                        full_page=True)
    assert Sheet.objects.get(pk=sheet.pk).state == Sheet.State.SUBMITTED
    assert IndicatorValue.objects.get(indicator=indicator, fiscal_year=2021).actual == 1250
    assert "提出" in page.locator(".history").inner_text()
