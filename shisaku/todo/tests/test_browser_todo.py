"""Two roles walk their year from the home page using only its links (Done-when 1): the
section fills and submits a sheet and answers an opinion; the council member finds the
verified sheets, downloads the hearing packet and writes an opinion."""

import os
import shutil
import subprocess

import pytest

from shisaku.core.tests.browser import log_in, skip_without_chromium

pytestmark = [pytest.mark.browser, skip_without_chromium, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def year(transactional_db):
    from shisaku.accounts.models import Role
    from shisaku.core.testing import PASSWORD, make_article, make_project, make_section, make_user
    from shisaku.sheets.models import Cycle, Sheet
    from shisaku.sheets.tests.factories import make_cycle, make_sheet
    from shisaku.verification import services
    from shisaku.verification.tests.factories import make_committees, seat

    section = make_section("工業振興課")
    editor = make_user("kogyo", Role.SECTION_EDITOR, [section])
    council = make_user("iin", Role.COUNCIL_MEMBER)
    seat(council, make_committees()[1])
    art12 = make_article(12)
    verifying = make_cycle(2021, status=Cycle.Status.VERIFYING)
    entering = make_cycle(2022, status=Cycle.Status.ENTERING)
    heard = make_sheet(make_project("起業化総合支援事業", section=section, articles=[art12]),
                       cycle=verifying, state=Sheet.State.SUBMITTED, verified=True, complete=True)
    confirmed = make_sheet(make_project("ものづくり中小企業経営支援事業", section=section,
                                        articles=[art12]),
                           cycle=verifying, state=Sheet.State.CONFIRMED, verified=True,
                           complete=True)
    make_sheet(make_project("提出前の事業", section=section, articles=[art12]),
               cycle=verifying, verified=True, complete=True)
    opinion = services.add_opinion(verifying, council, text="起業後の定着も見てほしい", sheet=heard)
    to_fill = make_sheet(make_project("商店街魅力アップ支援事業", section=section),
                         cycle=entering, complete=True, next_plan="")
    return {"password": PASSWORD, "editor": editor, "council": council, "heard": heard,
            "confirmed": confirmed, "opinion": opinion, "to_fill": to_fill}


def _settled(page):
    page.wait_for_load_state("load")


def _shot(page, name: str) -> None:
    """A full-page screenshot when SHISAKU_SCREENSHOTS names a folder (as the other browser
    tests do), for looking at the page."""
    if os.environ.get("SHISAKU_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SHISAKU_SCREENSHOTS"], f"{name}.png"),
                        full_page=True)


def test_the_section_fills_submits_and_answers_from_its_home(page, live_server, year):
    from shisaku.sheets.models import Sheet
    from shisaku.verification.models import Response

    log_in(page, live_server, "kogyo", year["password"])
    _shot(page, "home_section")
    page.click("#todo-fill + ul a:has-text('商店街魅力アップ支援事業')")
    page.wait_for_url(f"**/sheets/{year['to_fill'].pk}/edit/")
    page.wait_for_function("() => window.htmx !== undefined && document.readyState === 'complete'")
    page.fill("#id_next_plan", "- 商店街の取組を続けて支援する")
    page.click("button[name=save]")
    page.wait_for_selector("text=シートを保存しました。")
    page.click("button:has-text('提出する')")
    page.wait_for_selector(".sheet-status .state-submitted")
    assert Sheet.objects.get(pk=year["to_fill"].pk).state == Sheet.State.SUBMITTED

    page.click("header.site .brand a")  # home again, through the header
    page.wait_for_url(f"{live_server.url}/")
    assert "商店街魅力アップ支援事業" not in page.locator("#todo-fill + ul").inner_text()
    page.click("#todo-opinions + ul a")
    page.wait_for_url(f"**/verification/opinions/{year['opinion'].pk}/respond/")
    _settled(page)
    page.fill("#id_text", "定着状況を追跡調査する")
    page.select_option("#id_classification", "planned")
    page.click("main button.primary:has-text('保存')")
    page.wait_for_selector("text=への対応を保存しました。")
    assert Response.objects.get(opinion=year["opinion"]).text == "定着状況を追跡調査する"
    page.click("header.site .brand a")
    page.wait_for_url(f"{live_server.url}/")
    assert "対応を待っている意見はありません。" in page.locator("#todo-opinions + ul").inner_text()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) is needed")
