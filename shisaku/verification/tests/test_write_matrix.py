"""Each role × each verification write view: allowed, or 403 and nothing written."""

import pytest
from django.urls import reverse

from shisaku.sheets.models import Cycle
from shisaku.sheets.tests.factories import make_cycle
from shisaku.verification import services
from shisaku.verification.models import FollowUp, Meeting, Opinion, Response

pytestmark = pytest.mark.django_db
ALL = ["planning_admin", "section_editor", "council_member", "viewer"]


@pytest.fixture
def opinion(cycle, sheet, council_user):
    return services.add_opinion(cycle, council_user, text="既存の意見", sheet=sheet)


@pytest.mark.parametrize("role,allowed", [
    ("planning_admin", True), ("council_member", True), ("section_editor", False),
    ("viewer", False)])
def test_write_opinion_on_a_sheet(client, users, council_user, sheet, role, allowed):
    client.force_login(users[role])
    response = client.post(reverse("verification:sheet_opinion_add", args=[sheet.pk]),
                           {"text": "新しい意見", "themes": "DX、事業承継"})
    assert response.status_code == (302 if allowed else 403)
    assert Opinion.objects.filter(text="新しい意見").exists() is allowed
    if allowed:
        assert Opinion.objects.get(text="新しい意見").themes == ["DX", "事業承継"]


@pytest.mark.parametrize("role,allowed", [
    ("planning_admin", True), ("council_member", True), ("section_editor", False),
    ("viewer", False)])
def test_write_group_opinion(client, users, council_user, sheet, role, allowed):
    client.force_login(users[role])
    response = client.post(reverse("verification:opinion_add", args=[2021]),
                           {"scope": "group", "group": "工業振興関連事業", "text": "関連事業へ"})
    assert response.status_code == (302 if allowed else 403)
    assert Opinion.objects.filter(scope="group").exists() is allowed


@pytest.mark.parametrize("role,allowed", [
    ("planning_admin", True), ("council_member", True), ("section_editor", False),
    ("viewer", False)])
def test_edit_and_delete_opinion(client, users, opinion, role, allowed):
    client.force_login(users[role])
    response = client.post(reverse("verification:opinion_edit", args=[opinion.pk]),
                           {"text": "直した意見", "version": opinion.version})
    assert response.status_code == (302 if allowed else 403)
    opinion.refresh_from_db()
    assert (opinion.text == "直した意見") is allowed
    response = client.post(reverse("verification:opinion_delete", args=[opinion.pk]),
                           {"version": opinion.version})
    assert response.status_code == (302 if allowed else 403)
    assert Opinion.objects.filter(pk=opinion.pk).exists() is not allowed


def test_another_council_member_cannot_change_my_opinion(client, users, opinion, committees):
    from shisaku.accounts.models import Role
    from shisaku.core.testing import make_user

    from .factories import seat

    other = make_user("iin2", Role.COUNCIL_MEMBER)
    seat(other, committees[1])
    client.force_login(other)
    response = client.post(reverse("verification:opinion_edit", args=[opinion.pk]),
                           {"text": "他人が直す"})
    assert response.status_code == 403


@pytest.mark.parametrize("role,allowed", [
    ("planning_admin", True), ("section_editor", True), ("council_member", False),
    ("viewer", False)])
def test_respond(client, users, opinion, role, allowed):
    client.force_login(users[role])
    response = client.post(reverse("verification:respond", args=[opinion.pk]),
                           {"text": "対応します", "classification": "planned"})
    assert response.status_code == (302 if allowed else 403)
    assert Response.objects.filter(opinion=opinion).exists() is allowed


@pytest.mark.parametrize("role,allowed", [
    ("planning_admin", True), ("section_editor", True), ("council_member", False),
    ("viewer", False)])
def test_follow_up(client, users, opinion, role, allowed):
    answered = services.respond(opinion, users["section_editor"], text="対応",
                                classification="planned")
    make_cycle(2022, status=Cycle.Status.ENTERING)
    client.force_login(users[role])
    response = client.post(reverse("verification:follow_up", args=[answered.pk]),
                           {"status": "done", "note": "実施した"})
    assert response.status_code == (302 if allowed else 403)
    assert FollowUp.objects.exists() is allowed


@pytest.mark.parametrize("role", ALL)
def test_meetings_selection_and_main_opinions_are_planning_only(client, users, sheet,
                                                                committees, role):
    allowed = role == "planning_admin"
    client.force_login(users[role])
    response = client.post(reverse("verification:meeting_create", args=[2021]), {
        "committee": committees[1].pk, "kind": "hearing", "title": "所管課ヒアリング",
        "projects": [sheet.project.pk]})
    assert response.status_code == (302 if allowed else 403)
    assert Meeting.objects.exists() is allowed
    response = client.post(reverse("verification:selection", args=[2021]),
                           {f"reason-{sheet.pk}": "前年度の意見を踏まえて"})
    sheet.refresh_from_db()
    assert response.status_code == (302 if allowed else 403)
    assert (sheet.verified is False) is allowed
    from shisaku.core.testing import make_article

    article = make_article(14, "研究及び開発の支援")
    response = client.post(reverse("verification:main_opinions", args=[2021]),
                           {"article": article.pk, "order": 1, "text": "主な意見"})
    assert response.status_code == (302 if allowed else 403)


def test_read_pages_ladder(client, users, opinion, sheet):
    pages = {
        reverse("verification:index"): set(ALL),
        reverse("verification:roster"): set(ALL),
        reverse("verification:main_opinions", args=[2021]): set(ALL),
        reverse("verification:meetings", args=[2021]): set(ALL),
        reverse("verification:timeline", args=[sheet.project.pk]): set(ALL),
        reverse("verification:to_answer"): {"planning_admin", "section_editor"},
        reverse("verification:dashboard", args=[2021]): {"planning_admin"},
        reverse("verification:selection", args=[2021]): {"planning_admin"},
        reverse("verification:meeting_create", args=[2021]): {"planning_admin"},
        reverse("verification:respond", args=[opinion.pk]): {"planning_admin", "section_editor"},
        reverse("verification:opinion_edit", args=[opinion.pk]): {"planning_admin",
                                                                  "council_member"},
    }
    for url, allowed in pages.items():
        client.logout()
        assert client.get(url).status_code == 302, url
        for role in ALL:
            client.force_login(users[role])
            status = client.get(url).status_code
            if url == reverse("verification:index"):
                assert status == 302, (url, role)
            else:
                assert status == (200 if role in allowed else 403), (url, role)
