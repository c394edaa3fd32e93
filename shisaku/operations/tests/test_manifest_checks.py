"""A directory is restored only when its manifest is a complete Shisaku manifest."""

import json

import pytest

from shisaku.operations.backup import BackupError
from shisaku.operations.restore import read_manifest

GOOD = {"format": "shisaku-backup", "format_version": 1,
        "database": {"method": "sqlite-backup-api", "file": "database/shisaku.sqlite3"},
        "files": {}, "row_counts": {}, "published": [], "migrations": {}}


def write(tmp_path, manifest):
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return tmp_path


def test_a_complete_manifest_is_read(tmp_path):
    assert read_manifest(write(tmp_path, GOOD))["database"]["method"] == "sqlite-backup-api"


def test_a_directory_without_a_manifest_is_not_a_backup(tmp_path):
    with pytest.raises(BackupError, match="manifest.json がありません"):
        read_manifest(tmp_path)


@pytest.mark.parametrize("change,message", [
    ({"format": "other"}, "目録ではありません"),
    ({"format_version": 2}, "形式 2 には対応していません"),
    ({"database": {"method": "sqlite-backup-api", "file": "../../etc/passwd"}}, "不完全"),
    ({"database": {"method": "rsync", "file": "database/shisaku.sqlite3"}}, "不完全"),
    ({"files": []}, "不完全"),
])
def test_a_foreign_or_incomplete_manifest_is_refused(tmp_path, change, message):
    with pytest.raises(BackupError, match=message):
        read_manifest(write(tmp_path, {**GOOD, **change}))


def test_a_manifest_that_is_not_json_is_refused(tmp_path):
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(BackupError, match="manifest.json を読めません"):
        read_manifest(tmp_path)


def test_a_backup_from_a_newer_version_is_refused():
    from shisaku.operations.restore import compatibility_problems

    manifest = {**GOOD, "database": {"method": "dumpdata-json", "file": "database/shisaku.json"},
                "migrations": {"sheets": ["0001_initial", "0999_from_the_future"]}}
    [problem] = compatibility_problems(manifest)
    assert "新しい版の Shisaku で作られています" in problem and "sheets.0999_from_the_future" in problem


def test_a_json_backup_needs_the_same_migrations_and_a_copy_needs_its_own_engine():
    from django.db import connection

    from shisaku.operations.restore import compatibility_problems

    json_backup = {**GOOD, "database": {"method": "dumpdata-json", "file": "database/shisaku.json"},
                   "migrations": {"sheets": ["0001_initial"]}}
    assert any("同じ版の Shisaku でだけ" in p for p in compatibility_problems(json_backup))
    pg_backup = {**GOOD, "database": {"method": "pg_dump-custom", "file": "database/shisaku.pgdump"}}
    sqlite_backup = GOOD
    if connection.vendor == "sqlite":
        assert any("PostgreSQL の DATABASE_URL" in p for p in compatibility_problems(pg_backup))
    else:
        assert any("SQLite の DATABASE_URL" in p for p in compatibility_problems(sqlite_backup))
