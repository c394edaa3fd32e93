"""Issue #10, obs. 4: publishing, starting a cycle and moving to 確定 each go through a
confirmation page; a single POST without the confirmation does nothing."""

import pytest
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.reports.models import PublishedDocument
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.tests.factories import make_cycle, make_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, users):
    client.force_login(users["planning_admin"])
    return client


@pytest.fixture
def settled(section):
    cycle = make_cycle(2021, status=Cycle.Status.SETTLED)
    make_sheet(make_project("生産性向上推進事業", section=section), cycle=cycle, complete=True,
               verified=True, state=Sheet.State.CONFIRMED)
    make_sheet(make_project("技能奨励事業", section=section), cycle=cycle,
               summary_results="- 表彰した", summary_next="- 続ける")
    return cycle


def test_the_publication_page_says_what_will_be_frozen_and_made_public(admin, settled):
    page = admin.get(reverse("reports:publish", args=[2021])).content.decode()
    assert "公表は取り消せません" in page
    assert "検証対象の事業シート 1件" in page and "その他の事業のシート 1件" in page
    assert "検証意見 0件と対応 0件" in page
    assert "報告書（PDF）" in page and "報道発表資料（XLSX）" in page and "文書12件" in page
    assert 'name="confirm"' in page
    assert Cycle.objects.get(pk=settled.pk).status == Cycle.Status.SETTLED


def test_a_post_without_the_confirmation_publishes_nothing(admin, settled):
    response = admin.post(reverse("reports:publish", args=[2021]))
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:publish", args=[2021])
    assert Cycle.objects.get(pk=settled.pk).status == Cycle.Status.SETTLED
    assert not PublishedDocument.objects.exists()


def test_the_confirmed_post_publishes(admin, settled):
    response = admin.post(reverse("reports:publish", args=[2021]), {"confirm": "1"})
    assert response.status_code == 302
    assert Cycle.objects.get(pk=settled.pk).status == Cycle.Status.PUBLISHED
    assert PublishedDocument.objects.filter(cycle=settled).count() == 12


def test_the_publication_page_lists_the_blockers_with_links_and_offers_no_button(
        admin, settled, section):
    draft = make_sheet(make_project("商業力強化事業", section=section), cycle=settled)
    page = admin.get(reverse("reports:publish", args=[2021])).content.decode()
    assert "公表できません" in page and "商業力強化事業" in page
    assert f'href="{reverse("sheets:detail", args=[draft.pk])}"' in page
    assert 'name="confirm"' not in page
    response = admin.post(reverse("reports:publish", args=[2021]), {"confirm": "1"})
    assert response.status_code == 400 and "商業力強化事業" in response.content.decode()
    assert Cycle.objects.get(pk=settled.pk).status == Cycle.Status.SETTLED
    assert not PublishedDocument.objects.exists()
    assert Sheet.objects.get(pk=draft.pk).state == Sheet.State.DRAFT


def test_the_dashboard_cannot_publish_around_the_documents(admin, settled):
    response = admin.post(reverse("sheets:cycle_move", args=[2021]),
                          {"status": "published", "confirm": "1"})
    assert response["Location"] == reverse("reports:publish", args=[2021])
    assert Cycle.objects.get(pk=settled.pk).status == Cycle.Status.SETTLED


def test_moving_to_settled_shows_its_meaning_and_blockers_before_acting(admin, section):
    cycle = make_cycle(2021, status=Cycle.Status.VERIFYING)
    make_sheet(make_project("起業化総合支援事業", section=section), cycle=cycle, complete=True,
               verified=True)
    url = reverse("sheets:cycle_move", args=[2021])
    page = admin.get(url, {"status": "settled"}).content.decode()
    assert "締め切り" in page and "シート未確認: 起業化総合支援事業" in page
    admin.post(url, {"status": "settled"})
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.VERIFYING
    Sheet.objects.filter(cycle=cycle).update(state=Sheet.State.CONFIRMED)
    page = admin.post(url, {"status": "settled"}).content.decode()
    assert 'name="confirm"' in page
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.VERIFYING
    admin.post(url, {"status": "settled", "confirm": "1"})
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.SETTLED


def test_starting_a_cycle_shows_what_will_be_created_then_starts_on_confirmation(admin, section):
    make_project("起業化総合支援事業", section=section)
    data = {"fiscal_year": "令和4年度", "achieved_min": "100", "mostly_min": "80"}
    url = reverse("sheets:cycle_start")
    page = admin.post(url, data).content.decode()
    assert "令和4（2022）年度の年度サイクルを開始しますか" in page
    assert "事務事業 1件の事業シート" in page and 'name="confirm"' in page
    assert not Cycle.objects.exists()
    back = admin.post(url, {**data, "edit": "1"}).content.decode()
    assert "令和4" in back and not Cycle.objects.exists()
    response = admin.post(url, {**data, "confirm": "1", "acknowledge": "1"})
    assert response.status_code == 302
    assert Cycle.objects.get(fiscal_year=2022).sheets.count() == 1


def test_starting_an_existing_year_is_refused_on_the_form(admin):
    make_cycle(2022)
    page = admin.post(reverse("sheets:cycle_start"), {
        "fiscal_year": "2022", "achieved_min": "100", "mostly_min": "80"}).content.decode()
    assert "既にあります" in page and Cycle.objects.count() == 1
