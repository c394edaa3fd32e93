"""Benchmark: the FY2021 demo report in every format.

Run: .venv/bin/python bench/report.py   (uses a throw-away SQLite database)

Prints, for the full report PDF, the wall time of the whole `shisaku report` command,
the time Typst alone takes to compile the same generated source, and their ratio; and
the time and peak memory (max RSS of the process) of the DOCX and XLSX builds.
Targets (issue #6): PDF ≤ 1.5 s, and ≤ 1.5 × Typst alone. Issue #12: the full PDF built
inside a warm web-server process (data loaded, documents built, Typst compiled; the first
request's imports and chart drawing done) ≤ 1.0 s, with the process's peak memory.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHISAKU = [sys.executable, str(ROOT / "manage.py")]


def run(args, env) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one command, measured by a wrapper process."""
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], check=True, stderr=subprocess.DEVNULL); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1])


def best(args, env, n=3) -> tuple[float, int]:
    results = [run(args, env) for _ in range(n)]
    return min(r[0] for r in results), max(r[1] for r in results)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="shisaku-bench-") as tmp:
        env = {**os.environ, "SHISAKU_VAR_DIR": tmp,
               "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"}
        subprocess.run(SHISAKU + ["migrate", "-v0"], env=env, check=True)
        subprocess.run(SHISAKU + ["load_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        print("Shisaku report benchmark (demo FY2021, best of 3)")
        pdf = Path(tmp) / "full.pdf"
        command = SHISAKU + ["report", "--year", "2021", "--kind", "full", "--format", "pdf",
                             "-o", str(pdf)]
        import shutil

        shutil.rmtree(Path(tmp) / "cache", ignore_errors=True)
        cold, cold_rss = run(command, env)  # every chart drawn by matplotlib
        seconds, rss = best(command, env)  # charts from the cache: the data did not change
        print(f"full PDF, charts drawn   {cold:6.2f} s  peak {cold_rss / 1024:6.0f} MiB   "
              f"target ≤ 1.50 s: {'OK' if cold <= 1.5 else 'MISSED'}")
        # The same generated Typst source, compiled by Typst alone.
        source = Path(tmp) / "main.typ"
        dump = ("from shisaku.sheets.models import Cycle; from shisaku.reports.data import load; "
                "from shisaku.reports.content import build_full; "
                "from shisaku.reports.typst_render import render; import pathlib; "
                "doc = build_full(load(Cycle.objects.get(fiscal_year=2021))); "
                f"d = pathlib.Path({str(tmp)!r}); (d / 'main.typ').write_text(render(doc)); "
                "[(d / f.name).write_bytes(f.data) for f in doc.figures()]")
        subprocess.run(SHISAKU + ["shell", "-c", dump], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        from shisaku.lib.charts import FONT_PATH  # noqa: E402  (after Django is not needed)

        compile_code = ("import sys, time, typst; t = time.perf_counter(); "
                        "typst.compile(sys.argv[1], root=sys.argv[2], font_paths=[sys.argv[3]], "
                        "ignore_system_fonts=True, format='pdf', timestamp=0); "
                        "print(time.perf_counter() - t)")
        typst_alone = min(float(subprocess.run(
            [sys.executable, "-c", compile_code, str(source), tmp, str(Path(FONT_PATH).parent)],
            check=True, capture_output=True, text=True).stdout) for _ in range(3))
        from pypdf import PdfReader

        pages = len(PdfReader(str(pdf)).pages)
        print(f"full PDF, charts cached  {seconds:6.2f} s  peak {rss / 1024:6.0f} MiB  ({pages} pages, "
              f"{pdf.stat().st_size:,} bytes)   target ≤ 1.50 s: "
              f"{'OK' if seconds <= 1.5 else 'MISSED'}")
        print(f"Typst alone, same source {typst_alone:6.2f} s                 ratio {seconds / typst_alone:4.1f}×   "
              f"target ≤ 1.5×: {'OK' if seconds <= 1.5 * typst_alone else 'MISSED'}")
        warm = ("import resource, time; from shisaku.sheets.models import Cycle; "
                "from shisaku.reports.build import build; "
                "c = Cycle.objects.get(fiscal_year=2021); t = []\n"
                "for _ in range(5):\n"
                "    s = time.perf_counter(); build(c, 'full', 'pdf'); "
                "t.append(time.perf_counter() - s)\n"
                "print(min(t[1:]), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
        out = subprocess.run(SHISAKU + ["shell", "-c", warm], env=env, check=True,
                             capture_output=True, text=True).stdout.split()
        seconds, rss = float(out[-2]), int(out[-1])
        print(f"full PDF, warm web server {seconds:5.2f} s  peak {rss / 1024:6.0f} MiB   "
              f"target ≤ 1.00 s: {'OK' if seconds <= 1.0 else 'MISSED'}")
        for fmt in ("docx", "xlsx", "html"):
            seconds, rss = best(SHISAKU + ["report", "--year", "2021", "--kind", "full",
                                           "--format", fmt, "-o", str(Path(tmp) / f"full.{fmt}")],
                                env)
            print(f"full {fmt.upper():5}               {seconds:6.2f} s  peak {rss / 1024:6.0f} MiB")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
