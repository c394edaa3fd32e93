"""Each database's own engine is there and follows the rows: FTS5 (trigram) on SQLite, pg_trgm
GIN indexes on PostgreSQL."""

import pytest
from django.db import connection
from django.db.models import Q

from shisaku.search import entries, index, query
from shisaku.search.models import SearchEntry
from shisaku.search.normalize import fold

pytestmark = pytest.mark.django_db

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="PostgreSQL's pg_trgm indexes")


def _entry(key, title, body=""):
    return SearchEntry.objects.create(kind="dataset", key=key, title=title, body=body,
                                      norm_title=fold(title), norm_body=fold(body), public=True)


@on_sqlite
def test_the_fts5_table_follows_inserts_updates_and_deletes():
    entry = _entry("dataset:1", "ものづくり白書", "製造業の現状")
    _entry("dataset:2", "商業統計")

    def fts(term):
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH %s",
                           [query._fts_expression([term])])
            return [row[0] for row in cursor.fetchall()]

    assert fts("ものづくり") == [entry.pk]
    entry.norm_body = fold("工業の現状")
    entry.save()
    assert fts("製造業") == [] and fts("工業の") == [entry.pk]
    index._replace(Q(key="dataset:1"), [entries.entry("dataset", "dataset:1", "ものづくり年報",
                                                      public=True)])
    assert fts("工業の") == [] and fts("ものづくり年報") == [entry.pk]  # upserted in place
    SearchEntry.objects.filter(pk=entry.pk).delete()
    assert fts("ものづくり") == []
    with connection.cursor() as cursor:  # raises when the index and the rows disagree
        cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")


@on_sqlite
def test_terms_of_three_characters_go_through_fts5_and_shorter_ones_do_not():
    sql = str(query.matching(SearchEntry.objects.all(), ["ものづくり", "dx"]).query)
    assert "search_fts MATCH" in sql
    assert "search_fts" not in str(query.matching(SearchEntry.objects.all(), ["dx"]).query)


@on_postgresql
def test_trigram_indexes_serve_the_like_of_a_term():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'search_searchentry'")
        names = {row[0] for row in cursor.fetchall()}
        assert {"search_norm_title_trgm", "search_norm_body_trgm"} <= names
        _entry("dataset:1", "ものづくり白書", "製造業の現状")
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = query.matching(SearchEntry.objects.all(), ["ものづくり"]).query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_norm_title_trgm" in plan or "search_norm_body_trgm" in plan


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_writers_indexing_one_record_at_once_both_succeed():
    """Each writer upserts by key: the second waits for the first and updates its row (a
    delete-then-insert would fail it on the unique key)."""
    import threading
    import time

    from django.db import connections, transaction

    _entry("dataset:1", "ものづくり白書")
    first_wrote, outcomes = threading.Event(), {}

    def write(name, title, before=None, after=None):
        try:
            if before:
                before.wait(timeout=30)
            with transaction.atomic():
                index._replace(Q(key="dataset:1"),
                               [entries.entry("dataset", "dataset:1", title, public=True)])
                if after:
                    after.set()
                    time.sleep(0.5)  # hold the row while the other writer arrives
            outcomes[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - the outcome is the assertion
            outcomes[name] = type(exc).__name__
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=("first", "第一の版"), kwargs={"after": first_wrote}),
               threading.Thread(target=write, args=("second", "第二の版"),
                                kwargs={"before": first_wrote})]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == {"first": "ok", "second": "ok"}
    assert list(SearchEntry.objects.values_list("key", "title")) == [("dataset:1", "第二の版")]
