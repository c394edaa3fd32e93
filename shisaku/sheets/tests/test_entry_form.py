"""The sheet edit form: what submission needs is marked, other years' values say where to edit."""

import re

import pytest
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.sheets.models import Sheet

from .factories import make_cycle, make_indicator, make_sheet, set_value

pytestmark = pytest.mark.django_db


def _required_labels(html: str) -> list[str]:
    return re.findall(r'<label for="id_(\w+)">[^<]*<span class="required-mark">必須</span>', html)


def test_a_verified_sheet_marks_the_texts_and_the_actual_submission_needs(client, users,
                                                                          section):
    sheet = make_sheet(make_project(section=section), verified=True)
    make_indicator(sheet.project, unit="件")
    client.force_login(users["section_editor"])
    html = client.get(reverse("sheets:edit", args=[sheet.pk])).content.decode()
    assert _required_labels(html) == [
        name for name in Sheet.TEXT_FIELDS if name in Sheet.REQUIRED_FIELDS]
    assert html.count('aria-required="true"') == len(Sheet.REQUIRED_FIELDS) + 1  # + the actual
    assert 'name="indicator_notes"' in html and 'id="id_indicator_notes" aria-required' not in html
    assert " required" not in html.replace('aria-required', '')  # a draft saves incomplete


def test_a_sheet_not_verified_marks_only_its_two_part_summary(client, users, section):
    sheet = make_sheet(make_project(section=section), verified=False)
    client.force_login(users["section_editor"])
    html = client.get(reverse("sheets:edit", args=[sheet.pk])).content.decode()
    assert _required_labels(html) == Sheet.SUMMARY_FIELDS


def test_last_years_values_are_read_only_with_a_link_to_that_years_sheet(client, users,
                                                                        section):
    project = make_project(section=section)
    last_year = make_sheet(project, cycle=make_cycle(2021, status="published"),
                           state=Sheet.State.PUBLISHED)
    sheet = make_sheet(project, cycle=make_cycle(2022))
    indicator = make_indicator(project, unit="件")
    set_value(indicator, 2021, target=10, actual=9)
    client.force_login(users["section_editor"])
    html = client.get(reverse("sheets:edit", args=[sheet.pk])).content.decode()
    assert f'name="v{indicator.pk}_2021-actual"' not in html
    assert "令和3（2021）年度の値は令和3（2021）年度のシート（公表済）のものです。" in html
    assert "企画課がそのシートの「訂正版を作成」で訂正版を作り" in html
    assert reverse("sheets:detail", args=[last_year.pk]) in html
    assert "令和3（2021）年度のシートを開く" in html
