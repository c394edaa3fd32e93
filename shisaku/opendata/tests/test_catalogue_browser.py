"""The catalogue page in a browser: accessible (axe, WCAG 2.x AA as JIS X 8341-3 asks) and its
links download the tables. On the committed demo (`committed_demo`, SQLite only)."""

import pytest

from shisaku.core.tests.browser import skip_without_chromium

pytestmark = [pytest.mark.browser, skip_without_chromium,
              pytest.mark.usefixtures("committed_demo")]


def test_the_catalogue_page_has_no_serious_accessibility_violation(live_server, page):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{live_server.url}/opendata/")
    assert page.locator("h1").inner_text() == "オープンデータ"
    results = Axe().run(page, context="main", options={
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    serious = [v for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert results.response["passes"]
    assert not serious, results.generate_report()


def test_a_download_link_of_the_page_gives_the_file(live_server, page):
    page.goto(f"{live_server.url}/opendata/")
    with page.expect_download() as info:
        page.locator('#opinions a[href$="opinions.csv"]').first.click()
    download = info.value
    assert download.suggested_filename == "opinions.csv"
    assert open(download.path(), "rb").read().startswith(b"\xef\xbb\xbf")
