"""Check and Action in Chromium: the council writes, the section answers, the gate opens."""

import os

import pytest

from shisaku.core.tests.browser import log_in, skip_without_chromium

pytestmark = [pytest.mark.browser, skip_without_chromium, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    from shisaku.accounts.models import Role
    from shisaku.core.testing import PASSWORD, make_project, make_section, make_user
    from shisaku.sheets.models import Cycle, Sheet
    from shisaku.sheets.tests.factories import make_cycle, make_sheet

    from .factories import make_committees, seat

    section = make_section("工業振興課")
    users = {
        "kikaku": make_user("kikaku", Role.PLANNING_ADMIN),
        "kogyo": make_user("kogyo", Role.SECTION_EDITOR, [section]),
        "iin": make_user("iin", Role.COUNCIL_MEMBER),
    }
    seat(users["iin"], make_committees()[1])
    cycle = make_cycle(2021, status=Cycle.Status.VERIFYING)
    sheet = make_sheet(make_project("生産性向上推進事業", section=section), cycle=cycle,
                       complete=True, verified=True, state=Sheet.State.CONFIRMED)
    return sheet, PASSWORD


def shot(page, name):
    folder = os.environ.get("SHISAKU_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def test_council_writes_section_answers_gate_passes(page, live_server, world):
    sheet, password = world
    log_in(page, live_server, "iin", password)
    page.goto(f"{live_server.url}/sheets/{sheet.pk}/")
    page.fill("textarea[name=text]", "事例を同業種に広めてほしい")
    page.click("button:has-text('意見を追加')")
    page.wait_for_selector("text=意見①を記入しました。")
    shot(page, "opinion_written")
    page.click("main button:has-text('ログアウト'), header button:has-text('ログアウト')")

    log_in(page, live_server, "kogyo", password)
    page.goto(f"{live_server.url}/verification/answer/")
    assert "事例を同業種に広めてほしい" in page.content()
    page.click("a.button:has-text('対応を記入')")
    page.fill("textarea[name=text]", "次年度に事例集を作ります")
    page.select_option("select[name=classification]", "planned")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=意見①への対応を保存しました。")
    assert "次年度に事例集を作ります" in page.content()
    page.click("header button:has-text('ログアウト')")

    log_in(page, live_server, "kikaku", password)
    page.goto(f"{live_server.url}/verification/fy/2021/")
    assert "確定できます" in page.content()
    page.goto(f"{live_server.url}/sheets/fy/2021/")
    page.select_option("select[name=status]", "settled")
    page.click("button:has-text('進める')")
    page.click("button:has-text('「確定」に進める')")  # the confirmation page
    page.wait_for_selector("text=確定")
    shot(page, "cycle_settled")
    from shisaku.sheets.models import Cycle

    assert Cycle.objects.get(fiscal_year=2021).status == Cycle.Status.SETTLED
