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
    #: Projects placed on this item in all (a page may list only the first of them).
    placed: int = 0

    @property
    def placed_elsewhere(self) -> int:
        """Placed projects the page leaves off (listed when the item is chosen: ?node=)."""
        return self.placed - len(self.placements)


@dataclass
class ProgramTree:
    program: Program
    roots: list[TreeItem]
    side_items: list[TreeItem]
    levels: list
    #: One page of a large program: the root item whose branch is shown with its projects
    #: (the others carry none); None: the whole tree.
    shown: TreeItem | None = None
    #: root pk → placements in its branch, and the program's total (whole program, paged or not).
    placed_per_root: dict[int, int] = field(default_factory=dict)
    placed_total: int = 0

    @property
    def toc(self) -> list[tuple[TreeItem, int]]:
        """(root item, projects placed in its branch) for the table of contents."""
        return [(item, self.placed_per_root.get(item.node.pk, 0)) for item in self.roots]

    @property
    def page_roots(self) -> list[TreeItem]:
        return [self.shown] if self.shown is not None else self.roots

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


#: (program, node pks or None for all, per_node limit or None, node listed whole or None) →
#: [(node pk, placement)] in the page's order, and program → {node pk: placements}:
#: registered by the projects app.
_placements: Callable[..., list[tuple[int, "TreePlacement"]]] = (  # noqa: E731
    lambda program, nodes=None, per_node=None, whole=None: [])
_placement_counts: Callable[[Program], dict[int, int]] = lambda program: {}  # noqa: E731


def register_placements(query: Callable[..., list[tuple[int, "TreePlacement"]]],
                        counts: Callable[[Program], dict[int, int]] | None = None) -> None:
    global _placements, _placement_counts
    _placements = query
    if counts is not None:
        _placement_counts = counts


def placement_counts(program: Program) -> dict[int, int]:
    """node pk → projects placed on it (one query)."""
    return _placement_counts(program)


def _branch(nodes: list[TreeNode], root: int) -> set[int]:
    """The pks of `root` and every node under it (nodes come parents first, by level)."""
    found = {root}
    for node in nodes:
        if node.parent_id in found:
            found.add(node.pk)
    return found


def _root_of(nodes: list[TreeNode], pk: int) -> int | None:
    """The pk of the root item above node `pk` (itself if a root; None if not in the tree)."""
    parents = {node.pk: node.parent_id for node in nodes}
    if pk not in parents:
        return None
    parent = parents[pk]
    while parent is not None:
        pk, parent = parent, parents[parent]
    return pk


def build_tree(program: Program, root: int | None = None,
               counts: dict[int, int] | None = None, per_node: int | None = None,
               whole: int | None = None) -> ProgramTree:
    """The whole tree; with `root` (a root item's pk; one not found: the first root) only that
    branch's projects are read (one page of a large program), `counts` (placement_counts)
    giving every root's figure for the table of contents. On such a page each item lists
    its first `per_node` projects, except the item `whole` (its branch is the one shown),
    which lists all of its own."""
    levels = list(program.levels.all())
    nodes = _nodes(program, {level.pk: level for level in levels})
    items = {node.pk: TreeItem(node) for node in nodes}
    tree_roots = [n.pk for n in nodes if n.level.in_tree and n.parent_id is None]
    if whole is not None:
        root = _root_of(nodes, whole) if whole in items else None
        whole = whole if root is not None else None
    wanted = None
    if root is not None and tree_roots:
        wanted = _branch(nodes, root if root in tree_roots else tree_roots[0])
    for node_id, placement in (_placements(program) if wanted is None
                               else _placements(program, wanted, per_node, whole)):
        items[node_id].placements.append(placement)
    tree = _assemble(program, nodes, items, levels)
    if wanted is not None:
        tree.shown = next(item for item in tree.roots if item.node.pk in wanted)
    if counts is not None:
        for pk, item in items.items():
            item.placed = counts.get(pk, 0)
        tree.placed_total = sum(counts.values())
        tree.placed_per_root = {
            pk: sum(counts.get(n, 0) for n in _branch(nodes, pk)) for pk in tree_roots}
    return tree


def _assemble(program: Program, nodes: list[TreeNode], items: dict[int, TreeItem],
              levels: list) -> ProgramTree:
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
