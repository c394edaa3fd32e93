"""Profile one staff page deterministically: its SQL queries and the work Python does for it.

Run: .venv/bin/python bench/profile_page.py [PATH ...] [--user kikaku] [--top 25] [--sql]
     .venv/bin/python bench/profile_page.py --callgrind [PATH]

Builds (once, then reuses) a throw-away SQLite database under /tmp/shisaku-profile/ holding
the demo as `load-demo` loads it (delete the directory after a migration), signs in as the
user with Django's test client and requests each page twice (the first fills per-process
caches). For the second request it prints the number of SQL queries (with --sql, the
queries), the Python function calls counted by cProfile and the CPU time of the request,
and the cProfile table of the functions with the most cumulative time (--top N).

The machine may be shared, so wall times move with the other load. Counts do not:
`--callgrind` runs the same requests under `valgrind --tool=callgrind` twice, once with
REPEAT requests and once with none, and prints the difference of the instructions executed
divided by REPEAT (instructions per request, with PYTHONHASHSEED fixed).
"""

import cProfile
import io
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = Path("/tmp/shisaku-profile")
REPEAT = 5


def setup() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    os.environ.update(SHISAKU_VAR_DIR=str(WORK), DJANGO_SETTINGS_MODULE="shisaku.settings",
                      DATABASE_URL=f"sqlite:///{WORK / 'demo.sqlite3'}", DEBUG="false")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if not (WORK / "loaded").exists():
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        (WORK / "loaded").touch()


def client_for(username: str):
    from django.test import Client

    from shisaku.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def report(path: str, username: str, top: int, show_sql: bool) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(username)
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        profile = cProfile.Profile()
        started = time.process_time()
        profile.enable()
        status = client.get(path).status_code
        profile.disable()
        cpu = (time.process_time() - started) * 1000
    stats = pstats.Stats(profile, stream=io.StringIO())
    calls = stats.total_calls  # type: ignore[attr-defined]
    print(f"{path} as {username}: HTTP {status}, {len(queries)} queries, "
          f"{calls:,} function calls, {cpu:.1f} ms CPU (with the profiler)")
    if show_sql:
        for query in queries.captured_queries:
            print("   ", query["sql"][:160])
    if top:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(top)
        print(out.getvalue())


def requests(path: str, username: str, repeat: int) -> None:
    client = client_for(username)
    client.get(path)
    for _ in range(repeat):
        client.get(path)


def callgrind(path: str, username: str) -> None:
    totals = []
    for repeat in (REPEAT, 0):
        out = WORK / f"callgrind.{repeat}.out"
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                        sys.executable, __file__, "--requests", str(repeat), "--user", username,
                        path], env=env, check=True, capture_output=True)
        summary = [line for line in out.read_text().splitlines()
                   if line.startswith(("summary:", "totals:"))]
        totals.append(int(summary[0].split()[1]))
    print(f"{path} as {username}: {(totals[0] - totals[1]) / REPEAT:,.0f} instructions "
          "per request (callgrind)")


def main(argv: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["/sheets/"])
    parser.add_argument("--user", default="kikaku")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--callgrind", action="store_true")
    parser.add_argument("--requests", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    setup()
    for path in args.paths:
        if args.requests is not None:
            requests(path, args.user, args.requests)
        elif args.callgrind:
            callgrind(path, args.user)
        else:
            report(path, args.user, args.top, args.sql)


if __name__ == "__main__":
    main(sys.argv[1:])
