"""In Chromium, the pages that use htmx and inline charts run under the Content-Security-Policy
without one violation: htmx's indicator styles come from shisaku.css, charts carry no CSS."""

import pytest

from shisaku.core.tests.browser import log_in, skip_without_chromium

pytestmark = [pytest.mark.browser, skip_without_chromium, pytest.mark.django_db(transaction=True)]

RECORD = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.effectiveDirective + ' ' + (e.blockedURI || 'inline') + ' '
                         + (e.sample || '')));"""


@pytest.fixture
def sheet_world(transactional_db):
    from shisaku.accounts.models import Role
    from shisaku.core.testing import PASSWORD, make_project, make_section, make_user
    from shisaku.sheets.tests.factories import make_sheet, set_value

    section = make_section("工業振興課")
    make_user("kogyo", Role.SECTION_EDITOR, [section])
    make_user("kikaku", Role.PLANNING_ADMIN)
    sheet = make_sheet(make_project("ものづくり中小企業経営支援事業", section=section), complete=True)
    set_value(sheet.project.indicators.get(), 2020, target=100, actual=80)
    return sheet, PASSWORD


def violations(page) -> list[str]:
    return page.evaluate("window.__csp")


def test_htmx_editing_and_charts_cause_no_csp_violation(page, live_server, sheet_world):
    sheet, password = sheet_world
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD)
    indicator = sheet.project.indicators.get()

    log_in(page, live_server, "kogyo", password)
    page.goto(f"{live_server.url}/sheets/{sheet.pk}/edit/")
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    assert page.evaluate("htmx.config.allowEval") is False
    actual = page.locator(f"input[name='v{indicator.pk}_2021-actual']")
    actual.fill("-5")
    actual.blur()
    page.wait_for_selector(".feedback .error")  # htmx posted the cell and swapped the answer
    assert violations(page) == []

    page.goto(f"{live_server.url}/sheets/indicators/{indicator.pk}/")
    page.wait_for_selector("figure.chart svg")
    # The chart keeps its drawing: the background is white by attribute, not by CSS.
    fill = page.eval_on_selector("figure.chart svg path[fill]",
                                 "e => getComputedStyle(e).fill")
    assert fill == "rgb(255, 255, 255)"
    assert violations(page) == []

    page.goto(f"{live_server.url}/no-such-page/")  # the 404 page, under the same policy
    assert page.locator("h1").inner_text() == "ページが見つかりません"
    assert violations(page) == []
    assert not [text for text in console if "Content Security Policy" in text], console
