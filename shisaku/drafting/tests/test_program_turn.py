"""The program turn on the demo data: program 3 (政策 → 施策 → 基本戦略) is followed by a draft
program 4 with a changed hierarchy; program 3's projects are mapped into it, it is adopted,
and the placements, lineage (both ways), end years and indicators follow."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shisaku.core.concurrency import EditConflict
from shisaku.core.tests.fixtures import module_data
from shisaku.demo.loader import load_demo
from shisaku.drafting import services as drafting
from shisaku.drafting.services import Kind, MappingInput
from shisaku.plan import services as plan_services
from shisaku.plan.models import Node, Program, ProjectMapping
from shisaku.projects import lineage
from shisaku.projects.models import LineageEvent, Placement, Project
from shisaku.published import records
from shisaku.sheets.models import Indicator, IndicatorValue

demo_data = module_data(load_demo)

Stage = Program.Stage
NEW_LEVELS = [("ポイント", False), ("基本施策", True), ("取組項目", True)]


def _node(program, user, level, code, title, parent=None):
    return plan_services.save_node(None, user, program=program, level=program.levels.get(name=level),
                                   parent=parent, code=code, title=title)


@pytest.fixture
def program3(demo_data, db):
    """Program 3 with a small tree and some placements; the demo's program 4 taken away so
    that program 3 is the newest adopted program."""
    p4 = Program.objects.get(ordinal=4)
    Placement.objects.filter(node__program=p4).delete()
    Node.objects.filter(program=p4).delete()
    p4.delete()
    p3 = Program.objects.get(ordinal=3)
    levels = {lv.name: lv for lv in p3.levels.all()}
    policy = Node.objects.create(program=p3, level=levels["政策"], code="3", title="産業の振興")
    measure = Node.objects.create(program=p3, level=levels["施策"], code="3-1", title="産業の活性化",
                                  parent=policy)
    make = Node.objects.create(program=p3, level=levels["基本戦略"], code="3-1-1",
                               title="ものづくり産業の支援", parent=measure)
    shop = Node.objects.create(program=p3, level=levels["基本戦略"], code="3-1-2",
                               title="商業の振興", parent=measure)
    for name, node in (("ものづくり中小企業経営支援事業", make), ("生産性向上推進事業", make),
                       ("商店街課題対応事業", shop), ("商業力強化事業", shop)):
        Placement.objects.create(project=Project.objects.get(name=name), node=node)
    return p3


@pytest.fixture
def draft(program3, kikaku):
    program = drafting.start_next_program(program3, kikaku, levels=NEW_LEVELS)
    policy1 = _node(program, kikaku, "基本施策", "基本施策1", "ものづくり産業の振興")
    _node(program, kikaku, "取組項目", "基本施策1 (1)", "ものづくり中小企業の支援", policy1)
    policy2 = _node(program, kikaku, "基本施策", "基本施策2", "商業・観光の振興")
    _node(program, kikaku, "取組項目", "基本施策2 (1)", "商業の振興", policy2)
    return Program.objects.get(pk=program.pk)


def P(name):
    return Project.objects.get(name=name)


def _rows(draft, **kinds):
    """Every project of program 3 continuing under its suggested node (or the first leaf),
    except those given: name → MappingInput."""
    nodes = drafting.leaf_nodes(draft)
    titles = drafting.previous_titles(draft.previous())
    rows = []
    for project in drafting.projects_to_map(draft.previous()):
        if project.name in kinds:
            rows.append(kinds[project.name])
            continue
        node = drafting.suggest(project, nodes, titles.get(project.pk, [])) or nodes[0]
        rows.append(MappingInput(kind=Kind.CONTINUING, project=project, node=node))
    return rows


def _leaf(draft, code):
    return Node.objects.get(program=draft, code=code)


def _turn_rows(draft):
    make, shop = _leaf(draft, "基本施策1 (1)"), _leaf(draft, "基本施策2 (1)")
    rows = _rows(draft, **{
        "生産性向上推進事業": MappingInput(kind=Kind.RENAMED, project=P("生産性向上推進事業"),
                                          node=make, new_name="生産性向上・DX推進事業"),
        "商店街課題対応事業": MappingInput(kind=Kind.MERGED, project=P("商店街課題対応事業"),
                                          merge_into=P("商業力強化事業")),
        "地域連携事業": MappingInput(kind=Kind.ABOLISHED, project=P("地域連携事業")),
    })
    rows.append(MappingInput(kind=Kind.NEW, node=shop, new_name="商業デジタル化支援事業"))
    return rows


def _adopt(draft, user):
    for stage in (Stage.OUTLINE, Stage.PROPOSAL, Stage.ADOPTED):
        draft = drafting.move_stage(draft, user, to=stage, expected_version=draft.version)
    return draft


def test_the_next_program_has_its_own_levels_years_schedule_and_stage(draft, program3):
    assert (draft.ordinal, draft.first_fy, draft.last_fy) == (4, 2026, 2029)
    assert draft.stage == Stage.BASIC_APPROACH and draft.is_draft
    assert [(lv.name, lv.in_tree) for lv in draft.levels.all()] == NEW_LEVELS
    assert [lv.name for lv in program3.levels.all()] == ["政策", "施策", "基本戦略"]
    assert draft.plan.first_fy == 2026  # the new plan holds it
    milestones = list(draft.milestones.all())
    assert [m.starts_on for m in milestones] == [datetime.date(2025, 8, 1), datetime.date(2025, 11, 1),
                                                 datetime.date(2026, 1, 1), datetime.date(2026, 3, 1)]
    assert "委員会" in milestones[0].reported_to and "産業振興協議会" in milestones[0].reported_to
    assert milestones[1].period_label == "令和7年11月～令和7年12月"


def test_the_levels_are_copied_when_none_are_given(program3, kikaku):
    program = drafting.start_next_program(program3, kikaku)
    assert [lv.name for lv in program.levels.all()] == ["政策", "施策", "基本戦略"]


def test_a_draft_program_is_not_public_until_adopted(draft, kikaku):
    may = datetime.date(2026, 5, 1)
    assert draft not in records.programs(may)
    draft.refresh_from_db()
    drafting.save_mappings(draft, kikaku, _turn_rows(draft), expected_version=draft.version)
    _adopt(Program.objects.get(pk=draft.pk), kikaku)
    assert Program.objects.get(pk=draft.pk) in records.programs(may)


def test_the_suggestion_follows_the_name_and_the_former_node(draft):
    nodes = drafting.leaf_nodes(draft)
    titles = drafting.previous_titles(draft.previous())
    shop = P("商店街課題対応事業")
    assert drafting.suggest(shop, nodes, titles[shop.pk]).code == "基本施策2 (1)"
    make = P("ものづくり中小企業経営支援事業")
    assert drafting.suggest(make, nodes, titles[make.pk]).code == "基本施策1 (1)"


def test_the_whole_turn_writes_placements_lineage_end_years_and_indicators(draft, kikaku):
    old = P("生産性向上推進事業")
    indicator = Indicator.objects.create(project=old, name="支援件数", unit="件")
    drafting.save_mappings(draft, kikaku, _turn_rows(draft), expected_version=draft.version)
    assert draft.mappings.count() == len(drafting.projects_to_map(draft.previous())) + 1
    adopted = _adopt(Program.objects.get(pk=draft.pk), kikaku)

    assert adopted.stage == Stage.ADOPTED and adopted.is_final and adopted.adopted_on
    renamed = P("生産性向上・DX推進事業")
    new = P("商業デジタル化支援事業")
    placed = {p.project.name: p.node.code for p in Placement.objects.filter(node__program=adopted)}
    assert placed["生産性向上・DX推進事業"] == "基本施策1 (1)"
    assert placed["ものづくり中小企業経営支援事業"] == "基本施策1 (1)"
    assert placed["商業デジタル化支援事業"] == "基本施策2 (1)"
    assert placed["商業力強化事業"] == "基本施策2 (1)"
    for gone in ("生産性向上推進事業", "商店街課題対応事業", "地域連携事業"):
        assert gone not in placed
        assert P(gone).last_fy == 2025
    assert renamed.first_fy == 2026 and new.first_fy == 2026
    assert renamed.group == old.group and renamed.section_id == old.section_id

    kinds = {e.kind: e for e in LineageEvent.objects.filter(effective_fy=2026)}
    assert set(kinds) == {"renamed", "merged", "abolished", "new"}
    assert list(kinds["merged"].successors.all()) == [P("商業力強化事業")]
    assert list(kinds["merged"].predecessors.all()) == [P("商店街課題対応事業")]

    carried = renamed.indicators.get()
    assert carried.previous == indicator and carried.name == "支援件数"
    assert [i.pk for i in carried.lineage()] == [indicator.pk, carried.pk]


def test_lineage_after_adoption_answers_where_a_project_went_both_ways(draft, kikaku):
    drafting.save_mappings(draft, kikaku, _turn_rows(draft), expected_version=draft.version)
    _adopt(Program.objects.get(pk=draft.pk), kikaku)
    before, after = lineage.chain(P("生産性向上推進事業"))
    assert [s.successors for s in after] == [(P("生産性向上・DX推進事業"),)]
    before, after = lineage.chain(P("生産性向上・DX推進事業"))
    assert [(s.event.kind, s.predecessors) for s in before] == [("renamed", (P("生産性向上推進事業"),))]
    _before, after = lineage.chain(P("商店街課題対応事業"))
    assert [(s.event.kind, s.successors) for s in after] == [("merged", (P("商業力強化事業"),))]
    before, _after = lineage.chain(P("商業力強化事業"))
    assert any(P("商店街課題対応事業") in s.predecessors for s in before)
    _before, after = lineage.chain(P("地域連携事業"))
    assert [(s.event.kind, s.successors) for s in after] == [("abolished", ())]


def test_an_adopted_program_is_final(draft, kikaku):
    drafting.save_mappings(draft, kikaku, _turn_rows(draft), expected_version=draft.version)
    adopted = _adopt(Program.objects.get(pk=draft.pk), kikaku)
    with pytest.raises(ValidationError):
        drafting.save_mappings(adopted, kikaku, _turn_rows(adopted), expected_version=adopted.version)
    with pytest.raises(ValidationError):
        drafting.move_stage(adopted, kikaku, to=Stage.PROPOSAL, expected_version=adopted.version)
    leaf = _leaf(adopted, "基本施策1 (1)")
    with pytest.raises(ValidationError, match="策定済み"):
        plan_services.save_node(leaf, kikaku, expected_version=leaf.version, title="変更")
    with pytest.raises(ValidationError, match="策定済み"):
        Placement(project=P("起業化総合支援事業"), node=leaf).full_clean()
    assert _leaf(adopted, "基本施策1 (1)").title == "ものづくり中小企業の支援"


def test_the_stage_moves_forward_and_back_one_step_only(draft, kikaku):
    with pytest.raises(ValidationError, match="次の段階か一つ前"):
        drafting.move_stage(draft, kikaku, to=Stage.PROPOSAL, expected_version=draft.version)
    draft = drafting.move_stage(draft, kikaku, to=Stage.OUTLINE, expected_version=draft.version)
    draft = drafting.move_stage(draft, kikaku, to=Stage.BASIC_APPROACH,
                                expected_version=draft.version)
    assert draft.stage == Stage.BASIC_APPROACH
    with pytest.raises(EditConflict):
        drafting.move_stage(draft, kikaku, to=Stage.OUTLINE, expected_version=draft.version - 1)


def test_adoption_is_refused_while_projects_are_not_mapped(draft, kikaku):
    rows = _turn_rows(draft)[1:]
    drafting.save_mappings(draft, kikaku, rows, expected_version=draft.version)
    draft = Program.objects.get(pk=draft.pk)
    draft = drafting.move_stage(draft, kikaku, to=Stage.OUTLINE, expected_version=draft.version)
    draft = drafting.move_stage(draft, kikaku, to=Stage.PROPOSAL, expected_version=draft.version)
    with pytest.raises(ValidationError, match="移行が決まっていない"):
        drafting.move_stage(draft, kikaku, to=Stage.ADOPTED, expected_version=draft.version)
    assert Program.objects.get(pk=draft.pk).stage == Stage.PROPOSAL
    assert not Placement.objects.filter(node__program=draft).exists()


def _refused(draft, user, rows, match):
    before = list(ProjectMapping.objects.values_list("pk", flat=True))
    with pytest.raises(ValidationError, match=match):
        drafting.save_mappings(draft, user, rows, expected_version=draft.version)
    assert list(ProjectMapping.objects.values_list("pk", flat=True)) == before


def test_a_project_mapped_twice_is_refused(draft, kikaku):
    rows = _turn_rows(draft)
    rows.append(MappingInput(kind=Kind.ABOLISHED, project=P("起業化総合支援事業")))
    _refused(draft, kikaku, rows, "2回以上")


def test_a_mapping_to_a_node_of_another_program_is_refused(draft, program3, kikaku):
    old_leaf = Node.objects.get(program=program3, code="3-1-1")
    rows = _rows(draft, 起業化総合支援事業=MappingInput(
        kind=Kind.CONTINUING, project=P("起業化総合支援事業"), node=old_leaf))
    _refused(draft, kikaku, rows, "第4期実行プログラムの体系項目ではありません")


def test_an_abolished_project_with_values_in_a_later_year_is_refused(draft, kikaku):
    indicator = Indicator.objects.create(project=P("地域連携事業"), name="参加者数", unit="人")
    IndicatorValue.objects.create(indicator=indicator, fiscal_year=2026, target=Decimal(100))
    _refused(draft, kikaku, _turn_rows(draft), "令和8（2026）年度以降の値")


def test_a_merge_into_an_abolished_project_and_a_taken_name_are_refused(draft, kikaku):
    rows = _rows(draft, **{
        "商店街課題対応事業": MappingInput(kind=Kind.MERGED, project=P("商店街課題対応事業"),
                                          merge_into=P("地域連携事業")),
        "地域連携事業": MappingInput(kind=Kind.ABOLISHED, project=P("地域連携事業")),
        "生産性向上推進事業": MappingInput(kind=Kind.RENAMED, project=P("生産性向上推進事業"),
                                          node=_leaf(draft, "基本施策1 (1)"),
                                          new_name="商業力強化事業"),
    })
    _refused(draft, kikaku, rows, "統合先")
    _refused(draft, kikaku, rows, "既に使われています")


def test_only_the_planning_division_drafts(program3, users):
    with pytest.raises(PermissionDenied):
        drafting.start_next_program(program3, users["section_editor"])
    assert not Program.objects.filter(ordinal=4).exists()


def test_a_draft_of_a_draft_and_a_second_draft_are_refused(draft, kikaku, program3):
    with pytest.raises(ValidationError, match="まだ策定されていない"):
        drafting.start_next_program(draft, kikaku)
    with pytest.raises(ValidationError, match="既にあります"):
        drafting.start_next_program(program3, kikaku)


def test_an_empty_placeholder_of_the_next_program_becomes_the_draft(demo_data, kikaku):
    program4 = Program.objects.get(ordinal=4)
    placeholder = Program.objects.get(ordinal=5)
    draft = drafting.start_next_program(program4, kikaku)
    assert draft.pk == placeholder.pk and draft.stage == Stage.BASIC_APPROACH
    assert (draft.first_fy, draft.last_fy) == (2030, 2033)
    assert [lv.name for lv in draft.levels.all()] == ["ポイント", "基本施策", "取組項目"]


def test_a_placement_in_an_adopted_program_is_not_deleted_from_the_screen(draft, kikaku, client):
    drafting.save_mappings(draft, kikaku, _turn_rows(draft), expected_version=draft.version)
    adopted = _adopt(Program.objects.get(pk=draft.pk), kikaku)
    placement = Placement.objects.filter(node__program=adopted).first()
    client.force_login(kikaku)
    from django.urls import reverse
    response = client.post(reverse("projects:placement_delete",
                                   args=[placement.project_id, placement.pk]), follow=True)
    assert "策定済み" in response.content.decode()
    assert Placement.objects.filter(pk=placement.pk).exists()
