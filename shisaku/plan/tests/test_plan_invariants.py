import pytest
from django.core.exceptions import ValidationError

from shisaku.core.testing import make_node, make_plan, make_program, program4_tree
from shisaku.plan.models import Node, Plan, Program

pytestmark = pytest.mark.django_db


def test_plan_refuses_a_last_year_before_its_first():
    plan = Plan(name="逆転した計画", first_fy=2030, last_fy=2026)
    with pytest.raises(ValidationError) as exc:
        plan.full_clean()
    assert "終了年度" in str(exc.value)


def test_plans_do_not_overlap():
    make_plan(2016, 2025, "第1次")
    with pytest.raises(ValidationError, match="重なっています"):
        Plan(name="第2次", first_fy=2025, last_fy=2037).full_clean()
    Plan(name="第2次", first_fy=2026, last_fy=2037).full_clean()


def test_plan_cannot_shrink_away_from_its_programs():
    plan = make_plan(2026, 2037)
    make_program(plan, 6, 2034, 2037)
    plan.last_fy = 2033
    with pytest.raises(ValidationError, match="第6期"):
        plan.full_clean()


def test_program_lies_inside_its_plan():
    plan = make_plan(2026, 2037)
    with pytest.raises(ValidationError, match="計画期間"):
        Program(plan=plan, ordinal=4, first_fy=2025, last_fy=2029).full_clean()
    with pytest.raises(ValidationError, match="計画期間"):
        Program(plan=plan, ordinal=6, first_fy=2034, last_fy=2038).full_clean()


def test_programs_of_one_plan_do_not_overlap():
    plan = make_plan(2026, 2037)
    make_program(plan, 4, 2026, 2029)
    with pytest.raises(ValidationError) as exc:
        Program(plan=plan, ordinal=5, first_fy=2029, last_fy=2033).full_clean()
    assert "第4期実行プログラム" in str(exc.value)
    Program(plan=plan, ordinal=5, first_fy=2030, last_fy=2033).full_clean()


def test_program_refuses_reversed_years():
    plan = make_plan(2026, 2037)
    with pytest.raises(ValidationError, match="終了年度"):
        Program(plan=plan, ordinal=4, first_fy=2029, last_fy=2026).full_clean()


def test_program_ordinal_is_unique():
    plan = make_plan(2026, 2037)
    make_program(plan, 4, 2026, 2029)
    with pytest.raises(ValidationError):
        Program(plan=plan, ordinal=4, first_fy=2030, last_fy=2033).full_clean()


def test_top_level_node_has_no_parent():
    _, program, _, policy, _ = program4_tree()
    node = Node(program=program, level=program.levels.get(name="基本施策"), code="基本施策2",
                title="x", parent=policy)
    with pytest.raises(ValidationError, match="最上位"):
        node.full_clean()


def test_child_node_needs_a_parent_one_level_up():
    _, program, point, policy, item = program4_tree()
    level = program.levels.get(name="取組項目")
    with pytest.raises(ValidationError, match="上位の項目を選んで"):
        Node(program=program, level=level, code="(2)", title="x").full_clean()
    with pytest.raises(ValidationError, match="一つ上の階層"):
        Node(program=program, level=level, code="(2)", title="x", parent=item).full_clean()
    Node(program=program, level=level, code="(2)", title="x", parent=policy).full_clean()


def test_point_stands_beside_the_tree_without_parent():
    _, program, point, policy, _ = program4_tree()
    node = Node(program=program, level=program.levels.get(name="ポイント"), code="【2】",
                title="x", parent=policy)
    with pytest.raises(ValidationError, match="体系の外"):
        node.full_clean()


def test_node_level_must_belong_to_its_program():
    plan, program, *_ = program4_tree()
    other = make_program(plan, 5, 2030, 2033)
    node = Node(program=other, level=program.levels.get(name="基本施策"), code="x", title="x")
    with pytest.raises(ValidationError, match="同じ実行プログラム"):
        node.full_clean()


def test_parent_must_be_in_the_same_program():
    plan, program, _, policy, _ = program4_tree()
    other = make_program(plan, 5, 2030, 2033)
    node = Node(program=other, level=other.levels.get(name="取組項目"), code="x", title="x",
                parent=policy)
    with pytest.raises(ValidationError, match="同じ実行プログラム"):
        node.full_clean()


def test_programs_have_their_own_level_schema():
    first = make_plan(2016, 2025, "第1次")
    p1 = make_program(first, 1, 2016, 2017, levels=("政策", "施策", "基本戦略"))
    policy = make_node(p1, "政策", "3", "川崎の発展を支える産業の振興")
    measure = make_node(p1, "施策", "3-3", "中小企業の競争力強化", parent=policy)
    strategy = make_node(p1, "基本戦略", "3-3-1", "オープンイノベーションの推進", parent=measure)
    assert [lv.name for lv in p1.tree_levels()] == ["政策", "施策", "基本戦略"]
    assert strategy.level.is_leaf_level()
    assert [n.code for n in strategy.ancestors()] == ["3", "3-3"]


def test_points_inform_basic_policies():
    _, program, point, policy, _ = program4_tree()
    point.informs.add(policy)
    assert list(policy.informed_by.all()) == [point]
