#!/usr/bin/env python3
"""The import graph between Shisaku's apps: edges app → app with counts, and the cycles.

    python scripts/import_graph.py            # production code (tests and migrations left out)
    python scripts/import_graph.py --tests    # tests, test helpers and migrations counted too

Every ``import`` statement anywhere in a module counts: at the top, inside a function (a lazy
import), under ``if TYPE_CHECKING`` or in a ``try/except ImportError``. An "app" is a package
directly under ``shisaku/`` (``lib`` counts as one); the project's own modules
(``settings``, ``urls``, ``cli``, ``wsgi``) are the root, which sits above every app and is left
out. Production code is every module but a ``tests`` package, ``conftest.py``, ``core/testing.py``
(the test factories) and the ``migrations`` (frozen history that Django loads by app label).

``core/tests/test_import_graph.py`` runs the same analysis and fails on any cycle.
Standard library only, so it runs with any Python 3.11.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import Counter, defaultdict
from pathlib import Path

PACKAGE = "shisaku"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE

#: Modules that exist only for the tests, though they do not sit in a tests package.
TEST_ONLY = {"core/testing.py"}


def is_test_or_history(relative: Path) -> bool:
    parts = relative.parts
    return (
        "tests" in parts
        or "migrations" in parts
        or relative.name == "conftest.py"
        or relative.as_posix() in TEST_ONLY
    )


def module_name(relative: Path) -> str:
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([PACKAGE, *parts])


def imported_modules(tree: ast.AST, module: str, is_package: bool) -> list[str]:
    """Every module named by an import statement anywhere in the tree, relative ones resolved."""
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if not is_package:
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if node.module is None or node.level:
                # ``from . import views`` names modules: count each.
                names.extend(f"{target}.{alias.name}" for alias in node.names)
            else:
                names.append(target)
    return names


def app_of(module: str, root: Path = ROOT) -> str | None:
    parts = module.split(".")
    if parts[0] != PACKAGE or len(parts) < 2:
        return None
    candidate = root / parts[1]
    return parts[1] if candidate.is_dir() else None


def edges(include_tests: bool = False, root: Path = ROOT) -> Counter[tuple[str, str]]:
    """(from app, to app) → number of import statements naming the other app."""
    counts: Counter[tuple[str, str]] = Counter()
    for source_app, target_app, _module, _target in imports(include_tests, root):
        counts[(source_app, target_app)] += 1
    return counts


def imports(include_tests: bool = False, root: Path = ROOT) -> list[tuple[str, str, str, str]]:
    """(from app, to app, importing module, imported module) for each import between apps."""
    found: list[tuple[str, str, str, str]] = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if len(relative.parts) < 2:
            continue  # settings, urls, cli, wsgi: the root
        if not include_tests and is_test_or_history(relative):
            continue
        source_app = relative.parts[0]
        module = module_name(relative)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for target in imported_modules(tree, module, path.name == "__init__.py"):
            target_app = app_of(target, root)
            if target_app and target_app != source_app:
                found.append((source_app, target_app, module, target))
    return found


def cycles(counts: Counter[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected components of more than one app (Tarjan), each sorted."""
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in counts:
        graph[a].add(b)
        graph.setdefault(b, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def cycle_edges(counts: Counter[tuple[str, str]], component: list[str]) -> list[str]:
    members = set(component)
    return [
        f"{a} → {b} ({n})"
        for (a, b), n in sorted(counts.items())
        if a in members and b in members
    ]


def report(include_tests: bool = False) -> str:
    counts = edges(include_tests)
    lines = [
        "Import graph between apps ("
        + ("tests, test helpers and migrations included" if include_tests else "production code")
        + "): from → to (import statements)",
        "",
    ]
    by_source: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (a, b), n in sorted(counts.items()):
        by_source[a].append((b, n))
    apps = sorted({p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()})
    for app in apps:
        targets = by_source.get(app, [])
        listed = ", ".join(f"{b} {n}" for b, n in targets) or "(nothing)"
        lines.append(f"{app:<13} → {listed}")
    lines.append("")
    lines.append(f"{len(counts)} edges, {sum(counts.values())} import statements")
    pairs = sorted((a, b) for (a, b) in counts if a < b and (b, a) in counts)
    if pairs:
        lines.append(f"{len(pairs)} pair(s) importing each other:")
        lines.extend(f"  {a} ↔ {b} ({counts[(a, b)]} / {counts[(b, a)]})" for a, b in pairs)
    found = cycles(counts)
    if found:
        lines.append(f"{len(found)} cycle(s) (apps that reach each other):")
        for component in found:
            lines.append("  " + " ↔ ".join(component))
            lines.extend("    " + edge for edge in cycle_edges(counts, component))
    else:
        lines.append("No cycles: the apps depend one way.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", action="store_true",
                        help="count tests, test helpers and migrations too")
    parser.add_argument("--why", nargs=2, metavar=("FROM", "TO"),
                        help="list the modules behind the edge FROM → TO")
    args = parser.parse_args(argv)
    if args.why:
        for a, b, module, target in imports(args.tests):
            if (a, b) == tuple(args.why):
                print(f"{module} → {target}")
        return 0
    print(report(args.tests))
    return 1 if cycles(edges(args.tests)) else 0


if __name__ == "__main__":
    sys.exit(main())
