"""Load benchmark: the main pages under 1 and 16 concurrent clients, on SQLite and PostgreSQL.

Run: .venv/bin/python bench/load.py [--scale 10] [--db sqlite,postgres] [--seconds 5]

For each database it builds (once, then reuses) a database holding the synthetic
municipality of `shisaku generate-data --scale N --seed S` — SQLite under
/tmp/shisaku-bench/, PostgreSQL `shisaku_bench_s<N>` at $BENCH_PG (default
postgres://postgres@127.0.0.1:5432) — starts the app the way production does (`shisaku
serve`: gunicorn, 2 workers) on a free loopback port, signs in once per role and drives
each page with 1 and then 16 client threads for a bounded time. It prints p50/p95/p99 in
milliseconds and requests/s per page, concurrency and database, with the number of SQL
queries each page runs and the CPU time Django spends on it (least of five, in one
process through Django's test client: on a shared machine the wall times move with the
other load, the CPU time much less).

Pages (role that opens it): plan tree (viewer), planning dashboard (planning), a sheet
(planning), the sheet edit form (section editor, own draft sheet), verification dashboard
(planning), achievement overview (viewer). Shisaku has no JSON API.

Targets (issue #15) at scale 10 on the 2-core machine: single-client p50 ≤ 25 ms; 16
clients p95 ≤ 250 ms; PostgreSQL at scale 100 within 1.5× of its scale-10 figures.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PASSWORD = "shisaku-demo"
ROLES = {"planning": "synth-kikaku", "section": "synth-shokan", "council": "synth-iin",
         "viewer": "synth-etsuran"}

# What a page needs to know about the data: printed as JSON by a Django process.
FACTS = """
import json
from shisaku.sheets.models import Cycle, Sheet
from shisaku.accounts.models import User
editor = User.objects.get(username="synth-shokan")
entering = Cycle.objects.filter(status="entering").order_by("-fiscal_year").first()
verifying = Cycle.objects.filter(status="verifying").order_by("-fiscal_year").first()
draft = (Sheet.objects.filter(cycle=entering, state__in=["draft", "returned"],
                              project__section__in=editor.sections.all())
         .order_by("-verified", "pk").first())
verified = Sheet.objects.filter(cycle=verifying, verified=True).order_by("pk").first()
print(json.dumps({"entering": entering.fiscal_year, "verifying": verifying.fiscal_year,
                  "draft": draft.pk, "sheet": verified.pk}))
