"""Each role's home page is its to-do list, every item a link to where it is done."""

from datetime import date

import pytest
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.tests.factories import make_cycle, make_sheet
from shisaku.verification import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(section, council_user):
    verifying = make_cycle(2021, status=Cycle.Status.VERIFYING, response_due=date(2000, 1, 1))
    entering = make_cycle(2022, status=Cycle.Status.ENTERING)
    make_cycle(2023, status=Cycle.Status.PREPARING)
    handed_in = make_sheet(make_project("起業化総合支援事業", section=section), cycle=verifying,
                           state=Sheet.State.SUBMITTED, verified=True, complete=True)
    opinion = services.add_opinion(verifying, council_user, text="周知を", sheet=handed_in)
    draft = make_sheet(handed_in.project, cycle=entering)
    return {"verifying": verifying, "sheet": handed_in, "opinion": opinion, "draft": draft}


def _home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def test_the_section_home_links_each_thing_to_do(client, users, year):
    page = _home(client, users["section_editor"])
    assert reverse("sheets:edit", args=[year["draft"].pk]) in page
    assert reverse("verification:respond", args=[year["opinion"].pk]) in page
    assert "期限超過" in page  # the response was due in 2000
    assert "やることが2件あります。" in page


def test_the_planning_home_shows_progress_confirmations_and_blockers(client, users, year):
    page = _home(client, users["planning_admin"])
    assert reverse("sheets:detail", args=[year["sheet"].pk]) in page  # to confirm
    assert "確定の前に済ませること" in page and "対応未記入" in page
    assert "令和5（2023）年度" not in page  # 準備中 has nothing to do yet


def test_the_council_home_leads_to_the_workspace(client, council_user, year):
    page = _home(client, council_user)
    assert reverse("verification:workspace", args=[2021]) in page
    assert reverse("sheets:detail", args=[year["sheet"].pk]) in page
    assert "周知を" in page


def test_a_viewers_home_has_no_to_do_list(client, users, year):
    page = _home(client, users["viewer"])
    assert "やること" not in page
