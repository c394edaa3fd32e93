"""Writing the ordinance goes through one service: structure checked, idempotent, audited,
and a summary never replaces the city's own text."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from shisaku.demo.loader import demo_ordinance
from shisaku.ordinance.models import Article, Ordinance
from shisaku.ordinance.parse import ParsedArticle, ParsedOrdinance
from shisaku.ordinance.services import save_ordinance
from shisaku.ordinance.structure import Item, Paragraph


def _sample(words: str = "市は取り組む。") -> ParsedOrdinance:
    return ParsedOrdinance(
        title="見本の条例", preamble=["一つめの段落。", "二つめの段落。"], supplementary="今日から。",
        articles=[
            ParsedArticle(1, "目的", [Paragraph(1, words)], part="総則"),
            ParsedArticle(2, "施策", [Paragraph(1, "次の施策。", (Item(1, "一"), Item(2, "二"))),
                                     Paragraph(2, "考慮する。")], part="施策"),
        ])


@pytest.mark.django_db
def test_saving_the_same_text_twice_changes_nothing_the_second_time(kikaku):
    first = save_ordinance(_sample(), kikaku, summarised=False)
    second = save_ordinance(_sample(), kikaku, summarised=False)
    assert first.counts["created"] == 3
    assert second.changes == 0 and second.counts["unchanged"] == 3
    article = Article.objects.get(number=2)
    assert [len(p.items) for p in article.paragraphs] == [2, 0]
    assert article.text.split("\n") == ["次の施策。", "(1) 一", "(2) 二", "2 考慮する。"]
    assert Ordinance.objects.get().preamble_paragraphs == ["一つめの段落。", "二つめの段落。"]


@pytest.mark.django_db
def test_every_write_leaves_an_audit_entry_naming_the_user(kikaku):
    save_ordinance(_sample(), kikaku, summarised=False)
    save_ordinance(_sample("市は毎年度取り組む。"), kikaku, summarised=False)
    article = Article.objects.get(number=1)
    entries = LogEntry.objects.get_for_object(article).order_by("pk")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert all(e.actor == kikaku for e in entries)
    assert entries.last().changes_dict["text"] == ["市は取り組む。", "市は毎年度取り組む。"]


@pytest.mark.django_db
def test_a_summary_does_not_replace_the_citys_own_text(kikaku):
    save_ordinance(_sample("市の本文。"), kikaku, summarised=False)
    result = save_ordinance(_sample("要約。"), kikaku, summarised=True)
    assert result.kept_city_text and result.changes == 0
    assert Article.objects.get(number=1).text == "市の本文。"
    assert not Ordinance.objects.get().summarised


@pytest.mark.django_db
def test_the_citys_text_replaces_a_summary(kikaku):
    save_ordinance(_sample("要約。"), kikaku, summarised=True)
    save_ordinance(_sample("市の本文。"), kikaku, summarised=False)
    assert Article.objects.get(number=1).text == "市の本文。"
    assert not Ordinance.objects.get().summarised


@pytest.mark.django_db
def test_a_gap_in_the_article_numbers_is_refused_and_nothing_is_written(kikaku):
    text = _sample()
    text.articles[1].number = 3
    with pytest.raises(ValidationError, match="順に続いていません"):
        save_ordinance(text, kikaku, summarised=False)
    assert not Ordinance.objects.exists()


@pytest.mark.django_db
def test_an_item_out_of_sequence_is_refused(kikaku):
    text = _sample()
    text.articles[1].paragraphs[0] = Paragraph(1, "次の施策。", (Item(1, "一"), Item(3, "三")))
    with pytest.raises(ValidationError):
        save_ordinance(text, kikaku, summarised=False)
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_only_the_planning_division_writes_the_ordinance(users):
    with pytest.raises(PermissionDenied):
        save_ordinance(_sample(), users["section_editor"], summarised=False)
    assert not Ordinance.objects.exists()


@pytest.mark.django_db
def test_the_demo_ordinance_is_stored_as_a_summary_with_its_parts_and_kinds():
    save_ordinance(demo_ordinance(), summarised=True, check_access=False)
    ordinance = Ordinance.objects.get()
    assert ordinance.summarised and len(ordinance.preamble_paragraphs) == 9
    assert sorted(a.number for a in Article.objects.measures()) == list(range(12, 20))
    assert Article.objects.get(number=22).kind == Article.Kind.VERIFICATION
    assert Article.objects.get(number=4).part == "各主体の責務・役割"
