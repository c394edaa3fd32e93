"""Sheet texts refuse control characters on every path: the screen and save_sheet itself
(the service behind the screen, the Excel upload and the report importer)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.sheets.editing import save_sheet
from shisaku.sheets.models import Sheet, SheetChange

from .factories import make_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(section):
    return make_sheet(make_project(section=section), goal="旧い目標")


def test_save_sheet_refuses_a_control_character_and_writes_nothing(users, sheet):
    opened = sheet.version
    with pytest.raises(ValidationError) as caught:
        save_sheet(sheet, users["section_editor"], {"goal": "新しい\x0b目標", "plan": "計画"},
                   opened)
    assert caught.value.messages == ["「施策における目標」: 制御文字（U+000B）は使えません。"]
    sheet.refresh_from_db()
    assert (sheet.goal, sheet.plan, sheet.version) == ("旧い目標", "", opened)
    assert not SheetChange.objects.exists()


def test_the_sheet_screen_refuses_a_control_character_and_keeps_the_input(client, users,
                                                                         sheet):
    client.force_login(users["section_editor"])
    response = client.post(reverse("sheets:edit", args=[sheet.pk]), {
        "version": sheet.version, "goal": "所管課の\x1f目標", "plan": "一行目\r\n二行目\tタブ",
        "save": "1", "years": "2020,2021"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "制御文字（U+001F）は使えません。" in html
    assert "所管課の\x1f目標" in html  # the input is kept on screen
    assert Sheet.objects.get(pk=sheet.pk).goal == "旧い目標"


def test_tab_and_newlines_from_a_browser_are_saved(client, users, sheet):
    client.force_login(users["section_editor"])
    response = client.post(reverse("sheets:edit", args=[sheet.pk]), {
        "version": sheet.version, "goal": "一行目\r\n二行目\tタブ", "save": "1",
        "years": "2020,2021"})
    assert response.status_code == 302
    assert Sheet.objects.get(pk=sheet.pk).goal == "一行目\n二行目\tタブ"


def test_a_return_reason_with_a_control_character_is_refused_and_kept(client, users, sheet):
    Sheet.objects.filter(pk=sheet.pk).update(state=Sheet.State.SUBMITTED)
    client.force_login(users["planning_admin"])
    response = client.post(reverse("sheets:action", args=[sheet.pk, "return"]),
                           {"comment": "指標の\x07見直しを"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "制御文字（U+0007）は使えません。" in html and "指標の\x07見直しを" in html
    sheet.refresh_from_db()
    assert (sheet.state, sheet.return_comment) == (Sheet.State.SUBMITTED, "")
