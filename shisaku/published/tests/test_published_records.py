"""The public record holds the published year and nothing of the year in progress."""

import pytest

from shisaku.published import records
from shisaku.sheets.models import Sheet

pytestmark = pytest.mark.usefixtures("published_demo")


def test_the_demo_publishes_fy2021_in_august_2022_and_keeps_fy2022_in_progress(db):
    assert records.published_years() == [2021]
    cycle = records.cycle(2021)
    assert cycle.published_on is None and cycle.published_month == "2022-08"
    assert cycle.publication_label == "令和4年8月"
    assert records.cycle(2022) is None


def test_public_sheets_are_the_published_ones_of_published_years_only(db):
    public = list(records.sheets())
    assert public and {s.cycle.fiscal_year for s in public} == {2021}
    assert all(s.state == Sheet.State.PUBLISHED and s.published_snapshot for s in public)
    assert Sheet.objects.filter(cycle__fiscal_year=2022).exists()


def test_a_drafted_correction_leaves_the_published_revision_public(db):
    from shisaku.accounts.models import User
    from shisaku.sheets.corrections import start_correction

    sheet = records.sheets(2021).filter(verified=True).first()
    draft = start_correction(sheet, User.objects.get(username="kikaku"), reason="誤記の訂正")
    draft.goal = "【下書きの印】"
    draft.save()
    assert sheet in records.sheets(2021)
    assert draft not in records.sheets(2021)


def test_follow_ups_of_a_year_in_progress_are_not_public(db):
    from shisaku.verification.models import FollowUp

    assert FollowUp.objects.filter(cycle__fiscal_year=2022).exists()
    assert not records.follow_ups().exists()
    assert records.opinions(2021).exists()
