"""Public-side benchmark: portal pages, API list endpoints and search under 1 and 16 clients,
with the API's throughput compared to Datasette serving the same rows.

Run: .venv/bin/python bench/portal.py [--scale 10] [--db sqlite,postgres] [--seconds 5]
     [--no-datasette]

It reuses bench/load.py's synthetic database (built once by `shisaku generate-data`,
then kept under /tmp/shisaku-bench/ and in PostgreSQL), rebuilds the search index, starts
`shisaku serve` (gunicorn, 2 workers) and drives every page anonymously, as a citizen
would: nobody signs in on the public side.

- Portal: home, a published year, a project across years, the plan, the statistics.
- API: every list endpoint of the served OpenAPI schema (GET without path parameters).
- Search: a 1-, a 2- and a 3+-character query.
- Datasette: the rows of one API list endpoint (every page of it, fetched through the API)
  are written to an SQLite file and served by Datasette, installed into a throw-away
  environment under /tmp/shisaku-bench/ (not a project dependency); the same page size is
  asked of both, and the report gives both request rates and their ratio.

Targets (issue #13), scale 10 on the 2-core machine: portal pages and API list endpoints
p95 ≤ 100 ms with 16 clients; search p95 ≤ 50 ms, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # noqa: E402  (bench/load.py: database, server and client helpers)

FACTS = """
import json
from django.urls import reverse
from shisaku.published import records
fy = records.published_years()[0]
sheet = (records.sheets(fy).filter(verified=True).order_by("project__name").first()
         or records.sheets(fy).first())
