"""The apps depend one way: production code has no import cycle between apps.

The analysis is ``scripts/import_graph.py`` (every import statement anywhere in a module,
lazy ones inside functions included). Tests, ``core/testing.py`` and migrations are left
out: a test may import another app's factories and fixtures, and migrations are frozen
history; what must be acyclic is the code that runs in production.

The apps are in layers, bottom first; an app imports only apps below it. The imports that
still go upward are listed in ``STILL_UPWARD`` (issue #16): a new one fails the test, and
one that is gone must leave the list, so the list only shrinks.
"""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "import_graph.py"
_spec = importlib.util.spec_from_file_location("import_graph", SCRIPT)
import_graph = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(import_graph)

#: Bottom first. ``lib`` is framework-free; ``core`` is what every app builds on; ``home``
#: (each role's home page and the navigation) reads every app and sits on top.
LAYERS = [
    "lib", "core", "audit", "accounts", "city", "ordinance", "plan", "projects", "stats",
    "sheets", "verification", "notices", "todo", "reports", "drafting", "consultation",
    "published", "search", "ingest", "jobs", "opendata", "api", "portal", "operations", "demo", "home",
]

#: Upward imports not yet undone: (from app, to app), each with the modules behind it.
STILL_UPWARD = {
    ("audit", "accounts"),  # audit.views, middleware and signin → accounts (lockout, access)
    ("ordinance", "ingest"),  # import-ordinance command → ingest.report_parser
    ("sheets", "verification"),  # sheets.cycle, confirm, procurement → verification.models
    ("sheets", "reports"),  # sheets.cycle → reports.models, sheet print view → renderers
    ("verification", "reports"),  # the council workspace → reports.content.packet (the PDF)
    ("verification", "todo"),  # the council workspace → todo.council
    ("reports", "jobs"),  # reports.views enqueue builds (jobs.handlers run them: invert)
    ("ingest", "jobs"),  # ingest.report_views enqueue imports
    ("stats", "jobs"),  # stats.views enqueue a large import
}


def upward_imports() -> set[tuple[str, str]]:
    rank = {app: i for i, app in enumerate(LAYERS)}
    return {(a, b) for a, b in import_graph.edges() if rank[a] < rank[b]}


def test_every_app_has_a_place_in_the_layers():
    apps = {p.name for p in import_graph.ROOT.iterdir() if (p / "__init__.py").exists()}
    assert apps == set(LAYERS), "place a new app in LAYERS (what it may import is below it)"


def test_no_app_imports_an_app_above_it_but_the_listed_ones():
    new = upward_imports() - STILL_UPWARD
    assert not new, "imports that go upward (move the code, or invert with a registry): " + ", ".join(
        f"{a} → {b}" for a, b in sorted(new))


def test_an_upward_import_that_is_gone_leaves_the_list():
    gone = STILL_UPWARD - upward_imports()
    assert not gone, "remove from STILL_UPWARD: " + ", ".join(f"{a} → {b}" for a, b in sorted(gone))


def test_without_the_listed_imports_the_apps_have_no_cycle():
    counts = import_graph.edges()
    acyclic = {edge: n for edge, n in counts.items() if edge not in STILL_UPWARD}
    assert import_graph.cycles(import_graph.Counter(acyclic)) == []


def test_core_imports_only_lib_and_nothing_imports_the_home_page():
    counts = import_graph.edges()
    assert not [b for a, b in counts if a == "core" and b != "lib"]
    assert not [a for a, b in counts if b == "home"], "nothing imports the top"


def test_statistics_know_nothing_of_the_documents_that_print_them():
    counts = import_graph.edges()
    assert ("reports", "stats") in counts
    assert ("stats", "reports") not in counts
    assert ("plan", "projects") not in counts and ("accounts", "projects") not in counts


def test_a_lazy_import_inside_a_function_counts(tmp_path):
    app = tmp_path / "alpha"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (tmp_path / "beta").mkdir()
    (tmp_path / "beta" / "__init__.py").write_text("")
    (app / "late.py").write_text(
        "def f():\n    from shisaku.beta import x\n    return x\n"
        "try:\n    from ..beta import y\nexcept ImportError:\n    y = None\n")
    found = import_graph.imports(root=tmp_path)
    assert [(a, b) for a, b, _m, _t in found] == [("alpha", "beta"), ("alpha", "beta")]
