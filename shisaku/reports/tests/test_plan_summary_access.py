"""Who gets the plan's summary (概要版): every signed-in role for an adopted program from the
plan page, anyone from the portal for an adopted program that has begun; a draft program's
summary is the planning division's only and never reaches the portal (a planted marker)."""

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from docx import Document as Word

from shisaku.accounts.models import Role
from shisaku.core.testing import make_project, place, program4_tree
from shisaku.plan import services as plan_services
from shisaku.plan.models import Node, Program

pytestmark = pytest.mark.django_db

MARKER = "ZZ下書きの取組項目ZZ"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def program():
    _plan, program, _point, _policy, item = program4_tree()
    place(make_project("スタートアップ支援事業"), item)
    return program


def _word_text(content: bytes) -> str:
    word = Word(io.BytesIO(content))
    return "\n".join([p.text for p in word.paragraphs]
                     + [c.text for t in word.tables for row in t.rows for c in row.cells])


def _make_draft(program: Program) -> None:
    """The program back in drafting (素案), with an action item no one outside may see."""
    Program.objects.filter(pk=program.pk).update(stage=Program.Stage.OUTLINE)
    policy = Node.objects.get(program=program, code="基本施策1")
    Node.objects.create(program=program, level=program.levels.get(name="取組項目"),
                        parent=policy, code="基本施策1 (9)", title=MARKER, order=9)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_downloads_the_summary_of_an_adopted_program(client, users, program, role):
    client.force_login(users[role.value])
    page = client.get(reverse("plan:tree"), {"program": program.ordinal})
    url = reverse("reports:plan_summary", args=[program.pk, "docx"])
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    text = _word_text(response.content)
    assert "かわさき産業振興プラン概要版" in text and "スタートアップ支援事業" in text


def test_a_drafts_summary_is_the_planning_divisions_only(client, users, program):
    _make_draft(program)
    url = reverse("reports:plan_summary", args=[program.pk, "docx"])
    client.force_login(users["viewer"])
    assert client.get(url).status_code == 403
    assert url not in client.get(reverse("plan:tree"), {"program": 4}).content.decode()
    client.force_login(users["planning_admin"])
    response = client.get(url)
    assert response.status_code == 200
    text = _word_text(response.content)
    assert "かわさき産業振興プラン（案）概要版" in text and MARKER in text


def test_the_summary_comes_as_pdf_or_word_only(client, users, program):
    client.force_login(users["planning_admin"])
    pdf = client.get(reverse("reports:plan_summary", args=[program.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("reports:plan_summary", args=[program.pk, "exe"])).status_code == 404
    assert client.post(reverse("reports:plan_summary", args=[program.pk, "pdf"])).status_code == 405


def test_the_portal_offers_the_adopted_programs_summary_to_anyone(client, program):
    page = client.get(reverse("portal:plan")).content.decode()
    url = reverse("portal:plan_summary", args=[program.pk, "docx"])
    assert url in page and reverse("portal:plan_summary", args=[program.pk, "pdf"]) in page
    first = client.get(url)
    assert first.status_code == 200
    assert "スタートアップ支援事業" in _word_text(first.content)
    again = client.get(url)  # from the cache, the same file under the same name
    assert again.content == first.content
    assert again["Content-Disposition"] == first["Content-Disposition"]


def test_the_portal_never_shows_a_draft_programs_summary(client, program):
    _make_draft(program)
    assert "plan/programs" not in client.get(reverse("portal:plan")).content.decode()
    for fmt in ("pdf", "docx"):
        assert client.get(reverse("portal:plan_summary", args=[program.pk, fmt])).status_code == 404


def test_a_plan_edit_after_a_download_gives_the_portal_a_fresh_summary(client, users, program):
    url = reverse("portal:plan_summary", args=[program.pk, "docx"])
    assert "新しい策定趣旨" not in _word_text(client.get(url).content)
    plan = program.plan
    plan_services.save_plan(plan, users["planning_admin"], expected_version=plan.version,
                            purpose="新しい策定趣旨の文章")
    assert "新しい策定趣旨の文章" in _word_text(client.get(url).content)


def test_the_planning_division_writes_the_plans_purpose_and_position_on_the_plan_form(
        client, users, program):
    plan = program.plan
    client.force_login(users["planning_admin"])
    url = reverse("plan:plan_edit", args=[plan.pk])
    data = {"name": plan.name, "first_fy": plan.first_fy, "last_fy": plan.last_fy,
            "purpose": "計画の趣旨", "position": "条例の実施計画", "vision": "",
            "vision_note": "", "version": plan.version}
    refused = client.post(url, {**data, "purpose": "趣旨\x07"})
    assert refused.status_code == 200 and "趣旨" in refused.content.decode()
    plan.refresh_from_db()
    assert plan.purpose == ""
    assert client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert (plan.purpose, plan.position) == ("計画の趣旨", "条例の実施計画")


def test_the_portals_summary_lists_no_draft_program_in_the_plan_period(client, users, program):
    Program.objects.create(plan=program.plan, ordinal=5, first_fy=2030, last_fy=2033,
                           comprehensive_plan_period=MARKER, stage=Program.Stage.OUTLINE)
    public = client.get(reverse("portal:plan_summary", args=[program.pk, "docx"]))
    assert "第4期実行プログラム" in _word_text(public.content)
    assert MARKER not in _word_text(public.content)
    client.force_login(users["planning_admin"])
    staff = client.get(reverse("reports:plan_summary", args=[program.pk, "docx"]))
    assert MARKER in _word_text(staff.content)


def test_the_summary_reads_as_many_queries_for_many_action_items_as_for_one(
        program, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shisaku.reports.content.plan_summary import build_plan_summary

    with CaptureQueriesContext(connection) as one:
        build_plan_summary(program)
    policy = Node.objects.get(program=program, code="基本施策1")
    level = program.levels.get(name="取組項目")
    for n in range(2, 12):
        item = Node.objects.create(program=program, level=level, parent=policy,
                                   code=f"基本施策1 ({n})", title=f"取組{n}", order=n)
        place(make_project(f"事業{n}"), item)
    with django_assert_max_num_queries(len(one)):
        build_plan_summary(program)


def test_a_program_without_a_hierarchy_gets_notes_and_warnings_not_empty_headings(program):
    from shisaku.core.testing import make_program
    from shisaku.reports.content.plan_summary import build_plan_summary

    empty = make_program(program.plan, 5, 2030, 2033, levels=())
    doc = build_plan_summary(empty)
    headings = [item.text for item in doc.items if type(item).__name__ == "Heading"]
    assert "4 「かわさき産業振興プラン 第5期実行プログラム」" in headings
    assert not [h for h in headings if "0つ" in h or h.startswith("4-")]
    assert "第5期実行プログラムの体系が未登録" in doc.warnings
    assert "計画の策定趣旨が未登録" in doc.warnings