print(json.dumps({
    "home": reverse("portal:home"),
    "year": reverse("portal:year", args=[fy]),
    "project": reverse("portal:project", args=[sheet.project_id]),
    "plan": reverse("portal:plan"),
    "stats": reverse("portal:stats"),
    "search": reverse("search:results"),
    "openapi": reverse("api:openapi"),
}))
"""

SEARCHES = [("search 1 char", "農"), ("search 2 chars", "商業"), ("search 3+ chars", "ものづくり")]
PAGE_SIZE = 50


def api_list_paths(port: int, openapi: str) -> list[tuple[str, str]]:
    status, body = load.request(port, "GET", openapi, {})
    if status != 200:
        raise SystemExit(f"the OpenAPI schema answered {status}")
    schema = json.loads(body)
    found = []
    for path, operations in sorted(schema["paths"].items()):
        if "{" in path or "get" not in operations:
            continue
        params = {p["name"] for p in operations["get"].get("parameters", [])}
        if not params & {"limit", "page", "page_size"}:
            continue  # not a list
        found.append((f"api {path.rstrip('/').rsplit('/', 1)[-1]}", path))
    return found


def with_page_size(path: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}limit={PAGE_SIZE}"


def page_list(facts: dict, port: int) -> list[tuple[str, str]]:
    from urllib.parse import quote

    pages = [("portal home", facts["home"]), ("portal year", facts["year"]),
             ("portal project", facts["project"]), ("portal plan", facts["plan"]),
             ("portal statistics", facts["stats"])]
    pages += [(label, with_page_size(path)) for label, path in api_list_paths(port, facts["openapi"])]
    pages += [(label, f"{facts['search']}?q={quote(q)}") for label, q in SEARCHES]
    return pages


# --- Datasette -------------------------------------------------------------------------------

def datasette_python() -> str:
    venv = Path("/tmp/shisaku-bench/datasette-venv")
    python = venv / "bin" / "python"
    if not (venv / "bin" / "datasette").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", "datasette"], check=True)
    return str(python)


def export_rows(port: int, path: str, target: Path) -> int:
    """Every row of an API list endpoint, fetched page by page, into one SQLite table."""
    rows: list[dict] = []
    offset = 0
    while True:
        sep = "&" if "?" in path else "?"
        status, body = load.request(port, "GET", f"{path}{sep}limit=100&offset={offset}", {})
        if status != 200:
            raise SystemExit(f"{path} answered {status} while exporting")
        data = json.loads(body)
        items = data["items"] if isinstance(data, dict) else data
        rows += items
        offset += len(items)
        if not items or (isinstance(data, dict) and offset >= data.get("count", offset)):
            break
    target.unlink(missing_ok=True)
    if not rows:
        raise SystemExit(f"{path} has no rows to export")
    columns = sorted({key for row in rows for key in row})
    with sqlite3.connect(target) as db:
        db.execute(f"CREATE TABLE rows ({', '.join(f'[{c}]' for c in columns)})")
        db.executemany(
            f"INSERT INTO rows VALUES ({', '.join('?' for _ in columns)})",
            [[value if isinstance(value, (int, float, str, type(None))) else
              json.dumps(value, ensure_ascii=False) for value in (row.get(c) for c in columns)]
             for row in rows])
    return len(rows)


def datasette_rate(db_file: Path, clients: int, seconds: float) -> dict:
    python = datasette_python()
    port = load.free_port()
    log = db_file.with_suffix(".log")
    proc = subprocess.Popen(
        [python, "-m", "datasette", "serve", str(db_file), "--host", "127.0.0.1",
         "--port", str(port), "--setting", "default_page_size", str(PAGE_SIZE)],
        stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if load.request(port, "GET", "/-/versions.json", {})[0] == 200:
                    break
            except OSError:
                time.sleep(0.3)
        path = f"/{db_file.stem}/rows.json?_size={PAGE_SIZE}"
        for _ in range(3):
            load.request(port, "GET", path, {})
        latencies, wall, errors = load.drive(port, path, {}, clients, seconds)
        return {"n": len(latencies), "rps": len(latencies) / wall,
                "p50": load.percentile(latencies, 50) * 1000,
                "p95": load.percentile(latencies, 95) * 1000, "errors": len(errors)}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# --- the run ---------------------------------------------------------------------------------

def bench(db: str, args) -> list[dict]:
    env = load.prepare(db, args.scale, args.seed)
    # Measure the pages, not the per-address limit of anonymous API callers (600/min).
    env["SHISAKU_API_ANON_RATE"] = ""
    load.manage(env, "migrate", "-v0")
    started = time.perf_counter()
    load.manage(env, "rebuild_search_index")
    print(f"# {db}: search index rebuilt in {time.perf_counter() - started:.1f} s", flush=True)
    facts = json.loads(load.manage(env, "shell", "-c", FACTS, capture=True)
                       .strip().splitlines()[-1])
    port = load.free_port()
    server = load.serve(env, port, args.workers, Path(env["SHISAKU_VAR_DIR"]) / "serve.log")
    rows = []
    try:
        pages = page_list(facts, port)
        for label, path in pages:
            load.warm(port, path, {}, args.workers)  # the workers and the page cache
            for clients in args.clients:
                latencies, wall, errors = load.drive(port, path, {}, clients, args.seconds)
                rows.append({"db": db, "page": label, "clients": clients, "n": len(latencies),
                             "p50": load.percentile(latencies, 50) * 1000,
                             "p95": load.percentile(latencies, 95) * 1000,
                             "p99": load.percentile(latencies, 99) * 1000,
                             "rps": len(latencies) / wall, "errors": len(errors)})
                print_row(rows[-1])
        if args.datasette:
            # The yearly sheets: the API's largest table of rows of one kind.
            api = [p for label, p in pages if label == "api sheets"]
            if api:
                rows.append(compare_with_datasette(db, port, api[0], args))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def compare_with_datasette(db: str, port: int, api_path: str, args) -> dict:
    base = api_path.split("?", 1)[0]
    target = Path("/tmp/shisaku-bench") / f"export_{db}.db"
    count = export_rows(port, base, target)
    clients = max(args.clients)
    ours = load.drive(port, with_page_size(base), {}, clients, args.seconds)
    our_rps = len(ours[0]) / ours[1]
    theirs = datasette_rate(target, clients, args.seconds)
    row = {"db": db, "page": f"datasette vs {base}", "clients": clients, "rows": count,
           "shisaku_rps": our_rps, "shisaku_p95": load.percentile(ours[0], 95) * 1000,
           "datasette_rps": theirs["rps"], "datasette_p95": theirs["p95"],
           "ratio": our_rps / theirs["rps"] if theirs["rps"] else None}
    print(f"# {db}: {base} ({count} rows, page {PAGE_SIZE}, {clients} clients): Shisaku "
          f"{our_rps:.1f} req/s (p95 {row['shisaku_p95']:.1f} ms), Datasette "
          f"{theirs['rps']:.1f} req/s (p95 {theirs['p95']:.1f} ms), ratio "
          f"{row['ratio']:.2f}" if row["ratio"] else "", flush=True)
    return row


HEADER = (f"{'db':<9}{'page':<28}{'clients':>8}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'p99 ms':>9}{'req/s':>8}{'errors':>8}")


def print_row(row: dict) -> None:
    print(f"{row['db']:<9}{row['page']:<28}{row['clients']:>8}{row['n']:>7}{row['p50']:>9.1f}"
          f"{row['p95']:>9.1f}{row['p99']:>9.1f}{row['rps']:>8.1f}{row['errors']:>8}",
          flush=True)


def main() -> None:
    parser = load.arguments(__doc__.splitlines()[0])
    parser.add_argument("--no-datasette", dest="datasette", action="store_false")
    load.run(parser.parse_args(), bench, HEADER)


if __name__ == "__main__":
    main()
