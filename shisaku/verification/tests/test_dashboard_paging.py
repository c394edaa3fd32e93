"""The verification dashboard pages each of its tables (DASHBOARD_PAGE rows), its headings counting the
whole year, and runs the same queries for a year of 10 or of 400 opinions."""

import pytest
from django.urls import reverse

from shisaku.core.testing import make_article, make_section
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.tests.factories import make_cycle
from shisaku.sheets.tests.test_query_counts import build, count
from shisaku.verification.models import Opinion, Response
from shisaku.verification.views import pages

pytestmark = pytest.mark.django_db

LARGE = 400


def opinions(cycle, answered_every: int) -> None:
    """One opinion per sheet of the cycle; every `answered_every`-th has a response."""
    sheets = Sheet.objects.filter(cycle=cycle).order_by("pk")
    made = Opinion.objects.bulk_create(
        [Opinion(cycle=cycle, scope=Opinion.Scope.SHEET, sheet=s, number=1, text=f"意見{i}")
         for i, s in enumerate(sheets)])
    Response.objects.bulk_create(
        [Response(opinion=o, text=f"対応{i}", classification="planned")
         for i, o in enumerate(made) if i % answered_every == 0])


def year_pair(small_fy: int, n: int, articles, sections):
    previous = make_cycle(small_fy, status=Cycle.Status.PUBLISHED)
    current = make_cycle(small_fy + 1, status=Cycle.Status.VERIFYING)
    build(n, previous, articles, sections)
    build(n, current, articles, sections)
    opinions(previous, 1)  # every response still waits for its follow-up
    opinions(current, 2)  # half answered


@pytest.fixture
def years(users):
    articles = [make_article(n, f"第{n}条") for n in range(12, 15)]
    sections = [make_section(f"課{i}") for i in range(2)]
    year_pair(2019, 10, articles, sections)
    year_pair(2021, LARGE, articles, sections)


def test_each_table_shows_a_page_and_its_heading_counts_the_whole_year(client, users, years):
    client.force_login(users["planning_admin"])
    url = reverse("verification:dashboard", args=[2022])
    page = client.get(url).content.decode()
    assert f"対応未記入の意見（{LARGE // 2}件）" in page
    assert f"フォローアップ未記入（{LARGE}件）" in page
    assert f"すべての意見（{LARGE}件）" in page
    assert page.count('<td class="num">①</td>') == 3 * pages.DASHBOARD_PAGE
    assert f"1 / {LARGE // pages.DASHBOARD_PAGE}ページ（1～{pages.DASHBOARD_PAGE}件目／全{LARGE}件）" in page
    second = client.get(url + "?opinions=2&unanswered=2").content.decode()
    assert "?opinions=3&amp;unanswered=2#opinions" in second  # the other table stays put
    assert "?opinions=2&amp;unanswered=1#unanswered" in second
    assert f"2 / {LARGE // 2 // pages.DASHBOARD_PAGE}ページ" in second
    # With htmx a pager swaps its own table only; without it, the link loads the page.
    assert ('href="?opinions=3&amp;unanswered=2#opinions" rel="next" '
            'hx-get="?opinions=3&amp;unanswered=2#opinions" hx-select="#opinions-table"') in second
    assert 'vendor/htmx.min.js' in second


def test_a_small_year_has_no_pager(client, users, years):
    client.force_login(users["planning_admin"])
    page = client.get(reverse("verification:dashboard", args=[2020])).content.decode()
    assert 'class="pagination"' not in page and "vendor/htmx.min.js" not in page
    assert "すべての意見（10件）" in page


def test_the_dashboard_runs_the_same_queries_for_forty_times_the_opinions(client, users, years):
    client.force_login(users["planning_admin"])
    client.get(reverse("sheets:cycles"))  # the first request after sign-in saves the session
    small = count(client, reverse("verification:dashboard", args=[2020]))
    assert count(client, reverse("verification:dashboard", args=[2022])) == small
    assert count(client, reverse("verification:dashboard", args=[2022]) + "?opinions=3") == small


def test_the_gate_lists_the_first_hundred_blockers_and_counts_them_all(client, users, years):
    cycle = Cycle.objects.get(fiscal_year=2022)
    unconfirmed = Sheet.objects.filter(cycle=cycle, verified=True).exclude(
        state__in=[Sheet.State.CONFIRMED, Sheet.State.PUBLISHED]).count()
    unanswered = Opinion.objects.filter(cycle=cycle, response__isnull=True).count()
    total = unconfirmed + unanswered
    assert total > pages.BLOCKERS_LISTED
    client.force_login(users["planning_admin"])
    page = client.get(reverse("verification:dashboard", args=[2022])).content.decode()
    assert f"確定の前に済ませることが{total}件あります。" in page
    listed = page.split('<ul class="blockers">', 1)[1].split("</ul>", 1)[0]
    assert listed.count("<li>") == pages.BLOCKERS_LISTED
    assert listed.count("シート未確認") == min(unconfirmed, pages.BLOCKERS_LISTED)
    assert f"ほか{total - pages.BLOCKERS_LISTED}件" in page
    small = client.get(reverse("verification:dashboard", args=[2020])).content.decode()
    assert "ほか" not in small.split('class="gate"', 1)[1].split("</section>", 1)[0]
