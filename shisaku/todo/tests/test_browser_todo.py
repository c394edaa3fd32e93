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