"""


def pages(facts: dict) -> list[tuple[str, str, str]]:
    """(label, role, path) of every page driven."""
    return [
        ("plan tree", "viewer", "/plan/"),
        ("planning dashboard", "planning", f"/sheets/fy/{facts['entering']}/"),
        ("sheet", "planning", f"/sheets/{facts['sheet']}/"),
        ("sheet edit form", "section", f"/sheets/{facts['draft']}/edit/"),
        ("verification dashboard", "planning", f"/verification/fy/{facts['verifying']}/"),
        ("achievement overview", "viewer", f"/sheets/fy/{facts['verifying']}/achievement/"),
    ]


# --- the database ---------------------------------------------------------------------------

def environment(db: str, scale: float, seed: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="shisaku.settings", SHISAKU_ENV="development",
               DEBUG="false", PYTHONPATH=str(ROOT))
    tag = f"s{scale:g}".replace(".", "_") + f"_seed{seed}"
    if db == "sqlite":
        env["SHISAKU_VAR_DIR"] = f"/tmp/shisaku-bench/sqlite-{tag}"
    else:
        base = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
        env["SHISAKU_VAR_DIR"] = f"/tmp/shisaku-bench/pg-{tag}"
        env["DATABASE_URL"] = f"{base}/shisaku_bench_{tag}"
    return env


def manage(env: dict, *args: str, capture: bool = False) -> str:
    done = subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,
                          check=True, capture_output=capture, text=True)
    return done.stdout if capture else ""


def prepare(db: str, scale: float, seed: int) -> dict:
    """The environment of a migrated database holding the synthetic data (built once)."""
    env = environment(db, scale, seed)
    Path(env["SHISAKU_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    if db == "postgres":
        import psycopg

        url = env["DATABASE_URL"]
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    manage(env, "migrate", "-v0")
    ready = Path(env["SHISAKU_VAR_DIR"]) / "generated"
    if not ready.exists():
        started = time.perf_counter()
        manage(env, "generate_data", "--scale", f"{scale:g}", "--seed", str(seed))
        print(f"# {db}: generate-data --scale {scale:g} in {time.perf_counter() - started:.1f} s",
              flush=True)
        if db == "postgres":
            # What autovacuum does soon after a bulk load, so that the planner sees the rows
            # a city of ten years has (without statistics it plans for a few hundred).
            import psycopg

            with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
                conn.execute("VACUUM ANALYZE")
        ready.write_text("ok")
    return env


def query_counts(env: dict, page_list: list[tuple[str, str, str]]) -> dict[str, list]:
    """[SQL queries, CPU ms] per page, from a Django test client signed in as its role.

    The CPU time is the least of five requests in one process (time.process_time): on a
    machine shared with other work it moves much less than the wall times.
    """
    code = (
        "import django, json, sys, time; django.setup()\n"
        "from django.conf import settings; settings.ALLOWED_HOSTS = ['*']\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "from shisaku.accounts.models import User\n"
        f"roles = {ROLES!r}\n"
        "out = {}\n"
        "for label, role, path in json.loads(sys.argv[1]):\n"
        "    client = Client()\n"
        "    client.force_login(User.objects.get(username=roles[role]))\n"
        "    client.get(path)\n"
        "    with CaptureQueriesContext(connection) as q:\n"
        "        status = client.get(path).status_code\n"
        "    count = len(q)  # before the next request resets the query log\n"
        "    cpu = []\n"
        "    for _ in range(5):\n"
        "        started = time.process_time()\n"
        "        client.get(path)\n"
        "        cpu.append(time.process_time() - started)\n"
        "    out[label] = [count if status == 200 else -status, min(cpu) * 1000]\n"
        "print(json.dumps(out))\n")
    done = subprocess.run([PYTHON, "-c", code, json.dumps(page_list)], env=env, cwd=ROOT,
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the server -----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    """`shisaku serve` on a loopback port; returns once it answers."""
    proc = subprocess.Popen(
        [PYTHON, "-m", "shisaku.cli", "serve", "--no-migrate", "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(workers)],
        env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"shisaku serve stopped (see {log})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"shisaku serve did not start (see {log})")


# --- the client -----------------------------------------------------------------------------

def request(port: int, method: str, path: str, cookies: dict, body: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": f"127.0.0.1:{port}",
               "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
    conn.close()
    return response.status, data


def sign_in(port: int, username: str) -> dict:
    from urllib.parse import urlencode

    cookies: dict = {}
    _status, html = request(port, "GET", "/accounts/login/", cookies)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
    body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD})
    status, _ = request(port, "POST", "/accounts/login/", cookies, body)
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"sign-in as {username} failed ({status})")
    return cookies


def drive(port: int, path: str, cookies: dict, clients: int, seconds: float):
    """Latencies (s) of every request and the wall time, `clients` threads for `seconds`."""
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client() -> None:
        mine, bad = [], []
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                status, _ = request(port, "GET", path, dict(cookies))
            except OSError:  # a timeout (60 s) or a refused connection
                status = 0
            mine.append(time.perf_counter() - started)
            if status != 200:
                bad.append(status)
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - began, errors


def warm(port: int, path: str, cookies: dict, workers: int) -> None:
    """Open the page from as many clients at once as there are workers, a few times each,
    so that every worker has its templates, caches and database connection before the
    measurement (one client after another may all reach the same worker)."""
    drive(port, path, cookies, clients=2 * workers, seconds=0.3)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def bench(db: str, args) -> list[dict]:
    env = prepare(db, args.scale, args.seed)
    facts = json.loads(manage(env, "shell", "-c", FACTS, capture=True).strip().splitlines()[-1])
    page_list = pages(facts)
    port = free_port()
    log = Path(env["SHISAKU_VAR_DIR"]) / "serve.log"
    server = serve(env, port, args.workers, log)  # collects the static files too
    rows = []
    try:
        queries = query_counts(env, page_list)
        sessions = {role: sign_in(port, username) for role, username in ROLES.items()}
        for label, role, path in page_list:
            warm(port, path, sessions[role], args.workers)
            for clients in args.clients:
                latencies, wall, errors = drive(port, path, sessions[role], clients, args.seconds)
                rows.append({
                    "db": db, "page": label, "clients": clients, "n": len(latencies),
                    "p50": percentile(latencies, 50) * 1000, "p95": percentile(latencies, 95) * 1000,
                    "p99": percentile(latencies, 99) * 1000, "rps": len(latencies) / wall,
                    "queries": queries[label][0], "cpu": queries[label][1],
                    "errors": len(errors)})
                print_row(rows[-1])
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


HEADER = (f"{'db':<9}{'page':<24}{'clients':>8}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'p99 ms':>9}{'req/s':>8}{'queries':>9}{'cpu ms':>8}{'errors':>8}")


def print_row(row: dict) -> None:
    print(f"{row['db']:<9}{row['page']:<24}{row['clients']:>8}{row['n']:>7}{row['p50']:>9.1f}"
          f"{row['p95']:>9.1f}{row['p99']:>9.1f}{row['rps']:>8.1f}{row['queries']!s:>9}"
          f"{row['cpu']:>8.1f}{row['errors']:>8}", flush=True)


def _databases(value: str) -> str:
    names = ["sqlite", "postgres"] if value == "both" else value.split(",")
    if not names or any(name not in ("sqlite", "postgres") for name in names):
        raise argparse.ArgumentTypeError("sqlite, postgres, sqlite,postgres or both")
    return ",".join(names)


def arguments(description: str) -> argparse.ArgumentParser:
    """The options every load benchmark takes (bench/load.py, bench/portal.py)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", default="sqlite,postgres", type=_databases,
                        help="sqlite, postgres or both (sqlite,postgres)")
    parser.add_argument("--clients", default="1,16")
    parser.add_argument("--seconds", type=float, default=5.0, help="per page and concurrency")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (serve's default)")
    parser.add_argument("--json", help="also write the rows to this file")
    return parser


def run(args, bench_one, header: str) -> None:
    """Every database of --db through `bench_one(db, args)`; the rows printed, and kept in
    --json when asked."""
    args.clients = [int(c) for c in args.clients.split(",")]
    print(f"# scale {args.scale:g}, seed {args.seed}, {args.workers} workers, "
          f"{args.seconds:g} s per page and concurrency, {os.cpu_count()} CPUs", flush=True)
    print(header, flush=True)
    rows = []
    for db in args.db.split(","):
        rows += bench_one(db.strip(), args)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1, ensure_ascii=False))


def main() -> None:
    run(arguments(__doc__.splitlines()[0]).parse_args(), bench, HEADER)


if __name__ == "__main__":
    main()
