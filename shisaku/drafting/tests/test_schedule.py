"""The schedule of a draft program: planning admins add, change and remove its steps through
one service (validated, version-guarded, audited, refused once adopted), on a screen that
keeps the input and says what is wrong; the schedule is drawn as a timeline chart by the
shared chart code, on the draft page and as a document figure."""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from PIL import Image

from shisaku.core.concurrency import EditConflict
from shisaku.core.testing import make_plan, make_program
from shisaku.drafting import schedule
from shisaku.plan.models import Milestone, Program
from shisaku.reports import schedule_chart as timeline

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def draft(db):
    """Program 4 (FY2026-2029) at 素案 with the usual calendar (FY2025)."""
    program = make_program(make_plan(), 4, 2026, 2029, stage=Program.Stage.OUTLINE)
    schedule.add_default_milestones(program)
    return program


def _rows(program):
    return list(program.milestones.values_list("order", "title", "starts_on", "ends_on",
                                               "reported_to"))


def _fresh(program):
    return Program.objects.get(pk=program.pk)


def test_a_planning_admin_adds_a_step_and_the_schedule_follows_the_dates(draft, kikaku):
    before = LogEntry.objects.count()
    added = schedule.save_milestone(
        None, kikaku, program=draft, expected_version=draft.version, title="素案の委員会報告",
        starts_on=D(2025, 10, 20), ends_on=None, reported_to="議会（環境委員会）", stage="outline")
    titles = [t for _o, t, *_rest in _rows(draft)]
    assert titles.index("素案の委員会報告") == 1  # between August and November
    assert [o for o, *_rest in _rows(draft)] == [1, 2, 3, 4, 5]
    assert added.reported_to == "議会（環境委員会）"
    assert _fresh(draft).version == draft.version + 1
    assert LogEntry.objects.count() > before
    assert LogEntry.objects.filter(object_pk=str(added.pk), actor=kikaku).exists()


def test_a_step_is_changed_and_removed(draft, kikaku):
    first = draft.milestones.get(order=1)
    schedule.save_milestone(first, kikaku, program=draft, expected_version=draft.version,
                            title="基本的考え方の報告", starts_on=D(2025, 9, 1),
                            ends_on=D(2025, 9, 30), reported_to="産業振興協議会", stage="")
    first.refresh_from_db()
    assert (first.title, first.starts_on, first.stage) == ("基本的考え方の報告", D(2025, 9, 1), "")
    program = schedule.delete_milestone(first, kikaku, expected_version=_fresh(draft).version)
    assert "基本的考え方の報告" not in [t for _o, t, *_rest in _rows(program)]
    assert [o for o, *_rest in _rows(program)] == [1, 2, 3]


@pytest.mark.parametrize("values, field, message", [
    ({"starts_on": D(2023, 3, 31)}, "starts_on", "策定期間（令和6年4月1日～令和9年3月31日）"),
    ({"ends_on": D(2027, 4, 1)}, "ends_on", "策定期間"),
    ({"title": "報告\x07"}, "title", "制御文字"),
    ({"reported_to": "委員会\x00"}, "reported_to", "制御文字"),
    ({"title": "  "}, "title", "内容を入力してください"),
    ({"ends_on": D(2025, 7, 1)}, "ends_on", "終了が開始より前"),
])
def test_bad_input_is_refused_with_a_clear_error_and_nothing_is_written(draft, kikaku, values,
                                                                        field, message):
    before, version = _rows(draft), draft.version
    data = {"title": "報告", "starts_on": D(2025, 8, 1), "ends_on": None, "reported_to": "",
            "stage": "", **values}
    with pytest.raises(ValidationError) as caught:
        schedule.save_milestone(None, kikaku, program=draft, expected_version=version, **data)
    assert any(message in m for m in caught.value.message_dict[field])
    assert _rows(draft) == before and _fresh(draft).version == version


