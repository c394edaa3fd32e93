"""The planning dashboard reads its rows as values (sheets.progress); what it prints per
sheet must be what the sheets themselves say."""

import pytest

from shisaku.demo.synthetic import generate
from shisaku.sheets.models import Cycle, IndicatorValue
from shisaku.sheets.progress import progress_rows
from shisaku.sheets.queries import sheets_for_listing
from shisaku.sheets.years import final_years

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db):
    generate(0.3, 1)


def _compare(cycle: Cycle, final_year: bool) -> int:
    """Asserts row by row; returns how many rows were compared."""
    sheets = list(sheets_for_listing(cycle.fiscal_year).filter(cycle=cycle))
    rows = progress_rows(cycle, final_year)
    assert [row.pk for row in rows] == [sheet.pk for sheet in sheets]
    for row, sheet in zip(rows, sheets, strict=True):
        assert row.missing == len(sheet.missing_parts(sheet.project.listed_indicators,
                                                      final_year)), sheet
        assert [(a.pk, a.label, a.title) for a in row.articles] == [
            (a.pk, a.label, a.title) for a in sheet.project.listed_articles]
        assert row.project.heading == sheet.project.heading
        assert row.section == (sheet.project.section.name if sheet.project.section else None)
        assert (row.state, row.verified, row.updated_at) == (
            sheet.state, sheet.verified, sheet.updated_at)
        assert row.updated_by == (sheet.updated_by.display_name if sheet.updated_by else None)
    return len(rows)


def test_every_rows_missing_count_is_the_length_of_the_sheets_missing_parts(city):
    finals = final_years()
    compared = sum(_compare(cycle, cycle.fiscal_year in finals) for cycle in Cycle.objects.all())
    assert compared > 0


def test_a_final_year_and_an_unmeasured_actual_count_as_the_sheet_says(city):
    cycle = Cycle.objects.get(status=Cycle.Status.ENTERING)
    verified = [row for row in progress_rows(cycle, False) if row.verified]
    assert verified
    # An actual left empty while "measured" is missing; one struck out is not counted twice.
    IndicatorValue.objects.filter(indicator__project_id=verified[0].project_id,
                                  fiscal_year=cycle.fiscal_year).update(actual=None)
    IndicatorValue.objects.filter(indicator__project_id=verified[-1].project_id,
                                  fiscal_year=cycle.fiscal_year).delete()
    assert _compare(cycle, True) and _compare(cycle, False)
    before = {row.pk: row.missing for row in progress_rows(cycle, False)}
    after = {row.pk: row.missing for row in progress_rows(cycle, True)}
    assert any(after[pk] > before[pk] for pk in before)  # the program's results are due
