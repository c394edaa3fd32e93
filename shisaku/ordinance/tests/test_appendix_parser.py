"""The ordinance printed as the FY2021 report's appendix (seed 002) is read back into its
structure; the demo's summaries carry the same structure. The seed is only read here: no
sentence of the ordinance is written into the repository."""

from pathlib import Path

import pytest

from shisaku.demo import data
from shisaku.ordinance.parse import parse_appendix
from shisaku.ordinance.structure import body, paragraphs, shape

SEED = Path(__file__).resolve().parents[3] / "../shared/seeds/002_report_fy2021_excerpt.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("seed 002 is not available")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed(seed_text):
    return parse_appendix(seed_text)


def _demo_shapes() -> dict[int, tuple[int, ...]]:
    return {number: shape(paragraphs("\n".join(lines)))
            for number, _caption, _kind, lines in data.ARTICLES}


def test_the_appendix_of_the_fy2021_report_holds_articles_1_to_24_in_order_without_warnings(
        parsed):
    assert parsed.title == data.ORDINANCE["title"]
    assert [a.number for a in parsed.articles] == list(range(1, 25))
    assert parsed.warnings == []


def test_each_article_keeps_the_caption_the_report_prints(parsed):
    assert {a.number: a.caption for a in parsed.articles} == {
        number: caption for number, caption, _kind, _lines in data.ARTICLES}
    measures = {a.number: a.caption for a in parsed.articles if 12 <= a.number <= 19}
    assert list(measures) == list(range(12, 20)) and all(measures.values())


def test_paragraph_and_item_counts_per_article_match_the_demo_summaries(parsed):
    assert {a.number: shape(a.paragraphs) for a in parsed.articles} == _demo_shapes()


def test_run_together_articles_split_into_numbered_paragraphs_and_items(parsed):
    # art. 11: one paragraph with three items, then paragraphs 2 and 3 (one line in the text)
    assert shape(parsed.article(11).paragraphs) == (3, 0, 0)
    assert [p.number for p in parsed.article(19).paragraphs] == [1, 2, 3]
    assert [i.number for i in parsed.article(12).paragraphs[0].items] == [1, 2, 3, 4]
    for article in parsed.articles:
        for paragraph in article.paragraphs:
            assert not paragraph.text[:3].strip().isdigit(), (article.number, paragraph.number)
            for item in paragraph.items:
                assert not item.text.startswith("("), (article.number, item.number)


def test_the_definition_cut_by_the_page_is_joined_and_continued_in_the_next_column(
        parsed, seed_text):
    items = parsed.article(2).paragraphs[0].items
    assert len(items) == 5
    assert all(item.text.endswith("。") for item in items)
    # every fragment of the appendix lands in some article: nothing is dropped
    tail = seed_text.split("規定する大学", 1)[1].split("。", 1)[0]
    assert tail in items[2].text


def test_the_preamble_has_nine_paragraphs_and_the_supplementary_provision_its_date(parsed):
    assert len(parsed.preamble) == len(data.ORDINANCE_PREAMBLE) == 9
    assert all(p.endswith("。") for p in parsed.preamble)
    assert "平成28年4月1日" in parsed.supplementary


def test_the_side_labels_group_the_articles_as_the_demo_does(parsed):
    assert parsed.parts == data.ORDINANCE_PARTS
    assert parsed.article(3).part == "目的、定義、基本理念"
    assert parsed.article(4).part == "各主体の責務・役割"
    assert parsed.article(24).part == data.ORDINANCE_PARTS[-1][0]


def test_the_demo_carries_summaries_not_the_ordinances_sentences(parsed):
    demo = {number: "\n".join(lines) for number, _c, _k, lines in data.ARTICLES}
    for article in parsed.articles:
        real = [p.text for p in article.paragraphs] + [
            i.text for p in article.paragraphs for i in p.items]
        for sentence in real:
            if len(sentence) > 15:
                assert sentence not in demo[article.number], article.number
    for paragraph in parsed.preamble:
        assert paragraph not in data.ORDINANCE_PREAMBLE


def test_a_report_without_the_appendix_gives_no_ordinance():
    assert parse_appendix("1 はじめに\n本文です。\n") is None


def test_a_number_inside_a_sentence_does_not_open_a_paragraph():
    text = ("(参考) 見本の条例\n\n"
            "\t(目的)\n"
            "\t第1条 市は 3 つの柱で取り組む。 2 市は毎年度まとめる。 (1) 一つめ (2) 二つめ\n"
            "\t附則 この見本は今日から使う。\n\n奥付\n")
    result = parse_appendix(text)
    [article] = result.articles
    assert article.caption == "目的"
    assert [p.text for p in article.paragraphs] == ["市は 3 つの柱で取り組む。", "市は毎年度まとめる。"]
    assert [i.text for i in article.paragraphs[1].items] == ["一つめ", "二つめ"]
    assert result.supplementary == "この見本は今日から使う。"
    assert paragraphs(body(article.paragraphs)) == article.paragraphs


def test_a_damaged_appendix_never_raises_and_what_it_reads_is_numbered_in_sequence(seed_text):
    import random

    from shisaku.ordinance.structure import BodyError

    appendix = seed_text[seed_text.index("(参考) 川崎市"):]
    rng = random.Random(12)
    for _ in range(200):
        chars = list(appendix)
        for _ in range(rng.randint(1, 40)):
            at = rng.randrange(len(chars))
            action = rng.random()
            if action < 0.4:
                del chars[at:at + rng.randint(1, 30)]
            elif action < 0.8:
                chars.insert(at, rng.choice(["\t", "\n", "<p>", "</p>", " 2 ", " (3) ", "第",
                                             "条", "(", "\x00", "附則"]))
            else:
                chars[at] = rng.choice("0123456789 （）()")
        result = parse_appendix("".join(chars))
        if result is None:
            continue
        numbers = [a.number for a in result.articles]
        assert numbers == sorted(set(numbers))
        for article in result.articles:
            try:
                assert paragraphs(body(article.paragraphs)) == article.paragraphs
            except BodyError as exc:  # pragma: no cover - a failure names the article
                raise AssertionError((article.number, exc)) from exc
