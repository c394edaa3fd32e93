"""`shisaku restore PATH`: a backup into an empty database, checked before and after.

Before anything is written: the manifest must be a Shisaku backup, every file must match
its SHA-256 (and no file may have been added), the backup must fit the configured database
and this version's migrations, and the database must hold no records. After: the row
count of every model is compared with the manifest, then every published document with
its recorded SHA-256.
"""

import json
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from auditlog.context import disable_auditlog
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError, connection
from django.db.migrations.loader import MigrationLoader

from .backup import (
    DATABASE_FILES,
    FORMAT,
    FORMAT_VERSION,
    JSON_DUMP,
    MANIFEST,
    MIGRATE_FILLED,
    PG_DUMP,
    SQLITE_COPY,
    BackupError,
    applied_migrations,
    engine,
    row_counts,
    run_pg_tool,
    sha256_file,
)
from .published import Verification, verify_published


@dataclass
class RestoreReport:
    counts: dict[str, tuple[int | None, int | None]]  # label → (in the backup, restored)
    verification: Verification
    missing_documents: list[str] = field(default_factory=list)
    unapplied_migrations: list[str] = field(default_factory=list)

    @property
    def count_mismatches(self) -> dict[str, tuple[int | None, int | None]]:
        return {label: pair for label, pair in self.counts.items() if pair[0] != pair[1]}

    @property
    def ok(self) -> bool:
        return (not self.count_mismatches and self.verification.ok
                and not self.missing_documents)


def read_manifest(path: Path) -> dict:
    manifest_file = Path(path) / MANIFEST
    if not manifest_file.is_file():
        raise BackupError(f"{path} に {MANIFEST} がありません。Shisaku のバックアップではありません。")
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{MANIFEST} を読めません（{exc}）。") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} は Shisaku のバックアップの目録ではありません。")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"バックアップの形式 {manifest.get('format_version')} には対応していません"
                          f"（対応: {FORMAT_VERSION}）。")
    database = manifest.get("database") or {}
    if (DATABASE_FILES.get(database.get("method")) != database.get("file")
            or not all(isinstance(manifest.get(key), kind) for key, kind in
                       (("files", dict), ("row_counts", dict), ("published", list),
                        ("migrations", dict)))):
        raise BackupError(f"{MANIFEST} の内容が不完全です。Shisaku のバックアップの目録ではありません。")
    return manifest


def checksum_problems(path: Path, manifest: dict) -> list[str]:
    """Every file against the manifest; a file added, missing or changed is a problem."""
    path = Path(path)
    listed = manifest.get("files") or {}
    problems = []
    for relative, expected in sorted(listed.items()):
        file = (path / relative).resolve()
        if not file.is_relative_to(path.resolve()):
            problems.append(f"{relative}: バックアップの外を指しています")
        elif not file.is_file():
            problems.append(f"{relative}: ファイルがありません")
        elif sha256_file(file) != expected.get("sha256"):
            problems.append(f"{relative}: SHA-256 が目録と一致しません")
    present = {str(p.relative_to(path)) for p in path.rglob("*") if p.is_file()}
    for relative in sorted(present - set(listed) - {MANIFEST}):
        problems.append(f"{relative}: 目録にないファイルです")
    for document in manifest.get("published", []):
        entry = listed.get(document.get("file"))
        if entry is None:
            problems.append(f"{document.get('file')}: 公表文書のファイルが目録にありません")
        elif entry.get("sha256") != document.get("sha256"):
            problems.append(f"{document.get('file')}: 公表時に記録された SHA-256 と一致しません")
    return problems


def known_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def compatibility_problems(manifest: dict) -> list[str]:
    method = manifest["database"]["method"]
    problems = []
    if method == SQLITE_COPY and engine() != "sqlite":
        problems.append("このバックアップは SQLite のファイルです。SQLite の DATABASE_URL で復元するか、"
                        "元の環境で `shisaku backup --json` を取り直してください。")
    if method == PG_DUMP:
        if engine() != "postgresql":
            problems.append("このバックアップは pg_dump の形式です。PostgreSQL の DATABASE_URL で"
                            "復元してください。")
        elif not shutil.which("pg_restore"):
            problems.append("pg_restore が PATH に見つかりません（PostgreSQL のクライアントを"
                            "入れてください）。")
    if method == SQLITE_COPY and engine() == "sqlite" and _sqlite_path() is None:
        problems.append("メモリ上の SQLite には復元できません。DATABASE_URL にファイルを指定してください。")
    in_backup = {(app, name) for app, names in manifest.get("migrations", {}).items()
                 for name in names}
    unknown = sorted(in_backup - known_migrations())
    if unknown:
        problems.append("このバックアップは新しい版の Shisaku で作られています（この版にない"
                        "マイグレーション: " + ", ".join(f"{a}.{n}" for a, n in unknown[:10])
                        + "）。同じ版以降の Shisaku で復元してください。")
    if method == JSON_DUMP and not unknown and in_backup != known_migrations():
        problems.append("JSON のバックアップは、作成したときと同じ版の Shisaku でだけ復元できます"
                        "（マイグレーションの状態が異なります）。")
    return problems


