"""backup (pg_dump) → new empty database → restore (pg_restore) on PostgreSQL.

Skipped when no server answers on PG_URL or pg_dump / pg_restore are missing. The test
creates and drops its own throw-away databases (shisaku_backup_test_<random>).
"""

import json
import os
import secrets
import shutil

import pytest

from .roundtrip import build_source, counts, shisaku

SERVER = os.environ.get("SHISAKU_TEST_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PASSWORD = "never-in-the-manifest"


def _admin():
    import psycopg

    try:
        return psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable at {SERVER}: {exc}")


@pytest.fixture(scope="module")
def databases():
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump / pg_restore are not on PATH")
    admin = _admin()
    suffix = secrets.token_hex(4)
    names = {"source": f"shisaku_backup_test_{suffix}",
             "target": f"shisaku_backup_test_{suffix}_restored"}
    for name in names.values():
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield names
    finally:
        for name in names.values():
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def url(name: str) -> str:
    # A password in the URL (trust authentication ignores it) must stay out of the backup.
    user, host = SERVER.split("://", 1)[1].split("@", 1)
    return f"postgres://{user.split(':')[0]}:{PASSWORD}@{host}/{name}"


@pytest.fixture(scope="module")
def source(databases, tmp_path_factory):
    env = {"SHISAKU_VAR_DIR": str(tmp_path_factory.mktemp("pg_source")),
           "DATABASE_URL": url(databases["source"])}
    build_source(env)
    return {"env": env, "counts": counts(env)}


def test_a_pg_dump_backup_restored_into_a_new_database_has_every_model_s_rows(
        databases, source, tmp_path):
    before = source["counts"]
    backup = tmp_path / "backup"
    shisaku(source["env"], "backup", str(backup))
    manifest_text = (backup / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(manifest_text)
    assert manifest["database"]["method"] == "pg_dump-custom"
    assert manifest["database"]["file"] == "database/shisaku.pgdump"
    assert manifest["row_counts"] == before
    assert PASSWORD not in manifest_text and "postgres://" not in manifest_text

    target = {"SHISAKU_VAR_DIR": str(tmp_path), "DATABASE_URL": url(databases["target"])}
    result = shisaku(target, "restore", str(backup))
    assert f"{len(before)} モデル中 {len(before)} モデルが目録と一致" in result.stdout
    restored = counts(target)
    assert restored == before
    for label in ["auth.Group", "contenttypes.ContentType", "auditlog.LogEntry",
                  "accounts.User", "sheets.Sheet", "reports.PublishedDocument"]:
        assert restored[label] > 0, label
    assert "公表文書 2 件すべて SHA-256 が一致しました。" in shisaku(
        target, "verify-published").stdout
    # The restored database takes new records (its sequences were restored too).
    shisaku(target, "shell", "-c", "from shisaku.core.testing import make_section; "
                                   "make_section('新しい課')")

    # A second restore into the now filled database is refused.
    again = shisaku(target, "restore", str(backup), check=False)
    assert again.returncode == 1 and "データベースが空ではありません" in again.stderr


def test_without_pg_dump_the_backup_falls_back_to_json_and_says_so(source, tmp_path):
    # No pg_dump on PATH (the interpreter is started by its full path and needs none).
    env = {**source["env"], "PATH": str(tmp_path / "empty")}
    backup = tmp_path / "backup"
    result = shisaku(env, "backup", str(backup))
    assert "pg_dump が PATH に見つからないため" in result.stderr
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["database"]["method"] == "dumpdata-json"
    assert "pg_dump が PATH に見つからない" in manifest["database"]["note"]
    # A JSON backup also moves the data to another engine: here into a new SQLite file.
    target = {"SHISAKU_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/m.sqlite3"}
    result = shisaku(target, "restore", str(backup))
    n = len(source["counts"])
    assert f"{n} モデル中 {n} モデルが目録と一致" in result.stdout
    assert "公表文書: 2 件すべて SHA-256 が一致" in result.stdout
