"""The search page in a real browser, without JavaScript of its own: type, submit, read the
marked results; its own part of the page passes axe."""

import pytest

from shisaku.core.tests.browser import skip_without_chromium

pytestmark = [pytest.mark.browser, skip_without_chromium,
              pytest.mark.usefixtures("committed_demo")]


def test_a_reader_types_half_width_kana_and_reads_marked_results(live_server, page):
    page.goto(f"{live_server.url}/search/")
    form = page.get_by_role("search", name="検索条件")  # the portal's header has another
    form.get_by_label("キーワード").fill("ｶﾜｻｷ")
    form.get_by_label("種類").select_option("indicator")
    form.get_by_role("button", name="検索").click()
    assert page.get_by_role("status").inner_text() == "4件見つかりました。"
    marks = page.locator("ol.search-results mark").all_inner_texts()
    assert marks[:2] == ["かわさき", "かわさき"]
    assert page.get_by_role("search", name="検索条件").get_by_label("キーワード").input_value() == "ｶﾜｻｷ"


def test_the_search_part_of_the_page_passes_axe(live_server, page):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{live_server.url}/search/?q=%E5%95%86%E6%A5%AD&fy=2021")
    results = Axe().run(page, context="main")
    assert results.violations_count == 0, results.generate_report()
