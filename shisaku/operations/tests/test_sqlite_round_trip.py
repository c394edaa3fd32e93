"""backup → empty database → restore on SQLite: every model's rows, every checksum."""

import json
import shutil

import pytest

from shisaku.operations.backup import sha256_file
from shisaku.operations.restore import checksum_problems, read_manifest

from .roundtrip import build_source, counts, shisaku

SECRET = "a-secret-key-that-must-never-leave-the-server-" + "k" * 20


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A demo database with published documents, its row counts and one backup of it."""
    root = tmp_path_factory.mktemp("sqlite_source")
    env = {"SHISAKU_VAR_DIR": str(root), "DATABASE_URL": f"sqlite:///{root}/source.sqlite3",
           "SECRET_KEY": SECRET}
    build_source(env)
    before = counts(env)
    shisaku(env, "backup", str(root / "backup"))
    return {"env": env, "counts": before, "backup": root / "backup"}


def target(tmp_path, name="restored.sqlite3"):
    return {"SHISAKU_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/{name}"}


def test_a_backup_restored_into_a_new_database_file_has_every_model_s_rows(source, tmp_path):
    env = target(tmp_path)
    result = shisaku(env, "restore", str(source["backup"]))
    assert f"行数: {len(source['counts'])} モデル中 {len(source['counts'])} モデルが目録と一致" \
        in result.stdout
    restored = counts(env)
    assert restored == source["counts"]
    # Every app is in the comparison, Django's own included, and the demo filled them.
    for label in ["auth.Group", "contenttypes.ContentType", "auditlog.LogEntry",
                  "accounts.User", "sheets.Sheet", "verification.Opinion",
                  "reports.PublishedDocument", "stats.Dataset"]:
        assert restored[label] > 0, label
    assert restored["reports.PublishedDocument"] == 2
    verified = shisaku(env, "verify-published")
    assert "公表文書 2 件すべて SHA-256 が一致しました。" in verified.stdout


def test_a_backup_restores_into_an_empty_migrated_database_as_well(source, tmp_path):
    env = target(tmp_path)
    shisaku(env, "migrate", "-v", "0")
    result = shisaku(env, "restore", str(source["backup"]))
    # restore compares every model's rows with the manifest (equal to the source's, above).
    assert f"{len(source['counts'])} モデル中 {len(source['counts'])} モデルが目録と一致" \
        in result.stdout


def test_a_json_backup_restores_into_a_new_database_and_says_how_it_was_made(source, tmp_path):
    backup = tmp_path / "backup"
    made = shisaku(source["env"], "backup", str(backup), "--json")
    assert "--json が指定されたため、Django の dumpdata（JSON）で保存しました。" in made.stderr
    assert (backup / "database/shisaku.json").exists()
    result = shisaku(target(tmp_path), "restore", str(backup))
    n = len(source["counts"])
    assert f"{n} モデル中 {n} モデルが目録と一致" in result.stdout
    assert "公表文書: 2 件すべて SHA-256 が一致" in result.stdout


def test_the_manifest_lists_counts_migrations_checksums_and_settings_but_no_secret(source):
    text = (source["backup"] / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(text)
    assert manifest["row_counts"] == source["counts"]
    assert manifest["database"]["method"] == "sqlite-backup-api"
    assert "0001_initial" in manifest["migrations"]["sheets"]
    assert set(manifest["files"]) == {"database/shisaku.sqlite3", "published/2021/full.pdf",
                                      "published/2022/full.pdf"}
    assert all(len(f["sha256"]) == 64 for f in manifest["files"].values())
    settings = manifest["settings"]
    assert settings["TIME_ZONE"] == "Asia/Tokyo" and settings["LANGUAGE_CODE"] == "ja"
    assert settings["SHISAKU_ENV"] == "development"
    assert settings["city"]["city_name"] == "川崎市"
    assert SECRET not in text and "SECRET_KEY" not in text
    assert not (source["backup"] / "secret_key").exists()
    assert (source["backup"] / "published/2021/full.pdf").read_bytes().startswith(b"%PDF")


def test_backup_refuses_to_write_into_a_directory_that_is_not_empty(source, tmp_path):
    (tmp_path / "old.txt").write_text("x")
    result = shisaku(source["env"], "backup", str(tmp_path), check=False)
    assert result.returncode == 1
    assert "空のディレクトリではありません" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["old.txt"]


def _change_a_published_file(backup):
    path = backup / "published/2021/full.pdf"
    path.write_bytes(path.read_bytes().replace(b"2021", b"2027", 1))
    return "published/2021/full.pdf: SHA-256 が目録と一致しません"


def _change_the_database(backup):
    with open(backup / "database/shisaku.sqlite3", "r+b") as stream:
        stream.seek(-100, 2)
        stream.write(b"tampered")
    return "database/shisaku.sqlite3: SHA-256 が目録と一致しません"


def _add_a_file(backup):
    (backup / "published/2021/extra.html").write_text("<script>")
    return "published/2021/extra.html: 目録にないファイルです"


def _forge_a_file_and_its_checksum(backup):
    # The manifest's file list edited to match: the SHA-256 recorded at publication still differs.
    path = backup / "published/2021/full.pdf"
    path.write_bytes(b"%PDF-1.4 forged")
    manifest = read_manifest(backup)
    manifest["files"]["published/2021/full.pdf"]["sha256"] = sha256_file(path)
    (backup / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return "published/2021/full.pdf: 公表時に記録された SHA-256 と一致しません"


@pytest.mark.parametrize("tamper", [_change_a_published_file, _change_the_database,
                                    _add_a_file, _forge_a_file_and_its_checksum])
def test_every_kind_of_tampering_is_found_by_the_checksums(source, tmp_path, tamper):
    backup = tmp_path / "copy"
    shutil.copytree(source["backup"], backup)
    assert checksum_problems(backup, read_manifest(backup)) == []
    expected = tamper(backup)
    assert expected in checksum_problems(backup, read_manifest(backup))


def test_a_tampered_backup_is_refused_before_anything_is_written(source, tmp_path):
    backup = tmp_path / "copy"
    shutil.copytree(source["backup"], backup)
    _change_a_published_file(backup)
    env = target(tmp_path)
    result = shisaku(env, "restore", str(backup), check=False)
    assert result.returncode == 1
    assert "バックアップが壊れているか改変されています。復元しません。" in result.stderr
    assert "published/2021/full.pdf: SHA-256 が目録と一致しません" in result.stderr
    assert not (tmp_path / "restored.sqlite3").exists()


def test_restore_refuses_a_database_that_already_holds_records(source):
    result = shisaku(source["env"], "restore", str(source["backup"]), check=False)
    assert result.returncode == 1
    assert "データベースが空ではありません（accounts.User 6 件" in result.stderr
    assert counts(source["env"]) == source["counts"]


def test_restore_check_verifies_the_backup_and_writes_nothing(source, tmp_path):
    result = shisaku(target(tmp_path), "restore", str(source["backup"]), "--check")
    assert "バックアップは完全です（3 ファイル" in result.stdout
    assert not (tmp_path / "restored.sqlite3").exists()
