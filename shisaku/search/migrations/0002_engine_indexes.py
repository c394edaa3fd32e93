"""The database's own text index over the folded columns.

SQLite: an FTS5 table with the trigram tokenizer (substring search for terms of three
characters and more), external content on search_searchentry, kept in step by triggers.
PostgreSQL: pg_trgm and GIN trigram indexes, which LIKE '%term%' uses.

A later migration that makes Django rebuild search_searchentry on SQLite (most
AlterField operations do) drops these triggers with the old table: it must run this
migration's `forward` again and `shisaku rebuild-search-index`.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "norm_title, norm_body, content='search_searchentry', content_rowid='id', "
    "tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS search_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, norm_title, norm_body) "
    "VALUES (new.id, new.norm_title, new.norm_body); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, norm_title, norm_body) "
    "VALUES ('delete', old.id, old.norm_title, old.norm_body); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_update AFTER UPDATE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, norm_title, norm_body) "
    "VALUES ('delete', old.id, old.norm_title, old.norm_body); "
    "INSERT INTO search_fts(rowid, norm_title, norm_body) "
    "VALUES (new.id, new.norm_title, new.norm_body); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS search_norm_title_trgm ON search_searchentry "
    "USING gin (norm_title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS search_norm_body_trgm ON search_searchentry "
    "USING gin (norm_body gin_trgm_ops)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_norm_title_trgm",
    "DROP INDEX IF EXISTS search_norm_body_trgm",
]


def _run(schema_editor, statements) -> None:
    for statement in statements:
        schema_editor.execute(statement)


def forward(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL)


def backward(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_REVERSE)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
