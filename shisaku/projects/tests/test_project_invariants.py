import pytest
from django.core.exceptions import ValidationError

from shisaku.core.testing import (
    make_node,
    make_plan,
    make_program,
    make_project,
    place,
    program4_tree,
)
from shisaku.projects.models import Placement, Project

pytestmark = pytest.mark.django_db


def test_project_heading_is_printed_like_the_report():
    project = make_project("ものづくり中小企業経営支援事業", group="工業振興関連事業", position=1)
    assert project.heading == "工業振興関連事業 ①ものづくり中小企業経営支援事業"
    assert make_project("生産性向上推進事業").heading == "生産性向上推進事業"


def test_position_needs_a_group():
    with pytest.raises(ValidationError, match="まとまり"):
        Project(name="x", position=2).full_clean()


def test_project_refuses_reversed_years():
    with pytest.raises(ValidationError, match="終了年度"):
        Project(name="x", first_fy=2022, last_fy=2021).full_clean()


def test_project_is_placed_on_a_leaf_item():
    _, program, _, policy, item = program4_tree()
    project = make_project()
    with pytest.raises(ValidationError, match="最下層"):
        place(project, policy)
    assert place(project, item).program == program


def test_placement_refused_when_program_does_not_cover_project_years():
    _, _, _, _, item = program4_tree()
    ended = make_project("担い手・後継者育成事業", first_fy=2016, last_fy=2021)
    with pytest.raises(ValidationError) as exc:
        place(ended, item)
    assert "第4期実行プログラム" in str(exc.value)
    assert not Placement.objects.exists()


def test_changing_project_years_rechecks_existing_placements():
    _, _, _, _, item = program4_tree()
    project = make_project(first_fy=2022)
    place(project, item)
    project.last_fy = 2025
    with pytest.raises(ValidationError, match="位置付けられません"):
        project.full_clean()


def test_project_lives_in_several_programs():
    first = make_plan(2016, 2025, "第1次")
    p1 = make_program(first, 1, 2016, 2017, levels=("政策", "施策", "基本戦略"))
    a = make_node(p1, "政策", "3")
    b = make_node(p1, "施策", "3-3", parent=a)
    c = make_node(p1, "基本戦略", "3-3-1", parent=b)
    _, p4, _, _, item = program4_tree()
    project = make_project("起業化総合支援事業")
    place(project, c)
    place(project, item)
    assert sorted(p.node.program.ordinal for p in project.placements.all()) == [1, 4]


def test_active_in_follows_years():
    make_project("a", first_fy=2016, last_fy=2021)
    make_project("b", first_fy=2022)
    make_project("c")
    assert sorted(Project.objects.active_in(2021).values_list("name", flat=True)) == ["a", "c"]
    assert sorted(Project.objects.active_in(2022).values_list("name", flat=True)) == ["b", "c"]
