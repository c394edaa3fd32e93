"""The program turn's screens: permission ladder, the draft page and its stage button, the
mapping table (suggestion preselected, errors shown, nothing written), the comparison."""

import pytest
from django.urls import reverse

from shisaku.core.tests.fixtures import module_data
from shisaku.demo.loader import load_demo
from shisaku.drafting import services as drafting
from shisaku.plan.models import Program, ProjectMapping
from shisaku.projects.models import Placement, Project

demo_data = module_data(load_demo)

PAGES = ["drafting:drafts", "drafting:draft", "drafting:mapping", "drafting:compare", "drafting:draft_start"]


@pytest.fixture
def draft5(demo_data, kikaku):
    """Program 5 drafted from the demo's program 4 (its levels copied, two action items)."""
    program = drafting.start_next_program(Program.objects.get(ordinal=4), kikaku)
    from shisaku.plan.services import save_node
    policy = save_node(None, kikaku, program=program, level=program.levels.get(name="基本施策"),
                       code="基本施策1", title="イノベーションの創出")
    for code, title in (("基本施策1 (1)", "イノベーション・エコシステムの構築"),
                        ("基本施策1 (2)", "中小企業の経営支援")):
        save_node(None, kikaku, program=program, level=program.levels.get(name="取組項目"),
                  code=code, title=title, parent=policy)
    return Program.objects.get(pk=program.pk)


def _url(name, program):
    if name == "drafting:drafts":
        return reverse(name)
    if name == "drafting:draft_start":
        return reverse(name, args=[Program.objects.get(ordinal=3).pk])
    return reverse(name, args=[program.pk])


