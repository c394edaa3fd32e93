"""A sheet's history: revisions with field labels and display values, two side by side."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.sheets.editing import ValueInput, save_sheet
from shisaku.sheets.history import compare, revisions
from shisaku.sheets.models import Sheet, SheetChange

from .factories import make_cycle, make_indicator, make_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(section):
    return make_sheet(make_project(section=section), goal="最初の目標")


def _save(sheet, user, texts, values=(), verified=None):
    """One save, then its rows moved a minute back, so the next save is its own revision."""
    sheet = Sheet.objects.get(pk=sheet.pk)
    save_sheet(sheet, user, texts, sheet.version, list(values), verified=verified)
    for change in SheetChange.objects.all():
        SheetChange.objects.filter(pk=change.pk).update(at=change.at - timedelta(minutes=1))


def _three_saves(sheet, users):
    indicator = make_indicator(sheet.project, unit="件")
    _save(sheet, users["section_editor"], {"goal": "二番目の目標"},
          [ValueInput(indicator, 2021, D("100"), D("1500"), "measured", [], "")])
    _save(sheet, users["planning_admin"], {}, verified=True)
    _save(sheet, users["section_editor"], {"goal": "三番目の目標", "plan": "- 計画"},
          [ValueInput(indicator, 2021, D("100"), D("59"), "measured",
                      [{"label": "新規", "value": 38}, {"label": "変更", "value": 21}], "")])
    return indicator


def test_each_save_is_one_revision(users, sheet):
    _three_saves(sheet, users)
    found = revisions(sheet)
    assert [r.number for r in found] == [0, 1, 2, 3]
    assert [r.user for r in found[1:]] == [users["section_editor"], users["planning_admin"],
                                           users["section_editor"]]
    assert found[2].labels == ["検証対象"]


def test_two_revisions_compare_field_by_field_with_labels_and_display_values(users, sheet):
    _three_saves(sheet, users)
    rows = [(d.label, d.before, d.after) for d in compare(revisions(sheet), 0, 3)]
    assert rows == [
        ("施策における目標", "最初の目標", "三番目の目標"),
        ("起業相談件数 令和3（2021）年度 目標", "", "100"),
        ("起業相談件数 令和3（2021）年度 実績", "", "59"),
        ("検証対象", "いいえ", "はい"),
        ("事業計画（Plan）", "", "- 計画"),
        ("起業相談件数 令和3（2021）年度 内訳", "", "新規38件・変更21件"),
    ]
    later = [(d.label, d.before, d.after) for d in compare(revisions(sheet), 1, 3)]
    assert ("起業相談件数 令和3（2021）年度 実績", "1,500", "59") in later
    assert not any(d.label.endswith("目標") and "年度" in d.label for d in
                   compare(revisions(sheet), 1, 3))  # the target did not change after 1


def test_the_history_page_shows_labels_and_display_values_never_codes(client, users, sheet):
    _three_saves(sheet, users)
    client.force_login(users["section_editor"])
    html = client.get(reverse("sheets:history", args=[sheet.pk]), {"a": 1, "b": 2}).content.decode()
    assert "検証対象" in html and "いいえ" in html and "はい" in html
    for raw in ("False", "True", "verified", "goal", "actual_status", "measured"):
        assert f">{raw}<" not in html and f"{raw} →" not in html
    html = client.get(reverse("sheets:history", args=[sheet.pk])).content.decode()
    assert "三番目の目標" in html and "二番目の目標" in html
    assert "第2回と第3回の変更の比較" in html


def test_the_history_of_a_published_year_is_readable(client, users, section):
    published = make_sheet(make_project("商業振興事業", section=section),
                           cycle=make_cycle(2019, status="published"),
                           state=Sheet.State.PUBLISHED)
    published.changes.create(field="状態", before="確認済", after="公表済",
                             user=users["planning_admin"])
    client.force_login(users["planning_admin"])
    response = client.get(reverse("sheets:history", args=[published.pk]))
    assert response.status_code == 200
    assert "公表済" in response.content.decode()


def test_a_bad_revision_number_shows_the_latest_change(client, users, sheet):
    _three_saves(sheet, users)
    client.force_login(users["section_editor"])
    for a, b in (("x", "99"), ("-1", "\x00")):
        response = client.get(reverse("sheets:history", args=[sheet.pk]), {"a": a, "b": b})
        assert response.status_code == 200


def test_the_history_is_for_planning_and_the_owning_section(client, users, sheet):
    client.force_login(users["council_member"])
    assert client.get(reverse("sheets:history", args=[sheet.pk])).status_code == 403
