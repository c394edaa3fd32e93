"""Reading rights: drafts, return comments and change history belong to the planning division
and the owning section; a viewer reads what is published; a council member also reads the
submitted and confirmed sheets of the projects verified in a year under verification.

Markers are planted in a draft's text and figure, in a return comment and in history entries
(of sheets the readers may otherwise open); every GET route is then walked as a viewer and as
a council member, and no response may carry a marker.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from shisaku.accounts import access
from shisaku.accounts.models import Role
from shisaku.core.testing import make_user
from shisaku.sheets.corrections import start_correction
from shisaku.sheets.models import Cycle, Sheet, SheetChange
from shisaku.sheets.snapshot import snapshot
from shisaku.sheets.tests.factories import COMPLETE_TEXTS, make_sheet, set_value
from shisaku.sheets.views.sheet import sheet_detail

from .test_route_matrix import (
    kwarg_names,
    route_kwargs,
    route_world,  # noqa: F401  (the populated fixtures of the matrix)
    shisaku_routes,
    users,  # noqa: F401
    world,  # noqa: F401
)

pytestmark = pytest.mark.django_db

DRAFT_TEXT = "下書きだけの秘密の文言"
DRAFT_FIGURE = "9,876,543"  # a draft's actual, as the pages print it
RETURN_COMMENT = "差戻しの秘密の理由"
HISTORY_TEXT = "履歴だけにある変更前の文言"
STAFF_NAME = "履歴太郎"
MARKERS = (DRAFT_TEXT, DRAFT_FIGURE, RETURN_COMMENT, HISTORY_TEXT, STAFF_NAME)


@pytest.fixture
def planted(request, users):
    """The world of the route matrix, with a marker in every place only staff may read."""
    world_ = request.getfixturevalue("world")
    staff = make_user("rireki", Role.SECTION_EDITOR)
    staff.last_name = STAFF_NAME
    staff.save()
    for name in ("sheet", "other_sheet"):  # drafts of 2022, one of each section
        draft = world_[name]
        draft.goal = DRAFT_TEXT
        draft.save()
        set_value(draft.project.indicators.get(), 2022, target=100, actual=9876543)
    returned = world_["other_sheet"]
    returned.state = Sheet.State.RETURNED
    returned.return_comment = RETURN_COMMENT
    returned.save()
    # History of sheets the readers may open: the published one and the one under verification.
    for name in ("published_sheet", "sheet21", "other_sheet"):
        sheet = world_[name]
        SheetChange.objects.create(sheet=sheet, field="施策における目標", before=HISTORY_TEXT,
                                   after=sheet.goal, user=staff)
        SheetChange.objects.create(sheet=sheet, field="状態", before="提出",
                                   after=f"差戻し（{RETURN_COMMENT}）", user=staff)
    return world_


def _variants(world_, name, pattern) -> list[dict]:
    """Every way to call a route on the world: each sheet, each year, own and not own."""
    keys = kwarg_names(pattern)
    variants = [route_kwargs(world_, name, pattern), route_kwargs(world_, name, pattern, True)]
    if "fy" in keys:
        variants += [{**variants[0], "fy": fy} for fy in (2020, 2021, 2022)]
    if "pk" in keys and name.startswith("sheets:") and name != "sheets:indicator":
        variants += [{**variants[0], "pk": world_[s].pk}
                     for s in ("sheet", "other_sheet", "sheet21", "published_sheet")]
    if name == "sheets:indicator":
        variants += [{"pk": world_["other_sheet"].project.indicators.get().pk}]
    return variants


def _body(response) -> str:
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)
    else:
        data = response.content
    return data.decode("utf-8", errors="replace")


@pytest.mark.parametrize("role", [Role.VIEWER, Role.COUNCIL_MEMBER])
def test_no_page_shows_a_viewer_or_council_member_a_draft_a_return_comment_or_history(
        client, users, planted, role):
    client.force_login(users[role.value])
    leaks, walked = [], 0
    for name, pattern in shisaku_routes():
        for kwargs in _variants(planted, name, pattern):
            url = reverse(name, kwargs=kwargs)
            response = client.get(url)
            walked += 1
            assert response.status_code < 500, url
            body = _body(response)
            leaks += [f"{url}: {marker}" for marker in MARKERS if marker in body]
    assert walked > 80
    assert not leaks, "\n".join(leaks)


def test_the_owning_section_reads_its_draft_its_return_comment_and_the_history(
        client, users, planted, other_section):
    editor = make_user("shogyo", Role.SECTION_EDITOR, [other_section])
    client.force_login(editor)
    body = client.get(reverse("sheets:detail", args=[planted["other_sheet"].pk])).content.decode()
    for marker in (DRAFT_TEXT, DRAFT_FIGURE, RETURN_COMMENT, HISTORY_TEXT, STAFF_NAME):
        assert marker in body


def test_a_section_editor_reads_its_own_draft_and_history_but_not_another_sections_draft(
        client, users, planted):
    client.force_login(users["section_editor"])
    own = client.get(reverse("sheets:detail", args=[planted["sheet"].pk]))
    assert own.status_code == 200
    assert DRAFT_TEXT in own.content.decode()
    history = client.get(reverse("sheets:detail", args=[planted["sheet21"].pk])).content.decode()
    assert HISTORY_TEXT in history and STAFF_NAME in history
    assert client.get(reverse("sheets:detail", args=[planted["other_sheet"].pk])).status_code \
        == 403


def test_a_section_editor_reads_another_sections_submitted_sheet_without_its_history(
        client, users, planted):
    other = planted["other_sheet"]
    other.state = Sheet.State.SUBMITTED
    other.save()
    client.force_login(users["section_editor"])
    response = client.get(reverse("sheets:detail", args=[other.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert DRAFT_TEXT in body  # handed in: city staff read it
    assert HISTORY_TEXT not in body and RETURN_COMMENT not in body and STAFF_NAME not in body


def test_a_council_member_reads_a_submitted_sheet_of_a_verified_project_in_the_verifying_year(
        client, users, planted):
    sheet = planted["sheet21"]
    sheet.state = Sheet.State.SUBMITTED
    sheet.save()
    client.force_login(users["council_member"])
    response = client.get(reverse("sheets:detail", args=[sheet.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert COMPLETE_TEXTS["goal"] in body
    assert "95" in body  # the 2021 actual of the verified project
    assert "意見を追加" in body  # they write their opinion on it
    assert HISTORY_TEXT not in body and "変更履歴" not in body


def test_a_council_member_does_not_read_a_sheet_that_is_not_verified_or_not_in_verification(
        client, users, planted):
    client.force_login(users["council_member"])
    sheet = planted["sheet21"]
    sheet.verified = False
    sheet.save()
    assert client.get(reverse("sheets:detail", args=[sheet.pk])).status_code == 403
    sheet.verified = True
    sheet.save()
    Cycle.objects.filter(pk=sheet.cycle_id).update(status=Cycle.Status.ENTERING)
    assert client.get(reverse("sheets:detail", args=[sheet.pk])).status_code == 403
    Cycle.objects.filter(pk=sheet.cycle_id).update(status=Cycle.Status.SETTLED)
    assert client.get(reverse("sheets:detail", args=[sheet.pk])).status_code == 200


def test_a_viewer_reads_a_published_sheet_without_its_history(client, users, planted):
    client.force_login(users["viewer"])
    response = client.get(reverse("sheets:detail", args=[planted["published_sheet"].pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert COMPLETE_TEXTS["goal"] in body and "80" in body
    assert HISTORY_TEXT not in body and STAFF_NAME not in body


def test_a_viewer_is_refused_a_draft_with_the_reason(client, users, planted):
    draft = planted["sheet"]
    client.force_login(users["viewer"])
    response = client.get(reverse("sheets:detail", args=[draft.pk]))
    assert response.status_code == 403
    body = response.content.decode()
    assert "このシートは公表前のため閲覧できません" in body  # the 403 page gives the reason
    assert DRAFT_TEXT not in body
    request = RequestFactory().get("/")
    request.user = users["viewer"]
    with pytest.raises(PermissionDenied, match="公表前のため閲覧できません"):
        sheet_detail(request, pk=draft.pk)


def test_an_indicator_page_shows_each_reader_only_the_figures_of_sheets_they_may_read(
        client, users, planted):
    url = reverse("sheets:indicator", args=[planted["indicator"].pk])
    shown = {}
    for role in ("viewer", "council_member", "section_editor", "planning_admin"):
        client.force_login(users[role])
        body = client.get(url).content.decode()
        shown[role] = [fy for fy, actual in (("R2", "80"), ("R3", "95"), ("R4", DRAFT_FIGURE))
                       if f"<td class=\"num\">{actual}</td>" in body]
    assert shown == {"viewer": ["R2"], "council_member": ["R2", "R3"],
                     "section_editor": ["R2", "R3", "R4"],
                     "planning_admin": ["R2", "R3", "R4"]}


def test_a_correction_being_written_leaves_the_published_figures_on_show(client, users, planted):
    published = planted["published_sheet"]
    indicator = planted["indicator"]
    published.published_snapshot = snapshot(published)
    published.save()
    correction = start_correction(published, users["planning_admin"], "実績の誤記")
    set_value(indicator, 2020, target=100, actual=7654321)  # the correction's new figure
    client.force_login(users["viewer"])
    for url in (reverse("sheets:indicator", args=[indicator.pk]),
                reverse("sheets:detail", args=[published.pk]),
                reverse("sheets:achievement", args=[2020])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "7,654,321" not in response.content.decode(), url
    assert ">80<" in client.get(reverse("sheets:indicator", args=[indicator.pk])).content.decode()
    assert client.get(reverse("sheets:detail", args=[correction.pk])).status_code == 403
    project_page = client.get(reverse("projects:detail", args=[published.project_id]))
    assert f"/sheets/{published.pk}/" in project_page.content.decode()
    assert f"/sheets/{correction.pk}/" not in project_page.content.decode()


def test_readable_sheets_and_can_read_sheet_agree_for_every_role_and_sheet(users, planted,
                                                                           other_section):
    readers = [*users.values(), make_user("shogyo", Role.SECTION_EDITOR, [other_section])]
    make_sheet(planted["other_project"], cycle=planted["published"],
               state=Sheet.State.PUBLISHED)
    for user in readers:
        listed = set(access.readable_sheets(user, Sheet.objects.all()).values_list("pk",
                                                                                  flat=True))
        decided = {s.pk for s in Sheet.objects.select_related("cycle", "project")
                   if access.can_read_sheet(user, s)}
        assert listed == decided, user.username


def test_a_years_opinions_are_read_by_council_members_in_verification_and_by_viewers_once_published(
        client, users, planted):
    from shisaku.verification.models import ArticleMainOpinion

    ArticleMainOpinion.objects.filter(pk=planted["main_opinion"].pk).update(text="検証中の主な意見")
    pages = {reverse("verification:main_opinions", args=[2021]): "検証中の主な意見",
             reverse("verification:timeline", args=[planted["project"].pk]): "対応済みの意見"}
    for role, shown in (("council_member", True), ("viewer", False)):
        client.force_login(users[role])
        for url, text in pages.items():
            assert (text in client.get(url).content.decode()) is shown, (role, url)
    # 施策検証 in the menu takes a viewer to the latest year they may read: the published 2020.
    assert client.get(reverse("verification:index"))["Location"] == reverse(
        "verification:main_opinions", args=[2020])


def test_the_states_named_in_access_are_states_of_the_sheet_and_the_cycle():
    assert set(access.HANDED_IN_STATES) == {Sheet.State.SUBMITTED, Sheet.State.CONFIRMED}
    assert set(access.VERIFYING_STATUSES) == {Cycle.Status.VERIFYING, Cycle.Status.SETTLED}
