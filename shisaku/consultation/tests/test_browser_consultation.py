"""A visitor in headless Chromium sends an opinion through the public form (no script needed);
the city then answers it and publishes the result, which shows the summary and the city's
view and none of the sender's personal data. The consultation page, the form, the thanks page
and the result pass axe-core with no violation."""

import pytest

from shisaku.core.tests.browser import skip_without_chromium

from .conftest import EMAIL, NAME, RAW, answer, make_consultation

pytestmark = [pytest.mark.browser, skip_without_chromium]


def _axe(axe, page, name, problems, widths=(375, 1280)):
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        results = axe.run(page)
        if results.violations_count:
            problems.append(f"{name} @{width}px:\n{results.generate_report()}")


def test_a_visitor_sends_an_opinion_and_reads_the_citys_answer_without_personal_data(
        page, live_server, transactional_db, users, program, settings):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        # As the portal's browser tests: the services are tested on both databases; here the
        # live server's thread would keep a PostgreSQL session open past the test database.
        pytest.skip("browser test: run on SQLite")
    from axe_playwright_python.sync_playwright import Axe
    from django.urls import reverse

    from shisaku.consultation import services
    from shisaku.consultation.models import Opinion

    planner = users["planning_admin"]
    c = make_consultation(planner, program)
    axe, problems = Axe(), []

    page.goto(f"{live_server.url}{reverse('consultation:public_detail', args=[c.pk])}")
    assert "素案の概要です。" in page.inner_text("main")
    _axe(axe, page, "consultation", problems)

    page.get_by_role("link", name="意見提出フォームへ").click()
    _axe(axe, page, "form", problems)
    page.get_by_label("氏名（任意）").fill(NAME)
    page.get_by_label("電子メールアドレス（任意）").fill(EMAIL)
    page.get_by_label("事業者").check()
    page.locator("textarea[name=text]").fill(f"{RAW}ものづくり企業の人材育成を強めてほしい")
    page.get_by_role("button", name="送信する").click()
    assert "意見を受け付けました" in page.inner_text("h1")
    _axe(axe, page, "thanks", problems)

    opinion = Opinion.objects.get()
    assert (opinion.name, opinion.email, opinion.category) == (NAME, EMAIL, "business")
    services.close_period(c, planner)
    answer(opinion, planner, summary="ものづくり人材の育成の強化を求める意見",
           view="人材育成の取組の中で検討します。", code="C")
    services.publish_result(c, planner)

    page.goto(f"{live_server.url}{reverse('consultation:public_result', args=[c.pk])}")
    text = page.inner_text("main")
    assert "ものづくり人材の育成の強化を求める意見" in text
    assert "人材育成の取組の中で検討します。" in text
    html = page.content()
    assert [m for m in (NAME, EMAIL, RAW) if m in html] == []
    _axe(axe, page, "result", problems)
    assert not problems, "\n".join(problems)
