"""Issue #10, obs. 3 and 4: nothing incomplete is published, and a published year's
settings are final."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.sheets.cycle import (
    PublicationBlocked,
    move_cycle,
    publication_blockers,
    update_settings,
)
from shisaku.sheets.models import Cycle, Sheet

from .factories import make_cycle, make_indicator, make_sheet, set_value

pytestmark = pytest.mark.django_db
S = Sheet.State


@pytest.fixture
def settled(section):
    cycle = make_cycle(2021, status=Cycle.Status.SETTLED)
    make_sheet(make_project("生産性向上推進事業", section=section), cycle=cycle, complete=True,
               verified=True, state=S.CONFIRMED)
    return cycle


def _states(cycle):
    return dict(Sheet.objects.filter(cycle=cycle).values_list("project__name", "state"))


def test_a_draft_other_projects_sheet_without_its_summary_blocks_publication_with_a_link(
        users, section, settled):
    other = make_sheet(make_project("技能奨励事業", section=section), cycle=settled)
    before = _states(settled)
    with pytest.raises(PublicationBlocked) as refused:
        move_cycle(settled, Cycle.Status.PUBLISHED, users["planning_admin"])
    (blocker,) = refused.value.blockers
    assert "技能奨励事業" in blocker.text and "その他の事業" in blocker.text
    assert "今年度の実績（その他の事業）" in blocker.text
    assert blocker.url == reverse("sheets:detail", args=[other.pk])
    assert any(blocker.url in message for message in refused.value.messages)
    settled.refresh_from_db()
    assert settled.status == Cycle.Status.SETTLED and settled.published_on is None
    assert _states(settled) == before


def test_a_confirmed_verified_sheet_missing_its_actual_blocks_publication(users, section,
                                                                         settled):
    sheet = make_sheet(make_project("起業化総合支援事業", section=section), cycle=settled,
                       complete=True, verified=True, state=S.CONFIRMED)
    indicator = make_indicator(sheet.project, name="相談件数")
    set_value(indicator, 2021, target=10)
    blockers = publication_blockers(settled)
    assert len(blockers) == 1 and "「相談件数」の令和3（2021）年度実績" in blockers[0].text
    with pytest.raises(ValidationError, match="公表できません"):
        move_cycle(settled, Cycle.Status.PUBLISHED, users["planning_admin"])
    assert Cycle.objects.get(pk=settled.pk).status == Cycle.Status.SETTLED


def test_a_verified_sheet_not_confirmed_is_listed_with_its_state(users, section, settled):
    make_sheet(make_project("海外販路開拓事業", section=section), cycle=settled, complete=True,
               verified=True, state=S.SUBMITTED)
    (blocker,) = publication_blockers(settled)
    assert "海外販路開拓事業（検証対象）" in blocker.text and "「提出」のまま" in blocker.text


def test_a_complete_year_publishes_and_freezes_every_sheet_including_other_projects(
        users, section, settled):
    other = make_sheet(make_project("技能奨励事業", section=section), cycle=settled,
                       summary_results="- 表彰した", summary_next="- 続ける")
    assert publication_blockers(settled) == []
    move_cycle(settled, Cycle.Status.PUBLISHED, users["planning_admin"])
    other.refresh_from_db()
    assert other.state == S.PUBLISHED and other.published_snapshot["verified"] is False
    assert other.changes.filter(after__startswith="公表済").exists()
    assert set(_states(settled).values()) == {S.PUBLISHED}


def test_only_the_planning_division_moves_a_cycle(users, settled):
    with pytest.raises(PermissionDenied):
        move_cycle(settled, Cycle.Status.PUBLISHED, users["section_editor"])
    assert Cycle.objects.get(pk=settled.pk).status == Cycle.Status.SETTLED


def test_a_published_cycles_thresholds_and_dates_cannot_change(users, settled):
    stale = Cycle.objects.get(pk=settled.pk)  # loaded before publication
    move_cycle(settled, Cycle.Status.PUBLISHED, users["planning_admin"])
    stale.achieved_min = Decimal("90")
    with pytest.raises(ValidationError, match="公表済"):
        stale.full_clean()
    for change in ({"achieved_min": Decimal("90")}, {"mostly_min": Decimal("50")},
                   {"verify_procurement": False}, {"sheet_due": None, "published_on": None}):
        with pytest.raises(ValidationError, match="公表済"):
            update_settings(settled, users["planning_admin"], **change)
    stored = Cycle.objects.get(pk=settled.pk)
    assert (stored.achieved_min, stored.mostly_min, stored.verify_procurement) == (
        Decimal("100"), Decimal("80"), True)
    assert stored.published_on is not None


def test_an_unpublished_cycles_settings_still_change_through_the_service(users, settled):
    update_settings(settled, users["planning_admin"], achieved_min=Decimal("95"))
    assert Cycle.objects.get(pk=settled.pk).achieved_min == Decimal("95")
    with pytest.raises(PermissionDenied):
        update_settings(settled, users["section_editor"], achieved_min=Decimal("90"))


def test_the_settings_page_of_a_published_year_refuses_and_keeps_the_input(client, users,
                                                                          settled):
    settled = move_cycle(settled, Cycle.Status.PUBLISHED, users["planning_admin"])
    client.force_login(users["planning_admin"])
    url = reverse("sheets:cycle_edit", args=[2021])
    assert "公表済です" in client.get(url).content.decode()
    response = client.post(url, {"achieved_min": "90", "mostly_min": "70",
                                 "published_on": settled.published_on.isoformat()})
    page = response.content.decode()
    assert response.status_code == 200
    assert "公表済のため、設定" in page and 'value="90"' in page
    stored = Cycle.objects.get(pk=settled.pk)
    assert (stored.achieved_min, stored.mostly_min) == (Decimal("100"), Decimal("80"))