@pytest.mark.parametrize("name", PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, draft5, name):
    response = client.get(_url(name, draft5))
    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_a_section_editor_is_refused(client, users, draft5, name):
    client.force_login(users["section_editor"])
    assert client.get(_url(name, draft5)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_the_planning_division_opens_the_drafting_pages(client, kikaku, draft5, name):
    client.force_login(kikaku)
    response = client.get(_url(name, draft5))
    assert response.status_code == 200
    assert "第5期実行プログラム" in response.content.decode() or name == "drafting:draft_start"


def test_the_draft_page_shows_stage_schedule_and_moves_the_stage(client, kikaku, draft5):
    client.force_login(kikaku)
    page = client.get(reverse("drafting:draft", args=[draft5.pk])).content.decode()
    assert 'aria-current="step"><strong>基本的考え方' in page
    assert "産業振興協議会" in page and "令和11年8月" in page
    assert "「素案」に進める" in page
    response = client.post(reverse("drafting:draft_stage", args=[draft5.pk]),
                           {"to": "outline", "version": draft5.version})
    assert response.status_code == 302
    assert Program.objects.get(pk=draft5.pk).stage == "outline"
    stale = client.post(reverse("drafting:draft_stage", args=[draft5.pk]),
                        {"to": "proposal", "version": draft5.version}, follow=True)
    assert Program.objects.get(pk=draft5.pk).stage == "outline"
    assert "保存" in stale.content.decode() or "更新" in stale.content.decode()


def test_a_section_editor_cannot_move_the_stage(client, users, draft5):
    client.force_login(users["section_editor"])
    response = client.post(reverse("drafting:draft_stage", args=[draft5.pk]),
                           {"to": "outline", "version": draft5.version})
    assert response.status_code == 403
    assert Program.objects.get(pk=draft5.pk).stage == "basic_approach"


def test_the_mapping_table_preselects_the_suggested_node(client, kikaku, draft5):
    client.force_login(kikaku)
    response = client.get(reverse("drafting:mapping", args=[draft5.pk]))
    form = response.context["form"]
    project = Project.objects.get(name="ものづくり中小企業経営支援事業")
    suggested = form[f"p{project.pk}-node"].value()
    assert suggested
    assert str(draft5.nodes.get(code="基本施策1 (2)").pk) == suggested
    assert "イノベーション・エコシステムの構築" in response.content.decode()


def _post_data(response):
    form = response.context["form"]
    data = {name: (form[name].value() or "") for name in form.fields}
    data["version"] = form["version"].value()
    return data


def test_the_mapping_is_saved_from_the_screen(client, kikaku, draft5):
    client.force_login(kikaku)
    url = reverse("drafting:mapping", args=[draft5.pk])
    data = _post_data(client.get(url))
    leaf = draft5.nodes.get(code="基本施策1 (1)")
    for name in data:
        if name.startswith("p") and name.endswith("-node") and not data[name]:
            data[name] = str(leaf.pk)
    data["n0-name"], data["n0-node"] = "新たな共創推進事業", str(leaf.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert ProjectMapping.objects.filter(program=draft5, kind="new",
                                         new_name="新たな共創推進事業").exists()
    assert ProjectMapping.objects.filter(program=draft5).count() == len(
        drafting.projects_to_map(Program.objects.get(ordinal=4))) + 1


def test_a_refused_mapping_keeps_the_input_and_writes_nothing(client, kikaku, draft5):
    client.force_login(kikaku)
    url = reverse("drafting:mapping", args=[draft5.pk])
    data = _post_data(client.get(url))
    project = Project.objects.get(name="ものづくり中小企業経営支援事業")
    data[f"p{project.pk}-kind"] = "renamed"
    data[f"p{project.pk}-name"] = ""
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "新しい事業名を入力してください" in page and "保存されていません" in page
    assert response.context["form"][f"p{project.pk}-kind"].value() == "renamed"
    assert not ProjectMapping.objects.filter(program=draft5).exists()


def test_the_comparison_counts_projects_per_node_and_kinds(client, kikaku, draft5):
    client.force_login(kikaku)
    response = client.get(reverse("drafting:compare", args=[draft5.pk]))
    comparison = response.context["comparison"]
    old = {row.node.code: row.projects for row in comparison.old}
    placed = Placement.objects.filter(node__program__ordinal=4)
    assert sum(n for code, n in old.items() if code.startswith("基本施策") and " " not in code) \
        == placed.count()
    assert set(comparison.kinds) == {"継続", "名称変更", "統合", "廃止", "新規"}
    page = response.content.decode()
    assert "第4期実行プログラム" in page and "第5期実行プログラム" in page


def test_a_new_program_is_started_from_the_screen(client, kikaku, demo_data):
    client.force_login(kikaku)
    program4 = Program.objects.get(ordinal=4)
    response = client.post(reverse("drafting:draft_start", args=[program4.pk]),
                           {"levels": "基本施策\n取組項目\n+ポイント", "last_fy": "",
                            "comprehensive_plan_period": "総合計画第5期実施計画"})
    assert response.status_code == 302
    program5 = Program.objects.get(ordinal=5)
    assert program5.stage == "basic_approach"
    assert [(lv.name, lv.in_tree) for lv in program5.levels.all()] == [
        ("基本施策", True), ("取組項目", True), ("ポイント", False)]


def test_a_level_schema_without_a_tree_level_is_refused_on_the_screen(client, kikaku, demo_data):
    client.force_login(kikaku)
    program4 = Program.objects.get(ordinal=4)
    response = client.post(reverse("drafting:draft_start", args=[program4.pk]),
                           {"levels": "+ポイント", "last_fy": ""})
    assert response.status_code == 200
    assert "体系の階層を1つ以上" in response.content.decode()
    assert Program.objects.get(ordinal=5).stage == "adopted"
    assert not Program.objects.get(ordinal=5).levels.exists()


def test_the_next_program_is_offered_only_from_a_begun_or_built_program(client, kikaku,
                                                                       demo_data):
    client.force_login(kikaku)
    html = client.get(reverse("drafting:drafts")).content.decode()
    starts = {ordinal: reverse("drafting:draft_start", args=[Program.objects.get(ordinal=ordinal).pk])
              for ordinal in range(1, 7)}
    assert starts[4] in html  # the program with the demo's hierarchy: its successor is drafted
    assert starts[5] not in html and starts[6] not in html  # empty placeholders of later years


def test_the_drafts_list_runs_as_many_queries_for_eight_programs_as_for_six(client, kikaku,
                                                                             demo_data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shisaku.core.testing import make_program

    client.force_login(kikaku)
    url = reverse("drafting:drafts")
    client.get(url)
    with CaptureQueriesContext(connection) as six:
        client.get(url)
    plan = Program.objects.get(ordinal=6).plan
    make_program(plan, 7, 2042, 2045)
    make_program(plan, 8, 2046, 2049)
    with CaptureQueriesContext(connection) as eight:
        html = client.get(url).content.decode()
    assert Program.objects.get(ordinal=8).name in html
    assert len(eight) == len(six)
