import pytest

from shisaku.core.testing import make_project
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.tests.factories import make_cycle, make_sheet

from .factories import make_committees, seat


@pytest.fixture
def cycle(db):
    return make_cycle(2021, status=Cycle.Status.VERIFYING)


@pytest.fixture
def committees(db):
    return make_committees()


@pytest.fixture
def council_user(users, committees):
    seat(users["council_member"], committees[1])
    return users["council_member"]


@pytest.fixture
def sheet(cycle, section):
    return make_sheet(make_project("ものづくり中小企業経営支援事業", section=section,
                                   group="工業振興関連事業", position=1),
                      cycle=cycle, complete=True, verified=True, state=Sheet.State.SUBMITTED)
