"""Running a real worker process against the test database (for the worker tests)."""

import contextlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

PROJECT_DIR = Path(settings.BASE_DIR).parent


def database_url(settings_dict) -> str:
    user = quote(settings_dict.get("USER") or "")
    password = quote(settings_dict.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{settings_dict.get('HOST') or ''}{port}/{settings_dict['NAME']}"


@contextlib.contextmanager
def shared_database(tmp_path: Path):
    """A DATABASE_URL another process can open, holding what the test committed.

    PostgreSQL: the test database itself. SQLite: the test database lives in this process's
    memory, so it is copied to a file for the worker and copied back when it is done.
    """
    if connection.vendor != "sqlite":
        yield database_url(connection.settings_dict)
        return
    connection.ensure_connection()
    path = tmp_path / "shared.sqlite3"
    path.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(path)) as target:
        connection.connection.backup(target)
    yield f"sqlite:///{path}"
    with contextlib.closing(sqlite3.connect(path)) as source:
        source.backup(connection.connection)


def environment(database: str, tmp_path: Path, **extra) -> dict:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTEST_", "DJANGO_SETTINGS"))}
    env.update({"DATABASE_URL": database, "SHISAKU_MEDIA_ROOT": str(tmp_path / "files"),
                "SHISAKU_VAR_DIR": str(tmp_path / "var"), "SHISAKU_TASKS_BACKEND": "database",
                "SECRET_KEY": "worker-test-" + "x" * 40, "PYTHONPATH": str(PROJECT_DIR),
                **extra})
    return env


def run_worker(database: str, tmp_path: Path, timeout: float = 120, **extra) -> str:
    """`shisaku worker --batch`: runs every queued job, then exits. Returns its output."""
    done = subprocess.run(
        [sys.executable, "-m", "shisaku.cli", "worker", "--batch", "--interval", "0.1"],
        cwd=PROJECT_DIR, env=environment(database, tmp_path, **extra), capture_output=True, text=True,
        timeout=timeout)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr
