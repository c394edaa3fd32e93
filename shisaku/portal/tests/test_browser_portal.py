"""The portal in headless Chromium: every page type at phone, tablet and desktop widths
passes axe-core with no violation, and reflows at 200% zoom without horizontal scrolling.

The demo is committed for each test (`committed_demo`: a live server cannot see the
module fixture's uncommitted rows); on PostgreSQL the test is skipped to save the shared
machine a second full load (the pages do not depend on the database).
"""

import os

import pytest

from shisaku.core.tests.browser import skip_without_chromium

pytestmark = [pytest.mark.browser, skip_without_chromium]

SHOTS = "/tmp/portal-shots"
WIDTHS = (375, 768, 1280)


def _paths() -> list[tuple[str, str]]:
    from django.urls import reverse

    from shisaku.published import records

    sheet = records.sheets(2021).filter(verified=True).order_by("project_id").first()
    return [("home", reverse("portal:home")), ("years", reverse("portal:years")),
            ("year", reverse("portal:year", args=[2021])),
            ("project", reverse("portal:project", args=[sheet.project_id])),
            ("plan", reverse("portal:plan")), ("stats", reverse("portal:stats")),
            ("accessibility", reverse("portal:accessibility")),
            ("search", reverse("search:results") + "?q=%E5%95%86%E6%A5%AD"),  # 商業
            ("opendata", reverse("opendata:catalog")), ("api docs", reverse("api:docs"))]


def _horizontal_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_every_portal_page_passes_axe_at_three_widths_and_reflows_at_200_percent(
        page, live_server, committed_demo):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    os.makedirs(SHOTS, exist_ok=True)
    problems = []
    for name, path in _paths():
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            results = axe.run(page)
            if results.violations_count:
                problems.append(f"{name} @{width}px:\n{results.generate_report()}")
            if width in (375, 1280):
                page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=width == 375)
            if width == 375:
                assert _horizontal_overflow(page) <= 0, f"{name} scrolls sideways at 375 px"
    assert not problems, "\n".join(problems)


def test_every_portal_page_reflows_without_horizontal_scrolling_at_200_percent_zoom(
        live_server, committed_demo):
    """1280 px at 200% zoom: a 640 CSS px wide viewport with two device pixels per px."""
    from playwright.sync_api import sync_playwright

    from shisaku.core.tests.browser import ARGS, CHROMIUM

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = browser.new_context(locale="ja-JP", viewport={"width": 640, "height": 450},
                                          device_scale_factor=2)
            zoomed = context.new_page()
            for name, path in _paths():
                zoomed.goto(f"{live_server.url}{path}")
                assert _horizontal_overflow(zoomed) <= 0, f"{name} scrolls sideways at 200%"
            zoomed.screenshot(path=f"{SHOTS}/accessibility-zoom200.png")
            context.close()
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


MARKER = "【下書きの印】"


def _plant_markers() -> None:
    """Staff-only text where a careless reader would find it: a draft of the year in progress,
    a return comment, an opinion and its response of the unpublished year."""
    from shisaku.sheets.models import Cycle, Sheet
    from shisaku.verification.models import Opinion, Response

    draft = Sheet.objects.filter(cycle__fiscal_year=2022, state=Sheet.State.DRAFT).first()
    Sheet.objects.filter(pk=draft.pk).update(goal=f"{MARKER}下書きの目標")
    Sheet.objects.filter(cycle__fiscal_year=2021).update(return_comment=f"{MARKER}差戻し")
    cycle = Cycle.objects.get(fiscal_year=2022)
    opinion = Opinion.objects.create(cycle=cycle, scope=Opinion.Scope.SHEET, sheet=draft,
                                     number=1, text=f"{MARKER}未公表の年度の意見")
    Response.objects.create(opinion=opinion, text=f"{MARKER}未公表の年度の対応",
                            classification=Response.Classification.PLANNED)
    from shisaku.search import index

    index.rebuild()


SKIP = ("/accounts/", "/admin/", "/public/language/")
# Downloads (the report documents, the plan summary): built from the same record and tested on
# their own; a browser starts a download instead of showing a page.
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".xlsx", ".csv")


def test_an_anonymous_reader_follows_every_link_and_meets_no_staff_data_and_no_error(
        page, live_server, committed_demo):
    """From every page type, every link on the site (documents aside: they are built from
    the same record, and tested on their own) answers without a server error, and no page
    shows a planted marker or a staff member's name."""
    from urllib.parse import urljoin, urlparse

    from shisaku.accounts.models import User

    _plant_markers()
    names = [u.last_name + u.first_name for u in User.objects.exclude(last_name="")]
    seen, todo, problems = set(), [path for _name, path in _paths()], []
    while todo and len(seen) < 400:
        path = todo.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(f"{live_server.url}{path}")
        if response is None or response.status >= 500:
            problems.append(f"{path}: {response and response.status}")
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        text = page.content()
        if MARKER in text:
            problems.append(f"{path}: the planted marker")
        problems += [f"{path}: staff name {name}" for name in names if name in text]
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            url = urlparse(urljoin(f"{live_server.url}{path}", href))
            if url.netloc != urlparse(live_server.url).netloc:
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if url.path.startswith(SKIP) or "/documents/" in url.path or \
                    url.path.endswith(DOCUMENT_SUFFIXES) or \
                    url.path.startswith("/opendata/") and url.path != "/opendata/":
                continue
            if target not in seen:
                todo.append(target)
    assert len(seen) >= 30, f"the walk reached only {len(seen)} pages"
    assert not problems, "\n".join(problems)