def test_the_council_member_reads_downloads_the_packet_and_writes(page, live_server, year,
                                                                   tmp_path):
    from shisaku.verification.models import Opinion

    log_in(page, live_server, "iin", year["password"])
    _shot(page, "home_council")
    page.click("a:has-text('検証対象シートを読む・意見を書く')")
    page.wait_for_url("**/verification/fy/2021/workspace/")
    _shot(page, "council_workspace")
    body = page.locator("main").inner_text()
    assert "起業化総合支援事業" in body and "ものづくり中小企業経営支援事業" in body
    assert "提出前の事業" not in body  # not handed in: neither listed nor open to opinions
    page.check(f"#sheet-{year['heard'].pk}")
    page.check(f"#sheet-{year['confirmed'].pk}")
    with page.expect_download() as download:
        page.click("button:has-text('ヒアリング資料（PDF）をダウンロード')")
    pdf = tmp_path / "packet.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True,
                          ).stdout.decode()
    assert "起業化総合支援事業" in text and "ものづくり中小企業経営支援事業" in text

    row = page.locator("tr", has=page.locator(f"#sheet-{year['confirmed'].pk}"))
    row.locator("a:has-text('意見を書く')").click()
    page.wait_for_url(f"**/sheets/{year['confirmed'].pk}/**")
    _settled(page)
    page.fill(".opinion-form textarea[name=text]", "設備投資の効果を数字で示してほしい")
    page.click(".opinion-form button:has-text('意見を追加')")
    page.wait_for_selector("text=意見①を記入しました。")
    assert Opinion.objects.filter(author=year["council"], sheet=year["confirmed"]).count() == 1


@pytest.fixture
def planning_year(transactional_db):
    from shisaku.accounts.models import Role
    from shisaku.core.testing import PASSWORD, make_article, make_project, make_section, make_user
    from shisaku.sheets.models import Cycle, Sheet
    from shisaku.sheets.tests.factories import make_cycle, make_sheet
    from shisaku.verification import services
    from shisaku.verification.tests.factories import make_committees, seat

    planner = make_user("kikaku", Role.PLANNING_ADMIN)
    section = make_section("工業振興課")
    editor = make_user("kogyo", Role.SECTION_EDITOR, [section])
    council = make_user("iin", Role.COUNCIL_MEMBER)
    seat(council, make_committees()[1])
    art12 = make_article(12)
    cycle = make_cycle(2026, status=Cycle.Status.VERIFYING)
    sheets = [make_sheet(make_project(name, section=section, articles=[art12]), cycle=cycle,
                         state=Sheet.State.SUBMITTED, verified=True, complete=True)
              for name in ("起業化総合支援事業", "ものづくり中小企業経営支援事業")]
    make_sheet(make_project("技能奨励事業", section=section, articles=[art12]), cycle=cycle,
               state=Sheet.State.SUBMITTED, complete=True)
    opinion = services.add_opinion(cycle, council, text="成果の見える化を", sheet=sheets[0])
    services.respond(opinion, editor, text="事例集で示す", classification="planned")
    return {"password": PASSWORD, "planner": planner, "cycle": cycle, "sheets": sheets}


def test_the_planning_division_confirms_in_bulk_settles_and_publishes_from_its_home(
        page, live_server, planning_year):
    from shisaku.reports.models import PublishedDocument
    from shisaku.sheets.models import Cycle, Sheet

    cycle = planning_year["cycle"]
    log_in(page, live_server, "kikaku", planning_year["password"])
    _shot(page, "home_planning")
    todo = page.locator("#todo-2026")
    assert "確認を待っている提出済のシート（3件）" in todo.inner_text()
    blockers = todo.locator("ul.todo").last.inner_text()
    assert "シート未確認: 起業化総合支援事業" in blockers  # what keeps the year from 確定

    todo.locator("a.todo-bulk").click()  # every submitted sheet of the year, at once
    page.wait_for_url("**/sheets/fy/2026/#bulk-form")
    page.check("input[name=article][form=bulk-form]")
    page.select_option("#id_bulk_action", "confirm")
    page.click("#bulk-form button[type=submit]")
    page.wait_for_selector("#bulk-changing")
    page.click("button:has-text('3件を「確認」する')")
    page.wait_for_selector("text=3件のシートを「確認」しました")
    assert Sheet.objects.filter(cycle=cycle, state=Sheet.State.CONFIRMED).count() == 3

    page.click("header.site .brand a")
    page.wait_for_url(f"{live_server.url}/")
    page.click("#todo-2026 .next-step a:has-text('「確定」に進める')")  # nothing blocks it now
    page.wait_for_selector("h1:has-text('令和8（2026）年度を「検証中」から「確定」に進めますか')")
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.VERIFYING  # not before confirming
    page.click("button:has-text('「確定」に進める')")
    page.wait_for_load_state("load")
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.SETTLED

    page.click("header.site .brand a")
    page.wait_for_url(f"{live_server.url}/")
    page.click("#todo-2026 .next-step a:has-text('公表する')")
    page.wait_for_url("**/reports/fy/2026/publish/")
    body = page.locator("main").inner_text()
    assert "令和8（2026）年度" in body
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.SETTLED
    _shot(page, "publish_confirm")
    assert "公表は取り消せません。" in body and "確定するもの" in body
    page.click("main button.primary:has-text('公表する（取り消せません）')")
    page.wait_for_url("**/jobs/**")
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.PUBLISHED
    assert PublishedDocument.objects.filter(cycle=cycle).count() > 0
