"""Run `shisaku` in a child process against a database of its own (not pytest's)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DROPPED = {"SECRET_KEY", "DEBUG", "DATABASE_URL", "SHISAKU_VAR_DIR", "SHISAKU_ENV"}

COUNTS = ("import json; from shisaku.operations.backup import row_counts; "
          "print(json.dumps(row_counts()))")
# Two published documents, stored the way the report importer keeps a city's own PDF.
PUBLISH = ("from shisaku.sheets.models import Cycle; "
           "from shisaku.reports.publish import keep_city_document; "
           "[keep_city_document(c, b'%PDF-1.4 ' + str(c.fiscal_year).encode() * 500) "
           "for c in Cycle.objects.all()]")


def shisaku(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k not in DROPPED}
    full_env.update(env)
    result = subprocess.run([sys.executable, "-m", "shisaku.cli", *args], env=full_env,
                            capture_output=True, text=True, cwd=ROOT)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def counts(env: dict) -> dict[str, int]:
    return json.loads(shisaku(env, "shell", "-c", COUNTS).stdout.strip().splitlines()[-1])


def build_source(env: dict) -> None:
    """Migrated, with the demo data (every app has rows) and two published documents."""
    shisaku(env, "migrate", "-v", "0")
    shisaku(env, "load-demo")
    shisaku(env, "shell", "-c", PUBLISH)
