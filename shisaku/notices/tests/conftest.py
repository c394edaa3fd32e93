import pytest

from shisaku.accounts.models import Role
from shisaku.core.testing import make_project, make_user
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.tests.factories import make_cycle, make_sheet
from shisaku.verification.tests.factories import make_committees, seat


@pytest.fixture
def people(users, section, other_section):
    """The four named users with addresses, a second editor of the same section, an editor
    of another section and a second planner."""
    for user in users.values():
        user.email = f"{user.username}@city.example.jp"
        user.save()
    users["colleague"] = make_user("kogyo2", Role.SECTION_EDITOR, [section])
    users["colleague"].email = "kogyo2@city.example.jp"
    users["colleague"].save()
    users["other_editor"] = make_user("shogyo", Role.SECTION_EDITOR, [other_section])
    users["other_editor"].email = "shogyo@city.example.jp"
    users["other_editor"].save()
    users["planner2"] = make_user("kikaku2", Role.PLANNING_ADMIN)
    users["planner2"].email = "kikaku2@city.example.jp"
    users["planner2"].save()
    return users


@pytest.fixture
def year(people, section, other_section):
    """FY2021 under verification: a verified sheet of each section, the council seated."""
    cycle = make_cycle(2021, status=Cycle.Status.VERIFYING)
    project = make_project("起業化総合支援事業", section=section, first_fy=2020)
    other = make_project("商業力強化事業", section=other_section, first_fy=2020)
    sheet = make_sheet(project, cycle=cycle, state=Sheet.State.SUBMITTED, verified=True,
                       complete=True)
    other_sheet = make_sheet(other, cycle=cycle, state=Sheet.State.SUBMITTED, verified=True,
                             complete=True)
    _council, sub = make_committees()
    seat(people["council_member"], sub)
    return {"cycle": cycle, "sheet": sheet, "other_sheet": other_sheet}
