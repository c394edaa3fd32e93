"""Importing the FY2021 report (seed 002) stores the ordinance of its appendix, structured,
through the ordinance service; the city's text replaces the demo's summaries, and the
articles projects refer to stay the same rows."""

import pytest

from shisaku.ingest import reader as rp
from shisaku.ingest import report_import
from shisaku.ordinance.models import Article, Ordinance
from shisaku.ordinance.parse import parse_appendix
from shisaku.ordinance.structure import shape

from .test_appendix_parser import SEED

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seed_bytes() -> bytes:
    if not SEED.exists():
        pytest.skip("seed 002 is not available")
    return SEED.read_bytes()


def _stored_shapes() -> dict[int, tuple[int, ...]]:
    return {a.number: shape(a.paragraphs) for a in Article.objects.order_by("number")}


def test_importing_the_report_stores_the_appendix_ordinance_with_its_structure(seed_bytes):
    parsed = parse_appendix(seed_bytes.decode("utf-8"))
    result = report_import.import_report(rp.parse_bytes(seed_bytes, 2021))
    ordinance = Ordinance.objects.get()
    assert ordinance.title == parsed.title and not ordinance.summarised
    assert len(ordinance.preamble_paragraphs) == len(parsed.preamble) == 9
    assert ordinance.supplementary == parsed.supplementary
    assert _stored_shapes() == {a.number: shape(a.paragraphs) for a in parsed.articles}
    assert {a.number: (a.title, a.part) for a in Article.objects.all()} == {
        a.number: (a.caption, a.part) for a in parsed.articles}
    assert sorted(a.number for a in Article.objects.measures()) == list(range(12, 20))
    assert not [w for w in result.warnings if "条例" in w.message and "参考" in w.message]


def test_the_citys_text_replaces_the_demo_summaries_and_keeps_the_article_rows(seed_bytes):
    from shisaku.demo.loader import load_demo

    load_demo()
    before = dict(Article.objects.values_list("number", "pk"))
    summaries = dict(Article.objects.values_list("number", "text"))
    assert Ordinance.objects.get().summarised
    report_import.import_report(rp.parse_bytes(seed_bytes, 2021))
    ordinance = Ordinance.objects.get()
    assert not ordinance.summarised
    assert dict(Article.objects.values_list("number", "pk")) == before
    stored = dict(Article.objects.values_list("number", "text"))
    assert all(stored[n] != summaries[n] for n in range(1, 25))
    # the demo's shapes were the city's: the same structure, other words
    parsed = parse_appendix(seed_bytes.decode("utf-8"))
    assert _stored_shapes() == {a.number: shape(a.paragraphs) for a in parsed.articles}


def test_the_command_stores_the_appendix_once_and_a_dry_run_writes_nothing(tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("import_ordinance", str(SEED), "--dry-run", stdout=out)
    assert "第1条～第24条、前文9段落、附則" in out.getvalue()
    assert not Ordinance.objects.exists()
    call_command("import_ordinance", str(SEED), stdout=StringIO())
    assert Article.objects.count() == 24 and not Ordinance.objects.get().summarised
    again = StringIO()
    call_command("import_ordinance", str(SEED), stdout=again)
    assert "作成 0件、更新 0件、変更なし 25件" in again.getvalue()
    empty = tmp_path / "empty.txt"
    empty.write_text("1 はじめに\n", encoding="utf-8")
    with pytest.raises(CommandError, match="見つかりません"):
        call_command("import_ordinance", str(empty))
