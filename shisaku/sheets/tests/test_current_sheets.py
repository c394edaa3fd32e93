"""Sheet.objects.current(): a correction supersedes the sheet it corrects, within its year."""

import pytest

from shisaku.core.testing import make_project
from shisaku.sheets.models import Sheet

from .factories import make_cycle, make_sheet

pytestmark = pytest.mark.django_db


def test_a_correction_replaces_its_original_among_the_current_sheets_of_the_year():
    cycle, other = make_cycle(2021), make_cycle(2022)
    project = make_project("起業化総合支援事業")
    original = make_sheet(project, cycle, state=Sheet.State.PUBLISHED)
    next_year = make_sheet(project, other)
    correction = make_sheet(project, cycle, revision=2, corrects=original)
    assert set(Sheet.objects.current()) == {correction, next_year}
    assert list(Sheet.objects.current().filter(cycle=cycle)) == [correction]
    assert Sheet.objects.current().filter(cycle=cycle).count() == 1


def test_a_correction_is_refused_in_another_year_than_the_sheet_it_corrects():
    project = make_project("起業化総合支援事業")
    original = make_sheet(project, make_cycle(2021), state=Sheet.State.PUBLISHED)
    with pytest.raises(ValueError, match="fiscal year"):
        make_sheet(project, make_cycle(2022), revision=2, corrects=original)
    assert list(Sheet.objects.current()) == [original]