def test_a_stale_form_a_section_editor_and_an_adopted_program_are_refused(draft, kikaku, users):
    before = _rows(draft)
    values = {"title": "報告", "starts_on": D(2025, 8, 1)}
    with pytest.raises(EditConflict):
        schedule.save_milestone(None, kikaku, program=draft, expected_version=draft.version - 1,
                                **values)
    with pytest.raises(PermissionDenied):
        schedule.save_milestone(None, users["section_editor"], program=draft,
                                expected_version=draft.version, **values)
    Program.objects.filter(pk=draft.pk).update(stage=Program.Stage.ADOPTED,
                                               adopted_on=D(2026, 3, 25))
    with pytest.raises(ValidationError, match="策定済み"):
        schedule.save_milestone(None, kikaku, program=draft, expected_version=draft.version,
                                **values)
    with pytest.raises(ValidationError, match="策定済み"):
        schedule.delete_milestone(draft.milestones.first(), kikaku,
                                  expected_version=draft.version)
    assert _rows(draft) == before


@pytest.mark.parametrize("name", ["drafting:milestone_add", "drafting:milestone_edit"])
def test_the_screens_follow_the_permission_ladder(client, users, draft, name):
    arg = draft.pk if name.endswith("add") else draft.milestones.first().pk
    url = reverse(name, args=[arg])
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(users["section_editor"])
    assert client.get(url).status_code == 403
    client.force_login(users["planning_admin"])
    assert client.get(url).status_code == 200


def test_the_screen_keeps_the_input_and_shows_the_error(client, kikaku, draft):
    client.force_login(kikaku)
    response = client.post(reverse("drafting:milestone_add", args=[draft.pk]), {
        "title": "素案の委員会報告", "starts_on": "2030-01-10", "ends_on": "",
        "reported_to": "議会（委員会）", "stage": "", "version": draft.version})
    page = response.content.decode()
    assert response.status_code == 200 and "策定期間" in page
    assert 'value="素案の委員会報告"' in page
    assert draft.milestones.count() == 4


def test_the_draft_page_shows_the_timeline_and_the_screens_write(client, kikaku, draft):
    client.force_login(kikaku)
    response = client.post(reverse("drafting:milestone_add", args=[draft.pk]), {
        "title": "素案の委員会報告", "starts_on": "2025-10-20", "ends_on": "",
        "reported_to": "議会（委員会）", "stage": "outline", "version": draft.version})
    assert response.status_code == 302
    page = client.get(reverse("drafting:draft", args=[draft.pk])).content.decode()
    assert "<svg" in page and "<!-- 素案の委員会報告 -->" in page
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert "<style" not in svg and "style=" not in svg  # the page's CSP allows no inline CSS
    added = draft.milestones.get(title="素案の委員会報告")
    response = client.post(reverse("drafting:milestone_delete", args=[added.pk]),
                           {"version": _fresh(draft).version})
    assert response.status_code == 302 and not draft.milestones.filter(pk=added.pk).exists()


def test_the_timeline_is_drawn_with_every_step_and_its_body_in_svg_and_png(draft):
    svg = timeline.timeline_chart(draft, "svg", today=D(2025, 11, 20)).decode()
    for m in draft.milestones.all():
        assert f"<!-- {m.title} -->" in svg
    assert "<!-- → 議会（委員会）、産業振興協議会 -->" in svg
    assert "<!-- 第4期実行プログラムの策定スケジュール -->" in svg and "<!-- 今日 -->" in svg
    figure = timeline.timeline_figure(draft)
    assert figure.caption == "第4期実行プログラムの策定スケジュール"
    assert figure.data.startswith(b"<?xml")
    image = Image.open(io.BytesIO(figure.png))
    assert image.format == "PNG" and image.width > image.height > 0


def test_an_empty_schedule_is_drawn_as_a_placeholder(draft):
    Milestone.objects.filter(program=draft).delete()
    assert "<!-- 予定がありません -->" in timeline.timeline_chart(draft).decode()
