"""The council member's to-do list: the year being verified, its handed-in verified sheets by
article, the member's own opinions, the meetings."""

import pytest

from shisaku.core.testing import make_article, make_project
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.tests.factories import make_cycle, make_sheet
from shisaku.todo.council import council_todo
from shisaku.verification import services

pytestmark = pytest.mark.django_db


def test_the_handed_in_verified_sheets_of_the_verifying_year_by_article(
        section, verifying, council_user):
    art12, art14 = make_article(12), make_article(14, title="経営基盤の強化")
    make_cycle(2020, status=Cycle.Status.PUBLISHED)
    later = make_sheet(make_project("B事業", section=section, articles=[art14]), cycle=verifying,
                       state=Sheet.State.CONFIRMED, verified=True)
    first = make_sheet(make_project("A事業", section=section, articles=[art12]), cycle=verifying,
                       state=Sheet.State.SUBMITTED, verified=True)
    make_sheet(make_project("提出前", section=section, articles=[art12]), cycle=verifying,
               verified=True)
    make_sheet(make_project("検証対象外", section=section, articles=[art12]), cycle=verifying,
               state=Sheet.State.SUBMITTED)
    todo = council_todo(council_user)
    assert todo.cycle == verifying
    assert [(g.article.number, g.sheets) for g in todo.articles] == [(12, [first]), (14, [later])]
    assert todo.waiting == 1 and todo.can_write


def test_my_opinions_are_mine_only(users, section, verifying, council_user):
    sheet = make_sheet(make_project("A事業", section=section), cycle=verifying,
                       state=Sheet.State.SUBMITTED, verified=True, complete=True)
    mine = services.add_opinion(verifying, council_user, text="委員の意見", sheet=sheet)
    services.add_opinion(verifying, users["planning_admin"], text="企画課の転記", sheet=sheet)
    todo = council_todo(council_user)
    assert todo.my_opinions == [mine]
    assert todo.articles[0].sheets[0].my_opinions == [mine]


def test_without_a_year_under_verification_there_is_nothing_to_read(council_user):
    make_cycle(2021, status=Cycle.Status.ENTERING)
    assert council_todo(council_user).cycle is None
