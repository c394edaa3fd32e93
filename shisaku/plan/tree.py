"""The plan tree of one program, built in memory from a fixed number of queries.

The rows are read as values, not model instances: a program of the synthetic scale-10
city places about 400 projects under 100 items, and building (and prefetching into) some
1,600 instances took a third of the staff plan page. The tree holds light records with
the attributes the pages print (a node's code, title, level…, a placement's project with
its name, section and articles); `informs` and `informed_by` answer `.all()` as a related
manager would, so templates read them the same way.

What is placed on the nodes comes from the app that places it: the projects app registers
its placements (``register_placements`` in ``ProjectsConfig.ready``; see
``projects/placed.py``), so the plan depends on nothing above it.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from shisaku.lib.articles import format_article

from .models import Level, Node, Program


class Related(list):
    """The related nodes of a node, in the model's order; `.all()` as on a related manager."""

    def all(self) -> "Related":
        return self


@dataclass(slots=True)
class NodeRef:
    """A node related to a tree node (a point it informs, or one informing it)."""

    pk: int
    code: str


@dataclass(slots=True)
class TreeNode:
    pk: int
    code: str
    title: str
    description: str
    other_bureau: bool
    level: Level
    parent_id: int | None
    informs: Related = field(default_factory=Related)
    informed_by: Related = field(default_factory=Related)

    @property
    def level_id(self) -> int:
        return self.level.pk

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


@dataclass(slots=True)
class TreeSection:
    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(slots=True)
class TreeArticle:
    pk: int
    number: int

    @property
    def label(self) -> str:
        return format_article(self.number)


@dataclass(slots=True)
class TreeProject:
    pk: int
    name: str
    section: TreeSection | None
    listed_articles: list[TreeArticle] = field(default_factory=list)

    def __str__(self) -> str:
        return self.name


@dataclass(slots=True)
class TreePlacement:
    project: TreeProject


@dataclass
class TreeItem:
    node: TreeNode
    children: list["TreeItem"] = field(default_factory=list)
    placements: list[TreePlacement] = field(default_factory=list)


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


# Related nodes in the order a prefetch of `informs` / `informed_by` gives (Node's ordering).
_NODE_ORDER = ("program", "level__order", "order", "code")


def _nodes(program: Program, levels: dict[int, Level]) -> list[TreeNode]:
    nodes = [
        TreeNode(pk=row["pk"], code=row["code"], title=row["title"],
                 description=row["description"], other_bureau=row["other_bureau"],
                 level=levels[row["level_id"]], parent_id=row["parent_id"])
        for row in Node.objects.filter(program=program)
        .order_by("level__order", "order", "code")
        .values("pk", "code", "title", "description", "other_bureau", "level_id", "parent_id")
    ]
    by_pk = {node.pk: node for node in nodes}
    links = Node.informs.through.objects
    for source, target, code in (
        links.filter(from_node__program=program)
        .order_by(*("to_node__" + name for name in _NODE_ORDER))
        .values_list("from_node_id", "to_node_id", "to_node__code")
    ):
        by_pk[source].informs.append(NodeRef(target, code))
    for target, source, code in (
        links.filter(to_node__program=program)
        .order_by(*("from_node__" + name for name in _NODE_ORDER))
        .values_list("to_node_id", "from_node_id", "from_node__code")
    ):
        by_pk[target].informed_by.append(NodeRef(source, code))
    return nodes


#: program → [(node pk, placement)] in the page's order (registered by the projects app).
_placements: Callable[[Program], list[tuple[int, "TreePlacement"]]] = lambda program: []  # noqa: E731


def register_placements(query: Callable[[Program], list[tuple[int, "TreePlacement"]]]) -> None:
    global _placements
    _placements = query


def build_tree(program: Program) -> ProgramTree:
    levels = list(program.levels.all())
    nodes = _nodes(program, {level.pk: level for level in levels})
    items = {node.pk: TreeItem(node) for node in nodes}
    for node_id, placement in _placements(program):
        items[node_id].placements.append(placement)
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
