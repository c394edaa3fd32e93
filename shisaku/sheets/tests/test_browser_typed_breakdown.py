"""A section editor in Chromium types an actual as printed and reads it back before saving."""

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
    sheet = make_sheet(make_project("知的財産活用推進事業", section=section), complete=True,
                       verified=True)
    return sheet, PASSWORD


def test_an_actual_typed_with_its_breakdown_is_read_back_and_saved_split(page, live_server,
                                                                         editor_sheet):
    from shisaku.sheets.models import IndicatorValue

    sheet, password = editor_sheet
    indicator = sheet.project.indicators.get()
    log_in(page, live_server, "kogyo", password)
    page.goto(f"{live_server.url}/sheets/{sheet.pk}/edit/")
    page.wait_for_url(f"{live_server.url}/sheets/{sheet.pk}/edit/")
    page.wait_for_function("() => window.htmx !== undefined && document.readyState === 'complete'")
    assert page.locator("label:has-text('必須')").count() == 6  # five texts and the actual
    actual = page.locator(f"input[name='v{indicator.pk}_2021-actual']")
    actual.fill("５９（新規３８件、変更２１件）")
    actual.blur()
    page.wait_for_selector(".feedback .help")
    assert "59（新規38件・変更21件）" in page.locator(".feedback .help").inner_text()
    page.click("button[name=save]")
    page.wait_for_selector("text=シートを保存しました。")
    assert "59（新規38件・変更21件）" in page.content()
    value = IndicatorValue.objects.get(indicator=indicator, fiscal_year=2021)
    assert value.actual == 59
    assert value.breakdown == [{"label": "新規", "value": 38}, {"label": "変更", "value": 21}]
