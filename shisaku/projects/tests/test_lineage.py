import pytest
from django.core.exceptions import ValidationError

from shisaku.core.testing import make_project
from shisaku.projects.lineage import chain, record_event, validate_event
from shisaku.projects.models import LineageEvent

pytestmark = pytest.mark.django_db
Kind = LineageEvent.Kind


@pytest.fixture
def projects():
    return {name: make_project(name) for name in ["A", "B", "C", "D"]}


def test_merge_and_rename_lists_both_origins(projects):
    sentan = make_project("先端産業等立地促進事業", last_fy=2021)
    nairiku = make_project("内陸部操業環境保全対策事業", last_fy=2021)
    sogyo = make_project("操業環境保全対策事業", first_fy=2022)
    record_event(Kind.MERGED, 2022, [sentan, nairiku], [sogyo], "統合の上、名称変更")
    back, forward = chain(sogyo)
    assert forward == []
    assert {p.name for p in back[0].predecessors} == {sentan.name, nairiku.name}
    back, forward = chain(sentan)
    assert back == [] and [p.name for p in forward[0].successors] == ["操業環境保全対策事業"]


def test_chain_is_walked_both_ways_across_several_events(projects):
    a, b, c, d = (projects[k] for k in "ABCD")
    record_event(Kind.RENAMED, 2018, [a], [b])
    record_event(Kind.SPLIT, 2020, [b], [c, d])
    back, forward = chain(d)
    assert [s.event.effective_fy for s in back] == [2018, 2020]
    _, forward = chain(a)
    assert [s.event.effective_fy for s in forward] == [2018, 2020]


@pytest.mark.parametrize("kind,before,after", [
    (Kind.NEW, "A", ""),
    (Kind.NEW, "A", "B"),
    (Kind.RENAMED, "AB", "C"),
    (Kind.RENAMED, "A", ""),
    (Kind.MERGED, "AB", "CD"),
    (Kind.MERGED, "", "C"),
    (Kind.SPLIT, "A", "B"),
    (Kind.SPLIT, "AB", "CD"),
    (Kind.ABOLISHED, "A", "B"),
    (Kind.ABOLISHED, "", ""),
])
def test_each_kind_has_its_shape(projects, kind, before, after):
    with pytest.raises(ValidationError):
        validate_event(kind, 2022, [projects[k] for k in before], [projects[k] for k in after])


@pytest.mark.parametrize("kind,before,after", [
    (Kind.NEW, "", "A"),
    (Kind.RENAMED, "A", "B"),
    (Kind.MERGED, "A", "B"),
    (Kind.MERGED, "AB", "C"),
    (Kind.SPLIT, "A", "BC"),
    (Kind.ABOLISHED, "A", ""),
])
def test_well_formed_events_are_accepted(projects, kind, before, after):
    validate_event(kind, 2022, [projects[k] for k in before], [projects[k] for k in after])


def test_a_cycle_is_refused(projects):
    a, b, c = projects["A"], projects["B"], projects["C"]
    record_event(Kind.RENAMED, 2018, [a], [b])
    record_event(Kind.RENAMED, 2020, [b], [c])
    with pytest.raises(ValidationError, match="循環"):
        record_event(Kind.RENAMED, 2022, [c], [a])
    assert LineageEvent.objects.count() == 2


def test_a_project_cannot_follow_itself(projects):
    with pytest.raises(ValidationError, match="両方"):
        validate_event(Kind.MERGED, 2022, [projects["A"], projects["B"]], [projects["A"]])


def test_predecessor_must_exist_before_the_change():
    late = make_project("新しい事業", first_fy=2023)
    other = make_project("別の事業")
    with pytest.raises(ValidationError, match="より前に実施されていない"):
        validate_event(Kind.RENAMED, 2022, [late], [other])
