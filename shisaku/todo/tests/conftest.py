import pytest

from shisaku.sheets.models import Cycle
from shisaku.sheets.tests.factories import make_cycle
from shisaku.verification.tests.factories import make_committees, seat


@pytest.fixture
def verifying(db):
    return make_cycle(2021, status=Cycle.Status.VERIFYING)


@pytest.fixture
def council_user(users):
    _council, sub = make_committees()
    seat(users["council_member"], sub)
    return users["council_member"]
