"""The documentation page in Chromium under the site's CSP: it loads nothing from elsewhere
and the browser reports no violation."""

import pytest

from shisaku.core.tests.browser import skip_without_chromium

pytestmark = [pytest.mark.browser, skip_without_chromium, pytest.mark.django_db(transaction=True)]


def test_the_api_documentation_page_renders_under_the_csp(page, live_server):
    problems, requests = [], []
    page.on("console", lambda message: problems.append(message.text)
            if message.type in ("error", "warning") else None)
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/api/v1/docs")
    assert page.locator("h1").inner_text() == "公開APIの説明"
    assert page.locator("section.api-operation").count() >= 9
    page.click("a[href='#op-list_sheets']")
    assert page.locator("#op-list_sheets table").first.is_visible()
    assert not [text for text in problems if "Content Security Policy" in text], problems
    assert all(url.startswith(live_server.url) for url in requests), requests
