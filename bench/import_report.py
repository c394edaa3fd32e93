"""Benchmark: reading and importing the FY2021 report excerpt (issue #5, "Speed").

Run: .venv/bin/python bench/import_report.py [PATH]   (uses a throw-away SQLite database)

Prints, best of 5 each: decoding + parsing the text; importing it into an empty database
(one transaction, rolled back after each run so that every run starts empty); importing
it a second time over the first import (the "changes nothing" path); and the sum of
parsing and the first import, against the target of 0.5 s.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "002_report_fy2021_excerpt.txt"
RUNS = 5
TARGET = 0.5


def best(function, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else SEED
    if not path.is_file():
        sys.exit(f"{path} がありません")
    data = path.read_bytes()
    with tempfile.TemporaryDirectory(prefix="shisaku-bench-") as tmp:
        os.environ["SHISAKU_VAR_DIR"] = tmp
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shisaku.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import transaction

        from shisaku.ingest import reader, report_import

        call_command("migrate", verbosity=0)

        def parse():
            return reader.parse_bytes(data, 2021)

        def first_import():
            with transaction.atomic():
                report_import.import_report(parse_result, fiscal_year=2021)
                transaction.set_rollback(True)

        parse_result = parse()
        parse_s = best(parse)
        import_s = best(first_import)
        report_import.import_report(parse_result, fiscal_year=2021)  # now the data is there
        again = report_import.import_report(parse_result, fiscal_year=2021)
        assert again.changes == 0, "a second import changed something"
        second_s = best(lambda: report_import.import_report(parse_result, fiscal_year=2021))
        total = parse_s + import_s
        print(f"Shisaku past-report import benchmark ({path.name}, {len(data) / 1024:.0f} KB, "
              f"{parse_result.lines} lines; best of {RUNS})")
        print(f"  {parse_result.summary()}")
        print(f"  parse (decode + recognise)      {parse_s * 1000:7.1f} ms")
        print(f"  import into an empty database   {import_s * 1000:7.1f} ms")
        print(f"  second import (no change)       {second_s * 1000:7.1f} ms")
        print(f"  parse + import                  {total * 1000:7.1f} ms   target < "
              f"{TARGET * 1000:.0f} ms: {'met' if total < TARGET else 'NOT met'}")


if __name__ == "__main__":
    main()
