"""`shisaku backup PATH`: the database, the published files and a manifest, in one directory.

Layout of a backup:

    PATH/manifest.json              what is inside, with the SHA-256 of every other file
    PATH/database/shisaku.sqlite3   SQLite: a copy through SQLite's online backup API
    PATH/database/shisaku.pgdump    PostgreSQL: `pg_dump --format=custom`
    PATH/database/shisaku.json      either, with --json or without pg_dump: `dumpdata`
    PATH/published/2021/full.pdf    every published document, as published

Everything is read in one transaction, so the row counts, the published files and the
database copy describe the same moment (PostgreSQL: pg_dump imports that transaction's
snapshot; SQLite: the copy is made through the connection holding the transaction).
Secrets are never written: no SECRET_KEY, no database user, password or host.
"""

import hashlib
import importlib.metadata
import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from shisaku.reports.models import PublishedDocument

FORMAT, FORMAT_VERSION = "shisaku-backup", 1
MANIFEST = "manifest.json"
SQLITE_COPY, PG_DUMP, JSON_DUMP = "sqlite-backup-api", "pg_dump-custom", "dumpdata-json"
DATABASE_FILES = {SQLITE_COPY: "database/shisaku.sqlite3", PG_DUMP: "database/shisaku.pgdump",
                  JSON_DUMP: "database/shisaku.json"}
# Filled by `migrate` itself; the JSON dump refers to them by natural key instead.
MIGRATE_FILLED = {"contenttypes.ContentType", "auth.Permission", "auth.Group",
                  "auth.Group_permissions",
                  # the model city's report profile (reports 0004), replaced by the backup's
                  "reports.ReportProfile", "reports.ReportSection",
                  # the usual classes of the city's views on public comments (consultation 0002)
                  "consultation.ViewClass"}
JSON_EXCLUDED = ["contenttypes", "auth.permission"]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Japanese."""


def engine() -> str:
    """'sqlite', 'postgresql' or another backend's short name."""
    return connection.vendor


def counted_models() -> list:
    """Every model with its own table, many-to-many tables included."""
    return [m for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and not m._meta.proxy]


def row_counts() -> dict[str, int]:
    """Rows per model (label → count) for every model whose table exists."""
    tables = set(connection.introspection.table_names())
    return {m._meta.label: m._base_manager.count() for m in counted_models()
            if m._meta.db_table in tables}


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def shisaku_version() -> str:
    try:
        return importlib.metadata.version("shisaku")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def restore_settings() -> dict:
    """What a restore needs to run the site as before; never a secret."""
    from shisaku.city.models import CitySettings

    city = CitySettings.current()
    db = settings.DATABASES["default"]
    name = str(db["NAME"])
    return {
        "SHISAKU_ENV": getattr(settings, "ENV", os.environ.get("SHISAKU_ENV", "development")),
        "DB_ENGINE": db["ENGINE"],
        "DB_NAME": Path(name).name if engine() == "sqlite" else name,
        "TIME_ZONE": settings.TIME_ZONE,
        "LANGUAGE_CODE": settings.LANGUAGE_CODE,
        "ALLOWED_HOSTS": list(settings.ALLOWED_HOSTS),
        "CSRF_TRUSTED_ORIGINS": list(getattr(settings, "CSRF_TRUSTED_ORIGINS", [])),
        "city": {f.name: getattr(city, f.name) for f in CitySettings._meta.concrete_fields
                 if f.name != "id"} if city else None,
    }


