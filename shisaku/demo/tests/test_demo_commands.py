"""The demo loaders and the `load_demo` command on an empty database: what they create, that a
second run creates and changes nothing, and that a conflict leaves nothing behind. (The tests
that read the loaded demo share one load per module: test_demo_data, test_demo_sheets and
test_demo_verification.)"""

import io

import pytest
from django.core.management import CommandError, call_command

from shisaku.accounts.models import User
from shisaku.city.models import CitySettings
from shisaku.demo import data, sheets_data
from shisaku.demo import verification_data as vd
from shisaku.demo.others_data import OTHERS_FY2021
from shisaku.demo.sheets_loader import load_demo_sheets
from shisaku.plan.models import Plan
from shisaku.projects.models import Project
from shisaku.sheets.models import Cycle, Sheet
from shisaku.verification.models import FollowUp, Member, Opinion

from .test_demo_data import _load_all, _row_counts, _snapshot
from .test_demo_verification import EXPECTED_OPINIONS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_loading_twice_changes_nothing():
    first = _load_all()
    assert first["projects.Project"] == len(data.PROJECTS)
    counts, snapshot = _row_counts(), _snapshot()
    users_before = list(User.objects.order_by("pk").values())

    second = _load_all()

    assert set(second.values()) == {0}
    assert _row_counts() == counts
    assert _snapshot() == snapshot
    assert list(User.objects.order_by("pk").values()) == users_before


def test_the_command_loads_plan_sheets_and_verification_reports_them_and_nothing_the_second_time():
    out = io.StringIO()
    call_command("load_demo", "--no-users", stdout=out)
    summary = out.getvalue()
    assert "完了:" in summary and "事務事業 73件" in summary
    assert "事業シート" in summary and "検証意見" in summary
    assert CitySettings.current().phone == "044-200-2332"
    assert not User.objects.exists()
    # The verified sheets, and the その他の事業 entries printed from unverified ones.
    assert Sheet.objects.filter(cycle__fiscal_year=2021).count() == len(
        sheets_data.SHEETS_FY2021) + len(OTHERS_FY2021)
    assert Opinion.objects.count() == sum(EXPECTED_OPINIONS.values())
    assert FollowUp.objects.filter(author=None).count() == len(vd.FOLLOW_UPS)

    out = io.StringIO()
    call_command("load_demo", stdout=out)  # now with the users: the member is linked
    assert Member.objects.get(name=vd.LINKED_MEMBER).user.username == "iin"
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "新しく作成した行はありません" in out.getvalue()


def test_the_command_fails_in_japanese_and_leaves_nothing_when_the_data_conflicts():
    Plan.objects.create(name="別の計画", first_fy=2020, last_fy=2030)
    with pytest.raises(CommandError, match="デモデータを読み込めませんでした"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Project.objects.exists()
    assert not CitySettings.objects.exists()


def test_the_sheets_are_not_loaded_before_the_projects():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="load_demo"):
        load_demo_sheets()
    assert not Cycle.objects.exists()
