"""Opinions only where they belong: handed-in (提出 or 確認済) sheets of verified projects in
the year being verified; the sheet page offers the form only there."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.tests.factories import make_cycle, make_sheet
from shisaku.verification import services
from shisaku.verification.models import Opinion

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", [Sheet.State.DRAFT, Sheet.State.RETURNED])
def test_an_opinion_on_a_sheet_not_handed_in_is_refused(cycle, section, council_user, state):
    sheet = make_sheet(make_project("起業化総合支援事業", section=section), cycle=cycle,
                       verified=True, complete=True, state=state)
    with pytest.raises(ValidationError, match="所管課がまだ提出していない"):
        services.add_opinion(cycle, council_user, text="意見", sheet=sheet)
    assert not Opinion.objects.exists()


@pytest.mark.parametrize("state", [Sheet.State.SUBMITTED, Sheet.State.CONFIRMED])
def test_an_opinion_on_a_handed_in_sheet_is_written(cycle, section, council_user, state):
    sheet = make_sheet(make_project("起業化総合支援事業", section=section), cycle=cycle,
                       verified=True, complete=True, state=state)
    assert services.add_opinion(cycle, council_user, text="意見", sheet=sheet).label == "①"


def test_an_opinion_on_a_project_not_verified_is_refused(cycle, section, council_user):
    sheet = make_sheet(make_project("起業化総合支援事業", section=section), cycle=cycle,
                       state=Sheet.State.SUBMITTED)
    with pytest.raises(ValidationError, match="検証対象ではない"):
        services.add_opinion(cycle, council_user, text="意見", sheet=sheet)


def test_an_opinion_in_a_year_not_being_verified_is_refused(section, users):
    entering = make_cycle(2022, status=Cycle.Status.ENTERING)
    sheet = make_sheet(make_project("起業化総合支援事業", section=section), cycle=entering,
                       state=Sheet.State.SUBMITTED, verified=True)
    with pytest.raises(ValidationError, match="検証中"):
        services.add_opinion(entering, users["planning_admin"], text="意見", sheet=sheet)
    assert "検証中ではない" in services.sheet_opinion_refusal(sheet)


def test_the_sheet_page_offers_the_form_only_on_a_handed_in_sheet(client, cycle, section,
                                                                  council_user, users):
    draft = make_sheet(make_project("下書きの事業", section=section), cycle=cycle,
                       verified=True, complete=True)
    client.force_login(users["planning_admin"])
    url = reverse("verification:sheet_opinion_add", args=[draft.pk])
    assert url not in client.get(reverse("sheets:detail", args=[draft.pk])).content.decode()
    Sheet.objects.filter(pk=draft.pk).update(state=Sheet.State.SUBMITTED)
    assert url in client.get(reverse("sheets:detail", args=[draft.pk])).content.decode()


def test_a_refused_opinion_is_shown_beside_the_text_kept(client, cycle, section, users):
    draft = make_sheet(make_project("下書きの事業", section=section), cycle=cycle,
                       verified=True, complete=True)
    client.force_login(users["planning_admin"])
    page = client.post(reverse("verification:sheet_opinion_add", args=[draft.pk]),
                       {"text": "残しておく意見", "themes": ""})
    body = page.content.decode()
    assert page.status_code == 200 and "所管課がまだ提出していない" in body
    assert "残しておく意見" in body and not Opinion.objects.exists()