def pg_environment() -> dict[str, str]:
    """libpq's variables for the configured database: the password never on a command line."""
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    env = dict(os.environ)
    for key, var in (("NAME", "PGDATABASE"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                     ("HOST", "PGHOST"), ("PORT", "PGPORT")):
        if db.get(key):
            env[var] = str(db[key])
    if (db.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return env


def run_pg_tool(argv: list[str]) -> str:
    result = subprocess.run(argv, env=pg_environment(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{argv[0]} が失敗しました（終了コード {result.returncode}）:\n"
                          f"{result.stderr.strip()}")
    return result.stdout


def choose_method(portable: bool) -> tuple[str, str]:
    """(method, note): how the database is copied, and why when it is the fallback."""
    if portable:
        return JSON_DUMP, "--json が指定されたため、Django の dumpdata（JSON）で保存しました。"
    if engine() == "sqlite":
        return SQLITE_COPY, ""
    if engine() == "postgresql":
        if shutil.which("pg_dump"):
            return PG_DUMP, ""
        return JSON_DUMP, ("pg_dump が PATH に見つからないため、Django の dumpdata（JSON）で"
                           "保存しました。復元には同じ版の Shisaku が必要です。")
    return JSON_DUMP, f"{engine()} には専用の方法がないため、dumpdata（JSON）で保存しました。"


def _copy_sqlite(target: Path) -> None:
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # A self-contained file: no -wal or -shm beside it, readable without writing.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()


def _dump_postgresql(target: Path, version: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        version["server"] = cursor.fetchone()[0]
    version["pg_dump"] = run_pg_tool(["pg_dump", "--version"]).strip()
    run_pg_tool(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"])


def _dump_json(target: Path) -> None:
    call_command("dumpdata", natural_foreign=True, exclude=JSON_EXCLUDED, output=str(target),
                 format="json", indent=None, verbosity=0)


def _write_published(root: Path) -> list[dict]:
    """Every published document as a file, with the SHA-256 recorded at publication."""
    written = []
    documents = (PublishedDocument.objects.order_by("pk")
                 .values_list("pk", "cycle__fiscal_year", "kind", "format", "source",
                              "sha256", "size", "content"))
    for pk, fy, kind, fmt, source, recorded, size, content in documents.iterator(chunk_size=8):
        safe = re.fullmatch(r"[\w-]+", kind) and re.fullmatch(r"[\w-]+", fmt)
        relative = f"published/{fy}/{kind}.{fmt}" if safe else f"published/{fy}/document-{pk}"
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = bytes(content)
        path.write_bytes(data)
        written.append({
            "id": pk, "fiscal_year": fy, "kind": kind, "format": fmt, "source": source,
            "file": relative, "sha256": recorded, "size": size,
            "matches": hashlib.sha256(data).hexdigest() == recorded and len(data) == size,
        })
    return written


def _private(path: Path) -> None:
    """A backup holds password hashes and personal data: owner only."""
    for item in [path, *path.rglob("*")]:
        item.chmod(0o700 if item.is_dir() else 0o600)


def create_backup(path: Path, *, portable: bool = False,
                  log: Callable[[str], None] = lambda message: None) -> dict:
    """Write a backup into `path` (a new or empty directory) and return its manifest."""
    path = Path(path)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise BackupError(f"{path} は既に存在し、空のディレクトリではありません。"
                          "新しいディレクトリを指定してください。")
    method, note = choose_method(portable)
    # Written beside the target and renamed at the end: a half-written backup never looks done.
    work = path.parent / f".{path.name}.partial-{secrets.token_hex(4)}"
    work.mkdir(mode=0o700, parents=True)
    try:
        manifest = _fill(work, method, note, log)
        _private(work)
        if path.exists():
            path.rmdir()
        work.rename(path)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest


@contextmanager
def snapshot() -> Iterator[None]:
    """One read-only view of the database for everything the backup reads."""
    if connection.in_atomic_block:
        raise BackupError("トランザクションの中ではバックアップできません。")
    connection.ensure_connection()
    if engine() == "sqlite":
        # A read transaction: SQLite's backup API cannot copy through a connection that
        # holds a write lock, which Django's IMMEDIATE transactions take.
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")
        return
    with transaction.atomic():
        if engine() == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _fill(work: Path, method: str, note: str, log: Callable[[str], None]) -> dict:
    database_file = work / DATABASE_FILES[method]
    database_file.parent.mkdir()
    versions: dict = {}
    with snapshot():
        counts = row_counts()
        migrations = applied_migrations()
        restore = restore_settings()
        log(f"データベース: {engine()}、{len(counts)} モデル、{sum(counts.values()):,} 行")
        published = _write_published(work)
        log(f"公表文書: {len(published)} 件")
        if method == SQLITE_COPY:
            _copy_sqlite(database_file)
        elif method == PG_DUMP:
            _dump_postgresql(database_file, versions)
        else:
            _dump_json(database_file)
        log(f"データベースの複製: {DATABASE_FILES[method]}（{method}）")
    files = {str(p.relative_to(work)): {"sha256": sha256_file(p), "size": p.stat().st_size}
             for p in sorted(work.rglob("*")) if p.is_file()}
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "shisaku_version": shisaku_version(),
        "django_version": django.get_version(),
        "database": {"engine": engine(), "method": method, "file": DATABASE_FILES[method],
                     "note": note, **({"versions": versions} if versions else {})},
        "migrations": migrations,
        "row_counts": counts,
        "published": published,
        "published_mismatches": [d["id"] for d in published if not d["matches"]],
        "settings": restore,
        "files": files,
    }
    (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2,
                                            default=str), encoding="utf-8")
    return manifest
