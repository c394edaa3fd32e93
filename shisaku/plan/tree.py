"""The plan tree of one program, built in memory from a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from shisaku.projects.models import Placement

from .models import Node, Program


@dataclass
class TreeItem:
    node: Node
    children: list["TreeItem"] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)


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
    placements = (
        Placement.objects.filter(node__program=program)
        .select_related("project__section")
        # Into a plain list (project.listed_articles): hundreds of projects would otherwise
        # each get a related manager's queryset to hold their one or two articles.
        .prefetch_related(Prefetch("project__articles", to_attr="listed_articles"))
        .order_by("order", "project__name")
    )
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