def rows_in_the_way() -> dict[str, int]:
    """Records already in the database (what `migrate` itself fills does not count)."""
    return {label: n for label, n in row_counts().items()
            if n and label not in MIGRATE_FILLED}


def check_backup(path: Path) -> dict:
    """The manifest, once every check that needs no write has passed."""
    manifest = read_manifest(path)
    problems = checksum_problems(path, manifest)
    if problems:
        raise BackupError("バックアップが壊れているか改変されています。復元しません。\n"
                          + "\n".join(f"  {p}" for p in problems))
    problems = compatibility_problems(manifest)
    if problems:
        raise BackupError("このデータベースには復元できません。\n"
                          + "\n".join(f"  {p}" for p in problems))
    return manifest


def restore_backup(path: Path, log: Callable[[str], None] = lambda message: None
                   ) -> RestoreReport:
    path = Path(path)
    manifest = check_backup(path)
    log(f"チェックサム: {len(manifest['files'])} ファイルすべて一致")
    try:
        in_the_way = rows_in_the_way()
    except OperationalError as exc:
        raise BackupError(f"復元先のデータベースに接続できません（{exc}）。先にデータベースを"
                          "作成してください。") from exc
    if in_the_way:
        listed = "、".join(f"{label} {n} 件" for label, n in sorted(in_the_way.items())[:8])
        raise BackupError("データベースが空ではありません（" + listed + (" ほか" if len(in_the_way) > 8
                          else "") + "）。復元は空のデータベースにだけ行います。新しいデータベースを"
                          "用意してください。")
    method = manifest["database"]["method"]
    database_file = path / manifest["database"]["file"]
    log(f"復元: {manifest['database']['file']}（{method}）")
    if method == SQLITE_COPY:
        _restore_sqlite(database_file)
    elif method == PG_DUMP:
        _restore_postgresql(database_file)
    else:
        _restore_json(database_file)
    connection.close()
    return _compare(manifest)


def _sqlite_path() -> Path | None:
    name = str(settings.DATABASES["default"]["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        return None
    return Path(name)


def _restore_sqlite(database_file: Path) -> None:
    connection.close()
    source = sqlite3.connect(f"file:{database_file}?mode=ro", uri=True)
    _sqlite_path().parent.mkdir(parents=True, exist_ok=True)
    target = sqlite3.connect(_sqlite_path())
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
        source.close()


def _restore_postgresql(database_file: Path) -> None:
    connection.close()
    run_pg_tool(["pg_restore", "--no-owner", "--no-privileges", "--clean", "--if-exists",
                 "--single-transaction", "--exit-on-error",
                 f"--dbname={settings.DATABASES['default']['NAME']}", str(database_file)])


def _restore_json(database_file: Path) -> None:
    call_command("migrate", interactive=False, verbosity=0)
    # The trail is restored as it was: loading must not add entries of its own.
    with disable_auditlog():
        call_command("loaddata", str(database_file), verbosity=0)


def _compare(manifest: dict) -> RestoreReport:
    from shisaku.reports.models import PublishedDocument

    restored = row_counts()
    expected = manifest.get("row_counts", {})
    counts = {label: (expected.get(label), restored.get(label))
              for label in sorted(set(expected) | set(restored))}
    recorded = dict(PublishedDocument.objects.values_list("pk", "sha256"))
    missing = [d["file"] for d in manifest.get("published", [])
               if recorded.get(d["id"]) != d["sha256"]]
    applied = applied_migrations()
    unapplied = sorted(f"{app}.{name}" for app, name in known_migrations()
                       if name not in applied.get(app, []))
    return RestoreReport(counts=counts, verification=verify_published(),
                         missing_documents=missing, unapplied_migrations=unapplied)
