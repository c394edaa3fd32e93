"""Project lineage: validating and recording changes, and walking a project's chain.

The lineage is a directed graph (predecessor → successor) over all events. It
is small (hundreds of edges for a city), so it is loaded in one query and walked
in memory: no query per step.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shisaku.lib.era import format_fy

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

from .models import LineageEvent, Project

Kind = LineageEvent.Kind

# (min predecessors, max predecessors, min successors, max successors); None = no limit
CARDINALITY: dict[str, tuple[int, int | None, int, int | None]] = {
    Kind.NEW: (0, 0, 1, None),
    Kind.RENAMED: (1, 1, 1, 1),
    Kind.MERGED: (1, None, 1, 1),
    Kind.SPLIT: (1, 1, 2, None),
    Kind.ABOLISHED: (1, None, 0, 0),
}

CARDINALITY_MESSAGES: "dict[str, _StrPromise]" = {
    Kind.NEW: gettext_lazy("新規は変更前の事業なし、変更後の事業1件以上で登録してください。"),
    Kind.RENAMED: gettext_lazy("名称変更は変更前1件・変更後1件で登録してください。"),
    Kind.MERGED: gettext_lazy("統合は変更前1件以上・変更後1件（統合先）で登録してください。"),
    Kind.SPLIT: gettext_lazy("分割は変更前1件・変更後2件以上で登録してください。"),
    Kind.ABOLISHED: gettext_lazy("廃止は変更前1件以上、変更後なしで登録してください。"),
}


def _edges(exclude_event_id: int | None = None) -> dict[int, set[int]]:
    graph: dict[int, set[int]] = defaultdict(set)
    events = LineageEvent.objects.prefetch_related("predecessors", "successors")
    if exclude_event_id:
        events = events.exclude(pk=exclude_event_id)
    for event in events:
        for before in event.predecessors.all():
            for after in event.successors.all():
                graph[before.pk].add(after.pk)
    return graph


def _reachable(graph: dict[int, set[int]], start: int) -> set[int]:
    seen, stack = set(), [start]
    while stack:
        node = stack.pop()
        for nxt in graph.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def validate_event(
    kind: str,
    effective_fy: int | None,
    predecessors: list[Project],
    successors: list[Project],
    exclude_event_id: int | None = None,
) -> None:
    """Raise ValidationError (Japanese) unless the event is well-formed and acyclic."""
    if kind not in CARDINALITY:
        raise ValidationError(_("変遷の種別を選んでください。"))
    min_b, max_b, min_a, max_a = CARDINALITY[kind]
    nb, na = len(predecessors), len(successors)
    if nb < min_b or (max_b is not None and nb > max_b) or na < min_a or (
        max_a is not None and na > max_a
    ):
        raise ValidationError(CARDINALITY_MESSAGES[kind])
    both = {p.pk for p in predecessors} & {p.pk for p in successors}
    if both:
        names = "、".join(p.name for p in predecessors if p.pk in both)
        raise ValidationError(
            _("「%(names)s」が変更前と変更後の両方に入っています。") % {"names": names}
        )
    if effective_fy is not None:
        for project in predecessors:
            if project.first_fy is not None and project.first_fy >= effective_fy:
                raise ValidationError(
                    _("「%(name)s」は%(fy)sより前に実施されていないため、変更前の事業にできません。")
                    % {"name": project.name, "fy": format_fy(effective_fy)}
                )
    graph = _edges(exclude_event_id)
    for after in successors:
        reach = _reachable(graph, after.pk)
        for before in predecessors:
            if before.pk in reach:
                raise ValidationError(
                    _("「%(after)s」から「%(before)s」へ既につながっているため、"
                      "この変遷を登録すると循環します。")
                    % {"after": after.name, "before": before.name}
                )


@transaction.atomic
def record_event(
    kind: str,
    effective_fy: int,
    predecessors: list[Project],
    successors: list[Project],
    note: str = "",
) -> LineageEvent:
    validate_event(kind, effective_fy, predecessors, successors)
    event = LineageEvent.objects.create(kind=kind, effective_fy=effective_fy, note=note)
    event.predecessors.set(predecessors)
    event.successors.set(successors)
    return event


@dataclass(frozen=True)
class ChainStep:
    event: LineageEvent
    predecessors: tuple[Project, ...]
    successors: tuple[Project, ...]


def chain(project: Project) -> tuple[list[ChainStep], list[ChainStep]]:
    """The events that led to this project (oldest first) and that followed it."""
    events = list(
        LineageEvent.objects.prefetch_related("predecessors", "successors").order_by(
            "effective_fy", "pk"
        )
    )
    steps = [
        ChainStep(e, tuple(e.predecessors.all()), tuple(e.successors.all())) for e in events
    ]
    by_successor: dict[int, list[ChainStep]] = defaultdict(list)
    by_predecessor: dict[int, list[ChainStep]] = defaultdict(list)
    for step in steps:
        for p in step.successors:
            by_successor[p.pk].append(step)
        for p in step.predecessors:
            by_predecessor[p.pk].append(step)

    def walk(index: dict[int, list[ChainStep]], side: str) -> list[ChainStep]:
        found: dict[int, ChainStep] = {}
        stack = [project.pk]
        seen = {project.pk}
        while stack:
            pk = stack.pop()
            for step in index.get(pk, ()):
                found[step.event.pk] = step
                for nxt in getattr(step, side):
                    if nxt.pk not in seen:
                        seen.add(nxt.pk)
                        stack.append(nxt.pk)
        return sorted(found.values(), key=lambda s: (s.event.effective_fy, s.event.pk))

    return walk(by_successor, "predecessors"), walk(by_predecessor, "successors")
