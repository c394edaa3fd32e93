"""Each role × each write view of the sheets: allowed, or 403 and nothing written."""

import pytest
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.sheets.models import Cycle, Sheet

from .factories import make_cycle, make_indicator, make_sheet

pytestmark = pytest.mark.django_db
ALL = ["planning_admin", "section_editor", "council_member", "viewer"]


@pytest.fixture
def sheet(section):
    make_cycle(2021)
    s = make_sheet(make_project("起業化総合支援事業", section=section), complete=True)
    return s


def _post(client, user, url, data=None):
    client.force_login(user)
    return client.post(url, data or {})


@pytest.mark.parametrize("role,allowed", [
    ("planning_admin", True), ("section_editor", True), ("council_member", False),
    ("viewer", False)])
def test_edit_sheet(client, users, sheet, role, allowed):
    indicator = sheet.project.indicators.first()
    response = _post(client, users[role], reverse("sheets:edit", args=[sheet.pk]), {
        "version": sheet.version, "goal": "書き換え", "save": "1", "years": "2020,2021",
        f"v{indicator.pk}_2020-actual_status": "measured",
        f"v{indicator.pk}_2021-actual_status": "measured", f"v{indicator.pk}_2021-target": "100",
        f"v{indicator.pk}_2021-actual": "90"})
    sheet.refresh_from_db()
    assert response.status_code == (302 if allowed else 403)
    assert (sheet.goal == "書き換え") is allowed


@pytest.mark.parametrize("role,allowed", [
    ("planning_admin", True), ("section_editor", True), ("council_member", False),
    ("viewer", False)])
def test_submit(client, users, sheet, role, allowed):
    response = _post(client, users[role], reverse("sheets:action", args=[sheet.pk, "submit"]))
    sheet.refresh_from_db()
    assert response.status_code == (302 if allowed else 403)
    assert (sheet.state == Sheet.State.SUBMITTED) is allowed


@pytest.mark.parametrize("action", ["confirm", "return"])
@pytest.mark.parametrize("role,allowed", [
    ("planning_admin", True), ("section_editor", False), ("council_member", False),
    ("viewer", False)])
def test_review(client, users, sheet, action, role, allowed):
    sheet.state = Sheet.State.SUBMITTED
    sheet.save()
    response = _post(client, users[role], reverse("sheets:action", args=[sheet.pk, action]),
                     {"comment": "理由"})
    sheet.refresh_from_db()
    if allowed:
        assert response.status_code == 302 and sheet.state != Sheet.State.SUBMITTED
    else:
        assert response.status_code == 403 and sheet.state == Sheet.State.SUBMITTED


@pytest.mark.parametrize("role", ALL)
def test_add_indicator(client, users, sheet, role):
    allowed = role in ("planning_admin", "section_editor")
    response = _post(client, users[role], reverse("sheets:indicator_create", args=[sheet.pk]),
                     {"name": "新しい指標", "unit": "件", "kind": "activity", "direction": "higher",
                      "measure": "number", "order": 5})
    assert response.status_code == (302 if allowed else 403)
    assert sheet.project.indicators.filter(name="新しい指標").exists() is allowed


def test_add_indicator_refuses_unknown_unit(client, users, sheet):
    response = _post(client, users["section_editor"],
                     reverse("sheets:indicator_create", args=[sheet.pk]),
                     {"name": "x", "unit": "ケース", "kind": "activity", "direction": "higher",
                      "measure": "number", "order": 5})
    assert response.status_code == 200
    assert not sheet.project.indicators.filter(name="x").exists()


@pytest.mark.parametrize("role", ALL)
def test_cycle_writes_are_planning_only(client, users, role):
    allowed = role == "planning_admin"
    response = _post(client, users[role], reverse("sheets:cycle_start"),
                     {"fiscal_year": "令和4年度", "achieved_min": "100", "mostly_min": "80",
                      "confirm": "1", "acknowledge": "1"})
    assert response.status_code == (302 if allowed else 403)
    assert Cycle.objects.filter(fiscal_year=2022).exists() is allowed
    if allowed:
        response = _post(client, users[role], reverse("sheets:cycle_move", args=[2022]),
                         {"status": "entering", "confirm": "1"})
        assert Cycle.objects.get(fiscal_year=2022).status == "entering"


@pytest.mark.parametrize("role", ["section_editor", "council_member", "viewer"])
def test_cycle_move_refused(client, users, role):
    make_cycle(2022, status=Cycle.Status.PREPARING)
    response = _post(client, users[role], reverse("sheets:cycle_move", args=[2022]),
                     {"status": "entering", "confirm": "1"})
    assert response.status_code == 403
    assert Cycle.objects.get(fiscal_year=2022).status == "preparing"


