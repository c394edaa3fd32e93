"""Every main page type, for each role, fits a phone, a tablet and a desktop screen.

Signed in as the planning division, a section editor and a council member (one browser
session each), the test opens each page once and measures it at 390, 768 and 1,366 px:
the document may never be wider than the window (tables scroll inside their own box). With
SHISAKU_SCREENSHOTS set, a screenshot of each page at each width lands in that folder.

The demo is committed for the test (`committed_demo`: a live server cannot see the module fixture's
uncommitted rows); on PostgreSQL the test is skipped (the layout does not depend on it).
"""

import os

import pytest

from shisaku.core.tests.browser import ARGS, CHROMIUM, skip_without_chromium

pytestmark = [pytest.mark.browser, skip_without_chromium]

SHOTS = os.environ.get("SHISAKU_SCREENSHOTS")
WIDTHS = (390, 768, 1366)
PASSWORD = "shisaku-demo"


def _pages() -> dict[str, list[tuple[str, str]]]:
    """(name, path) of each main page type, per demo user."""
    from django.urls import reverse

    from shisaku.accounts import access
    from shisaku.accounts.models import User
    from shisaku.sheets.models import Cycle, Sheet
    from shisaku.stats.models import Dataset

    current = Cycle.objects.exclude(status="published").order_by("-fiscal_year").first()
    published = Cycle.objects.filter(status="published").order_by("-fiscal_year").first()
    fy = current.fiscal_year
    kogyo = User.objects.get(username="kogyo")
    iin = User.objects.get(username="iin")
    own = next(s for s in Sheet.objects.filter(cycle=current).select_related("cycle", "project")
               .order_by("pk") if access.can_edit_sheet(kogyo, s))
    council_sheet = next(s for s in Sheet.objects.select_related("cycle", "project")
                         .filter(verified=True).order_by("-cycle__fiscal_year", "pk")
                         if access.can_read_sheet(iin, s))
    dataset = Dataset.objects.order_by("pk").first()
    project = own.project_id
    common = [
        ("home", reverse("home")),
        ("plan", reverse("plan:tree")),
        ("projects", reverse("projects:list")),
        ("project", reverse("projects:detail", args=[project])),
        ("achievement", reverse("sheets:achievement", args=[published.fiscal_year])),
        ("verification", reverse("verification:index")),
        ("timeline", reverse("verification:timeline", args=[project])),
        ("stats", reverse("stats:index")),
        ("stats_detail", reverse("stats:detail", args=[dataset.slug])),
        ("account", reverse("accounts:account")),
    ]
    return {
        "kikaku": common + [
            ("sheets", reverse("sheets:mine")),
            ("dashboard", reverse("sheets:dashboard", args=[fy])),
            ("sheet", reverse("sheets:detail", args=[own.pk])),
            ("sheet_edit", reverse("sheets:edit", args=[own.pk])),
            ("verification_dashboard", reverse("verification:dashboard", args=[fy])),
            ("report", reverse("reports:index", args=[published.fiscal_year])),
            ("audit", reverse("audit:log")),
            ("public_home", reverse("portal:home")),
            ("public_year", reverse("portal:year", args=[published.fiscal_year])),
        ],
        "kogyo": common + [
            ("sheets", reverse("sheets:mine")),
            ("sheet", reverse("sheets:detail", args=[own.pk])),
            ("sheet_edit", reverse("sheets:edit", args=[own.pk])),
            ("to_answer", reverse("verification:to_answer")),
        ],
        "iin": common + [
            ("sheet", reverse("sheets:detail", args=[council_sheet.pk])),
            ("public_project", reverse("portal:project", args=[council_sheet.project_id])),
        ],
    }


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _shot(page, name: str) -> None:
    if not SHOTS:
        return
    os.makedirs(SHOTS, exist_ok=True)
    # A very long page (the report preview) is shot as its first screens only.
    tall = page.evaluate("document.documentElement.scrollHeight") > 12000
    page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=not tall)


def test_every_main_page_fits_390_768_and_1366_px_for_every_role(live_server, committed_demo):
    from playwright.sync_api import sync_playwright

    pages = _pages()
    problems = []
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for username, paths in pages.items():
                context = browser.new_context(locale="ja-JP",
                                              viewport={"width": WIDTHS[-1], "height": 900})
                page = context.new_page()
                page.set_default_timeout(30000)
                page.goto(f"{live_server.url}/accounts/login/")
                page.fill("#id_username", username)
                page.fill("#id_password", PASSWORD)
                page.click("main button[type=submit]")
                page.wait_for_url(f"{live_server.url}/")
                for name, path in paths:
                    response = page.goto(f"{live_server.url}{path}")
                    assert response.status == 200, (username, path, response.status)
                    for width in WIDTHS:
                        page.set_viewport_size({"width": width, "height": 900})
                        overflow = _overflow(page)
                        if overflow > 0:
                            problems.append(f"{username} {name} {path} at {width}px: "
                                            f"{overflow}px wider than the window")
                        _shot(page, f"{username}-{name}-{width}")
                    page.set_viewport_size({"width": WIDTHS[-1], "height": 900})
                context.close()
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    assert not problems, "\n".join(problems)
