"""The plan tree of one program, built in memory from a fixed number of queries.

What is placed on the nodes comes from the app that places it: the projects app registers
its placements (``register_placements`` in ``ProjectsConfig.ready``), so the plan depends
on nothing above it.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .models import Node, Program

#: program → its placements (objects with ``node_id``), in the order the tree shows them.
_placements: Callable[[Program], Iterable[Any]] = lambda program: ()  # noqa: E731


def register_placements(query: Callable[[Program], Iterable[Any]]) -> None:
    global _placements
    _placements = query


@dataclass
class TreeItem:
    node: Node
    children: list["TreeItem"] = field(default_factory=list)
    placements: list[Any] = field(default_factory=list)


@dataclass
class ProgramTree:
    program: Program
    roots: list[TreeItem]
    side_items: list[TreeItem]
    levels: list

    @property
    def counts(self) -> list[tuple[str, int]]:
        """Items per level, e.g. [("基本施策", 5), ("取組項目", 19)]."""
        per_level: dict[int, int] = defaultdict(int)
        stack = list(self.roots) + list(self.side_items)
        while stack:
            item = stack.pop()
            per_level[item.node.level_id] += 1
            stack.extend(item.children)
        return [(level.name, per_level[level.pk]) for level in self.levels]


def build_tree(program: Program) -> ProgramTree:
    levels = list(program.levels.all())
    nodes = list(
        Node.objects.filter(program=program)
        .select_related("level")
        .prefetch_related("informs", "informed_by")
        .order_by("level__order", "order", "code")
    )
    placements = _placements(program)
    items = {node.pk: TreeItem(node) for node in nodes}
    for placement in placements:
        items[placement.node_id].placements.append(placement)
    roots, side = [], []
    for node in nodes:
        item = items[node.pk]
        if not node.level.in_tree:
            side.append(item)
        elif node.parent_id is None:
            roots.append(item)
        else:
            items[node.parent_id].children.append(item)
    return ProgramTree(program, roots, side, levels)
