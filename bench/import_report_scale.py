"""Benchmark: the past-report importer on synthetic reports of 1,000 and 10,000 sheets (#11).

Run: .venv/bin/python bench/import_report_scale.py [N ...]   (default: 1000 10000;
uses a throw-away SQLite database)

The reports are built by bench/synthetic_report.py from the FY2021 excerpt (N distinct
projects, every tenth sheet with an indicator table, an opinion and a response; 10,000
sheets make a 4 MB text, under the web upload's 5 MB). For each N it prints:

* parse: decoding + recognising the text (reader.parse_bytes);
* import: writing it into an empty database (report_import.import_report, one
  transaction rolled back afterwards, so that the next step starts empty again);
* parse + import, against the targets of issue #11: 1,000 sheets ≤ 5 s, 10,000 ≤ 60 s;
* web preview: the upload page (POST of the file as a planning admin, through Django's
  test client): reading, parsing, the rolled-back import that tells what would change,
  and the rendered page, against gunicorn's worker timeout (30 s, `shisaku serve`).
  Above report_views.WEB_MAX_SHEETS the page refuses after reading (pointing to the
  command): the full preview is then measured with the limit lifted, and the refusal too.

One run each (the large runs are long): wall-clock seconds, and the CPU seconds of the
process in parentheses (steadier on a shared machine). Targets are read on wall time.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {1000: 5.0, 10000: 60.0}
WORKER_TIMEOUT = 30.0


def timed(function):
    """(wall seconds, CPU seconds of this process, value): the machine may be shared."""
    start, cpu = time.perf_counter(), time.process_time()
    value = function()
    return time.perf_counter() - start, time.process_time() - cpu, value


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic_report import SEED, synthetic_report

    if not SEED.is_file():
        sys.exit(f"{SEED} がありません")
    with tempfile.TemporaryDirectory(prefix="shisaku-bench-") as tmp:
        os.environ["SHISAKU_VAR_DIR"] = tmp
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shisaku.settings")
        import django

        django.setup()
        from django.conf import settings
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.core.management import call_command
        from django.db import connection, transaction
        from django.test import Client
        from django.test.utils import setup_test_environment
        from django.urls import reverse

        from shisaku.accounts.models import Role
        from shisaku.core.testing import make_user
        from shisaku.ingest import reader, report_import, report_views

        call_command("migrate", verbosity=0)
        setup_test_environment()  # the test client's host and a quiet mail backend
        # Pages render without `collectstatic` (as in the tests).
        settings.STORAGES = {**settings.STORAGES, "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
        client = Client()
        client.force_login(make_user("bench-kikaku", Role.PLANNING_ADMIN))
        print("Shisaku past-report import at scale (synthetic reports from "
              f"{SEED.name}; one run each)")
        for n in sizes:
            data = synthetic_report(n).encode("utf-8")
            parse_s, parse_cpu, report = timed(lambda d=data: reader.parse_bytes(d, 2021))

            def first_import(report=report):
                queries = []

                def count(execute, sql, params, many, context):
                    queries.append(sql)
                    return execute(sql, params, many, context)

                with transaction.atomic(), connection.execute_wrapper(count):
                    result = report_import.import_report(report, fiscal_year=2021)
                    transaction.set_rollback(True)
                return result, len(queries)

            import_s, import_cpu, (result, queries) = timed(first_import)
            assert result.created["sheet"] == n, result.summary()
            def preview(limit=None, data=data, n=n):
                upload = SimpleUploadedFile(f"synthetic-{n}.txt", data, content_type="text/plain")
                kept = report_views.WEB_MAX_SHEETS
                report_views.WEB_MAX_SHEETS = limit or kept
                try:
                    return client.post(reverse("ingest:report_upload"),
                                       {"file": upload, "fiscal_year": "2021"})
                finally:
                    report_views.WEB_MAX_SHEETS = kept

            refused = n + len(report.other_entries) > report_views.WEB_MAX_SHEETS
            # The full preview (the limit lifted when the report is above it) ...
            preview_s, preview_cpu, page = timed(lambda n=n: preview(limit=n * 2))
            assert page.status_code == 200 and "読み取った内容の確認" in page.content.decode()
            if refused:  # ... and what the page does with the limit: read, then refuse.
                refusal_s, refusal_cpu, refusal = timed(preview)
                assert "画面から取り込める上限" in refusal.content.decode()
            total = parse_s + import_s
            target = TARGETS.get(n)
            verdict = (f"   target ≤ {target:.0f} s: {'met' if total <= target else 'NOT met'}"
                       if target else "")
            print(f"{n:>6,} sheets ({len(data) / 1024 / 1024:.1f} MB, {report.lines:,} lines)")
            print(f"  parse                   {parse_s:7.2f} s  (CPU {parse_cpu:6.2f} s)")
            print(f"  import (empty database) {import_s:7.2f} s  (CPU {import_cpu:6.2f} s)   "
                  f"{queries:,} queries")
            print(f"  parse + import          {total:7.2f} s  (CPU {parse_cpu + import_cpu:6.2f} s)"
                  f"{verdict}")
            print(f"  web preview (upload)    {preview_s:7.2f} s  (CPU {preview_cpu:6.2f} s)   "
                  "worker timeout "
                  f"{WORKER_TIMEOUT:.0f} s: {'under' if preview_s < WORKER_TIMEOUT else 'OVER'}"
                  f"   page {len(page.content) / 1024:.0f} KB"
                  + ("   (limit lifted)" if refused else ""))
            if refused:
                print(f"  web upload, refused     {refusal_s:7.2f} s  (CPU {refusal_cpu:6.2f} s)   "
                      f"above WEB_MAX_SHEETS = {report_views.WEB_MAX_SHEETS:,}: read, then "
                      "refused (import-report)")


if __name__ == "__main__":
    main()
