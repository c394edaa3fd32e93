"""Issue #10, obs. 4: a cycle started by mistake can be deleted, with everything that
belongs to it; a published one cannot."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.projects.models import Project
from shisaku.sheets.cycle import delete_cycle, move_cycle, start_cycle
from shisaku.sheets.editing import ValueInput, save_sheet
from shisaku.sheets.models import Cycle, Indicator, IndicatorValue, Sheet, SheetChange
from shisaku.verification import services
from shisaku.verification.models import (
    ArticleMainOpinion,
    FollowUp,
    Meeting,
    Opinion,
    Response,
)
from shisaku.verification.tests.factories import make_committees

from .factories import make_cycle, make_indicator, make_sheet, set_value

pytestmark = pytest.mark.django_db


def _counts():
    return {m.__name__: m.objects.count() for m in (
        Cycle, Sheet, SheetChange, IndicatorValue, Indicator, Project, Opinion, Response,
        FollowUp, Meeting, ArticleMainOpinion)}


@pytest.fixture
def mistaken(users, section):
    """FY2022 started by mistake and already used a little: a meeting, an opinion with
    its response, a main opinion, a follow-up of FY2021's response, a value."""
    admin = users["planning_admin"]
    earlier = make_cycle(2021, status=Cycle.Status.VERIFYING)
    project = make_project("起業化総合支援事業", section=section)
    old_sheet = make_sheet(project, cycle=earlier, complete=True, verified=True,
                           state=Sheet.State.SUBMITTED)
    old_opinion = services.add_opinion(earlier, admin, text="前年度の意見", sheet=old_sheet)
    old_response = services.respond(old_opinion, admin, text="対応", classification="planned")
    cycle = start_cycle(2022, admin)
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.VERIFYING)
    cycle.refresh_from_db()
    sheet = Sheet.objects.get(cycle=cycle)
    Sheet.objects.filter(pk=sheet.pk).update(verified=True, state=Sheet.State.SUBMITTED)
    sheet.refresh_from_db()
    council, _sub = make_committees()
    meeting = Meeting.objects.create(cycle=cycle, committee=council, kind="council",
                                     held_on=date(2022, 8, 1))
    opinion = services.add_opinion(cycle, admin, text="意見", sheet=sheet, meeting=meeting)
    services.respond(opinion, admin, text="対応する", classification="planned")
    from shisaku.ordinance.models import Article, Ordinance

    article = Article.objects.create(ordinance=Ordinance.objects.create(title="条例"),
                                     number=12, title="創業")
    ArticleMainOpinion.objects.create(cycle=cycle, article=article, text="主な意見",
                                      opinion=opinion)
    services.record_follow_up(old_response, admin, cycle=cycle, status="done")
    indicator = project.indicators.get()
    save_sheet(sheet, admin, {"goal": "書いた目標"}, sheet.version, values=[ValueInput(
        indicator, 2022, 120, 100, "measured", [], "")])
    return cycle


def test_the_page_lists_what_goes_with_the_cycle_and_a_post_without_confirm_deletes_nothing(
        client, users, mistaken):
    client.force_login(users["planning_admin"])
    url = reverse("sheets:cycle_delete", args=[2022])
    page = client.get(url).content.decode()
    for label in ("事業シート", "指標の値（この年度）", "検証意見", "対応", "会議",
                  "条文ごとの主な検証意見", "この年度に記録したフォローアップ"):
        assert f"<td>{label}</td>" in page, label
    assert 'name="confirm"' in page
    before = _counts()
    client.post(url)
    assert _counts() == before


def test_the_confirmed_deletion_removes_the_cycle_and_everything_that_belongs_to_it(
        client, users, mistaken):
    before = _counts()
    client.force_login(users["planning_admin"])
    response = client.post(reverse("sheets:cycle_delete", args=[2022]), {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("sheets:cycles")
    after = _counts()
    assert not Cycle.objects.filter(fiscal_year=2022).exists()
    assert not IndicatorValue.objects.filter(fiscal_year=2022).exists()
    assert (before["Sheet"] - after["Sheet"], before["Opinion"] - after["Opinion"],
            before["Response"] - after["Response"], before["Meeting"] - after["Meeting"],
            before["FollowUp"] - after["FollowUp"]) == (1, 1, 1, 1, 1)
    assert after["ArticleMainOpinion"] == 0
    # The projects, their indicators and the earlier year stay as they were.
    assert (after["Project"], after["Indicator"]) == (before["Project"], before["Indicator"])
    assert Opinion.objects.filter(cycle__fiscal_year=2021).count() == 1
    assert Response.objects.filter(opinion__cycle__fiscal_year=2021).count() == 1


def test_values_of_the_year_entered_on_another_years_sheet_stay(users, section):
    admin = users["planning_admin"]
    earlier = make_cycle(2021)
    project = make_project("海外販路開拓事業", section=section)
    sheet = make_sheet(project, cycle=earlier)
    indicator = make_indicator(project)
    save_sheet(sheet, admin, {}, sheet.version, values=[ValueInput(
        indicator, 2022, 50, None, "measured", [], "")])
    cycle = make_cycle(2022, status=Cycle.Status.PREPARING)
    delete_cycle(cycle, admin)
    assert IndicatorValue.objects.get(indicator=indicator, fiscal_year=2022).target == 50


def test_a_published_cycle_cannot_be_deleted_and_nothing_changes(client, users, section):
    cycle = make_cycle(2021, status=Cycle.Status.SETTLED)
    make_sheet(make_project(section=section), cycle=cycle, complete=True, verified=True,
               state=Sheet.State.CONFIRMED)
    move_cycle(cycle, Cycle.Status.PUBLISHED, users["planning_admin"])
    before = _counts()
    with pytest.raises(ValidationError, match="公表済のため削除できません"):
        delete_cycle(cycle, users["planning_admin"])
    client.force_login(users["planning_admin"])
    url = reverse("sheets:cycle_delete", args=[2021])
    assert 'name="confirm"' not in client.get(url).content.decode()
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 400 and "公表済のため削除できません" in response.content.decode()
    assert _counts() == before


def test_only_the_planning_division_deletes_a_cycle(client, users):
    cycle = make_cycle(2022, status=Cycle.Status.PREPARING)
    set_value(make_indicator(make_project()), 2022, target=1)
    with pytest.raises(PermissionDenied):
        delete_cycle(cycle, users["section_editor"])
    for role in ("section_editor", "council_member", "viewer"):
        client.force_login(users[role])
        assert client.post(reverse("sheets:cycle_delete", args=[2022]),
                           {"confirm": "1"}).status_code == 403
    assert Cycle.objects.filter(pk=cycle.pk).exists() and IndicatorValue.objects.count() == 1


def test_a_failure_half_way_leaves_everything_in_place(users, mistaken, monkeypatch):
    before = _counts()

    def boom(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Meeting, "delete", boom)
    with pytest.raises(RuntimeError):
        delete_cycle(mistaken, users["planning_admin"])
    assert _counts() == before