def test_section_editor_cannot_edit_a_submitted_sheet(client, users, sheet):
    sheet.state = Sheet.State.SUBMITTED
    sheet.save()
    response = _post(client, users["section_editor"], reverse("sheets:edit", args=[sheet.pk]),
                     {"version": sheet.version, "goal": "後から", "save": "1"})
    assert response.status_code == 403


def test_section_editor_cannot_edit_another_sections_sheet(client, users, other_section):
    other = make_sheet(make_project("商業力強化事業", section=other_section))
    response = _post(client, users["section_editor"], reverse("sheets:edit", args=[other.pk]),
                     {"version": other.version, "goal": "x", "save": "1"})
    assert response.status_code == 403


@pytest.mark.parametrize("role", ALL)
def test_nobody_writes_a_published_sheet(client, users, sheet, role):
    sheet.state = Sheet.State.PUBLISHED
    sheet.save()
    response = _post(client, users[role], reverse("sheets:edit", args=[sheet.pk]),
                     {"version": sheet.version, "goal": "x", "save": "1"})
    assert response.status_code == 403
    sheet.refresh_from_db()
    assert sheet.goal != "x"


def test_correction_is_a_new_revision_beside_the_original(client, users, sheet):
    cycle = sheet.cycle
    cycle.status = Cycle.Status.PUBLISHED
    cycle.save()
    sheet.state = Sheet.State.PUBLISHED
    sheet.save()
    url = reverse("sheets:correct", args=[sheet.pk])
    assert _post(client, users["section_editor"], url, {"reason": "x"}).status_code == 403
    response = _post(client, users["planning_admin"], url, {"reason": "実績値の誤記"})
    correction = Sheet.objects.get(corrects=sheet)
    assert response.status_code == 302
    assert correction.revision == 2 and correction.correction_reason == "実績値の誤記"
    assert list(Sheet.objects.current().filter(project=sheet.project)) == [correction]
    response = _post(client, users["planning_admin"], reverse("sheets:edit", args=[correction.pk]),
                     {"version": correction.version, "goal": "訂正後", "save": "1",
                      "years": "2020,2021", **_cells(sheet)})
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.goal != "訂正後" and sheet.state == Sheet.State.PUBLISHED
    response = _post(client, users["section_editor"], reverse("sheets:edit", args=[correction.pk]),
                     {"version": correction.version, "goal": "x", "save": "1"})
    assert response.status_code == 403


def _cells(sheet):
    data = {}
    for indicator in sheet.project.indicators.all():
        for fy in (2020, 2021):
            data[f"v{indicator.pk}_{fy}-actual_status"] = "measured"
        data[f"v{indicator.pk}_2021-target"] = "100"
        data[f"v{indicator.pk}_2021-actual"] = "90"
    return data


@pytest.mark.parametrize("name", ["sheets:mine", "sheets:cycles"])
def test_read_pages_ladder(client, users, name):
    assert client.get(reverse(name)).status_code == 302
    for role in ALL:
        client.force_login(users[role])
        status = client.get(reverse(name)).status_code
        if name == "sheets:mine" and role in ("council_member", "viewer"):
            assert status == 403
        else:
            assert status == 200


def test_sheet_pages_ladder(client, users, sheet):
    indicator = make_indicator(sheet.project, name="別の指標")
    pages = {
        # a draft: the planning division and its section (access.can_read_sheet)
        reverse("sheets:detail", args=[sheet.pk]): {"planning_admin", "section_editor"},
        reverse("sheets:indicator", args=[indicator.pk]): set(ALL),
        reverse("sheets:achievement", args=[2021]): set(ALL),
        reverse("sheets:dashboard", args=[2021]): {"planning_admin"},
        reverse("sheets:cycle_edit", args=[2021]): {"planning_admin"},
        reverse("sheets:cycle_start"): {"planning_admin"},
        reverse("sheets:cycle_delete", args=[2021]): {"planning_admin"},
        reverse("sheets:cycle_move", args=[2021]) + "?status=verifying": {"planning_admin"},
        reverse("sheets:edit", args=[sheet.pk]): {"planning_admin", "section_editor"},
        reverse("sheets:indicator_create", args=[sheet.pk]): {"planning_admin", "section_editor"},
    }
    for url, allowed in pages.items():
        client.logout()
        assert client.get(url).status_code == 302, url
        for role in ALL:
            client.force_login(users[role])
            assert client.get(url).status_code == (200 if role in allowed else 403), (url, role)
