"""The city's own report imported and printed again gives back its ※ lineage notes and its
その他の事業 under the same articles (a clean database: the import is the only data)."""

import re

import pytest

from shisaku.ingest import reader
from shisaku.reports.content.full import build_full
from shisaku.reports.data import load
from shisaku.reports.tests.test_other_projects import SEED, list_notes, tables
from shisaku.sheets.models import Cycle

pytestmark = [pytest.mark.django_db, pytest.mark.layout]


@pytest.fixture(scope="module")
def parsed():
    if not SEED.exists():
        pytest.skip(f"{SEED} がありません（../shared/seeds は開発環境にだけあります）")
    return reader.parse(SEED.read_text(encoding="utf-8"), 2021)


def test_the_citys_imported_report_gives_back_its_own_lineage_notes_and_other_projects(
        db, parsed):
    """Round trip: the excerpt imported (ingest.report_import) then printed again."""
    from shisaku.ingest import report_import

    report_import.import_report(reader.parse_bytes(SEED.read_bytes(), 2021))
    doc = build_full(load(Cycle.objects.get(fiscal_year=2021)))
    city = {n.text for n in parsed.lineage_notes}
    notes = list_notes(doc)
    assert notes and set(notes.values()) <= city
    listed = {p.name: p.article for p in parsed.other_projects}
    article = None
    for row in tables(doc)["その他の事業"].rows:
        article = int(row[0].rstrip("条")) if row[0] else article
        name = re.sub(r"（※\d+）$", "", row[2])
        assert listed.get(name) == article, name
