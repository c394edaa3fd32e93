"""Search over the demo: the same explicit results on SQLite and on PostgreSQL, the public
record only for the public, each signed-in user's own unpublished data, an index that
follows every write."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from shisaku.accounts.models import User
from shisaku.search import query
from shisaku.search.models import SearchEntry
from shisaku.search.query import Filters
from shisaku.sheets.models import Cycle, Sheet
from shisaku.verification.models import Opinion, Response

pytestmark = pytest.mark.usefixtures("published_demo")

DRAFT_MARK = "【下書きの印】"
OTHER_DRAFT_MARK = "【他課の下書きの印】"
RETURN_MARK = "【差戻しの印】"
UNPUBLISHED_MARK = "【未公表年度の印】"
ALL_MARKS = (DRAFT_MARK, OTHER_DRAFT_MARK, RETURN_MARK, UNPUBLISHED_MARK)


def found(text, user=None, **filters):
    ids = query.search(text, user, Filters(**filters)).ids
    return [(e.kind, e.fiscal_year, e.title) for e in query.entries(ids)]


def titles(text, user=None, **filters):
    return [title for _kind, _fy, title in found(text, user, **filters)]


def user(name):
    return User.objects.get(username=name)


def sheet_2022(project_name):
    return Sheet.objects.get(cycle__fiscal_year=2022, project__name=project_name)


@pytest.fixture
def planted(db):
    """Markers where the public must never reach: a draft FY2022 sheet of 工業振興課 (kogyo),
    another of 商業振興課 (shogyo), a return comment, the unpublished FY2022 cycle's opinion
    and its response."""
    from shisaku.sheets.editing import save_sheet

    own = sheet_2022("生産性向上推進事業")
    save_sheet(own, user("kogyo"), {"goal": f"{DRAFT_MARK}ＤＸ導入の支援"}, own.version)
    other = sheet_2022("商業力強化事業")
    save_sheet(other, user("shogyo"), {"goal": f"{OTHER_DRAFT_MARK}商店街"}, other.version)
    own.refresh_from_db()
    own.return_comment = RETURN_MARK
    own.save()
    opinion = Opinion.objects.create(cycle=Cycle.objects.get(fiscal_year=2022), scope="cycle",
                                     number=1, text=f"{UNPUBLISHED_MARK}の意見")
    Response.objects.create(opinion=opinion, text=f"{UNPUBLISHED_MARK}の対応",
                            classification=Response.Classification.PLANNED)
    return own


# --- Japanese as people type it, with explicit results (both databases must give them) -----

DX = [
    ("opinion", 2021, "生産性向上推進事業 ①"),
    ("response", 2021, "生産性向上推進事業 ①"),
    ("response", 2021, "生産性向上推進事業 ②"),
    ("response", 2021, "生産性向上推進事業 ③"),
]


@pytest.mark.parametrize("typed", ["DX", "ＤＸ", "dx", "Ｄx"])
def test_a_two_letter_word_is_found_however_wide_or_cased(db, typed):
    assert found(typed) == DX


def test_a_one_character_query_finds_every_sheet_that_has_it(db):
    assert titles("農", kind="sheet") == [
        "市民・「農」交流機会推進事業", "農環境保全・活用事業", "都市農業価値発信事業",
        "農業生産基盤維持・管理事業", "農業経営支援・研究事業", "援農ボランティア育成・活用事業",
        "農業体験提供事業", "担い手・後継者育成事業"]


def test_a_two_character_query_with_year_and_article(db):
    assert titles("商業", kind="sheet", fiscal_year=2021, article=16) == [
        "商業力強化事業", "まちづくり連動事業", "地域連携事業", "商店街課題対応事業"]
    assert titles("商業", kind="sheet", fiscal_year=2021, article=19) == []
    assert titles("商業", fiscal_year=2022) == []


def test_longer_words_are_ranked_title_first_then_by_hits_in_the_body(db):
    assert found("ものづくり") == [
        ("sheet", 2021, "ものづくり中小企業経営支援事業"),
        ("indicator", 2021, "川崎ものづくりブランドの認定数"),
        ("indicator", 2021, "子どもたちのものづくりへの興味・関心等を醸成するイベントの来場者数"),
        ("project", None, "工業振興関連事業 ①ものづくり中小企業経営支援事業"),
        ("sheet", 2021, "内陸部操業環境保全対策事業"),
        ("sheet", 2021, "新産業創造支援事業"),
        ("sheet", 2021, "医工連携等推進事業"),
        ("sheet", 2021, "生産性向上推進事業"),
        ("indicator", 2021, "研究開発、経営安定、販路拡大等への支援の件数"),
    ]


@pytest.mark.parametrize("typed", ["かわさき", "カワサキ", "ｶﾜｻｷ"])
def test_katakana_hiragana_and_half_width_kana_are_one_word(db, typed):
    assert titles(typed, kind="indicator") == [
        "「キャリアサポートかわさき」における就職決定者数",
        "「コネクションズかわさき」が行う職場体験事業の実施回数",
        "「フェスティバルなかわさき」（9月から11月の週末に開催される16イベント）開催時の来場者数",
        "かわさき起業家オーディション等の開催回数",
    ]


def test_a_quoted_phrase_is_the_exact_sequence_and_words_are_all_required(db):
    assert titles('"経営支援"') == [
        "ものづくり中小企業経営支援事業", "農業経営支援・研究事業",
        "工業振興関連事業 ①ものづくり中小企業経営支援事業", "農業経営支援・研究事業",
        "川崎市産業振興財団運営支援事業", "川崎ものづくりブランドの認定数",
        "研究開発、経営安定、販路拡大等への支援の件数"]
    assert titles("中小企業 融資") == ["中小企業融資制度事業", "中小企業融資制度事業",
                                     "金融相談・指導事業"]
    assert titles('"中小企業 融資"') == []
    assert set(titles('"経営支援"')) < set(titles("経営 支援"))


def test_statistics_are_found_by_title_and_source(db):
    assert found("景況") == [("dataset", None, "市内中小企業の景況感DI（全業種）")]


def test_an_empty_query_finds_nothing(db):
    assert query.search("  ", None).ids == []


# --- what the public never sees; what each signed-in user sees --------------------------------

@pytest.mark.parametrize("mark", ALL_MARKS)
def test_planted_markers_never_reach_public_results(db, client, planted, mark):
    assert found(mark) == []
    assert found(mark, user("etsuran")) == []
    # The page echoes the query: ask for the words inside the brackets, look for the whole mark.
    html = client.get(reverse("search:results"), {"q": mark[1:-1]}).content.decode()
    assert "0件見つかりました" in html
    assert mark not in html


def test_a_return_comment_is_never_indexed_for_anyone(db, planted):
    assert not SearchEntry.objects.filter(body__contains=RETURN_MARK).exists()
    for name in ("kikaku", "kogyo"):
        assert found(RETURN_MARK, user(name)) == []


def test_a_section_editor_finds_their_own_draft_but_not_another_sections(db, planted):
    kogyo = user("kogyo")
    assert found(DRAFT_MARK, kogyo) == [("sheet", 2022, "生産性向上推進事業")]
    assert found(OTHER_DRAFT_MARK, kogyo) == []
    assert found(OTHER_DRAFT_MARK, user("shogyo")) == [("sheet", 2022, "商業力強化事業")]


def test_the_planning_division_finds_every_draft_and_the_year_in_progress(db, planted):
    kikaku = user("kikaku")
    assert found(DRAFT_MARK, kikaku) == [("sheet", 2022, "生産性向上推進事業")]
    assert found(OTHER_DRAFT_MARK, kikaku) == [("sheet", 2022, "商業力強化事業")]
    assert found(UNPUBLISHED_MARK, kikaku) == [("opinion", 2022, "施策全体 ①"),
                                               ("response", 2022, "施策全体 ①")]
    assert found("dx", kikaku, fiscal_year=2022) == [("sheet", 2022, "生産性向上推進事業")]


def test_a_council_member_does_not_see_a_year_still_in_preparation(db, planted):
    iin = user("iin")
    for mark in ALL_MARKS:
        assert found(mark, iin) == []


# --- the index follows writes -----------------------------------------------------------------

def test_an_edit_through_the_sheets_service_changes_the_results(db, planted):
    from shisaku.sheets.editing import save_sheet

    kogyo = user("kogyo")
    save_sheet(planted, kogyo, {"goal": "ｽﾏｰﾄ工場の普及"}, planted.version)
    assert found(DRAFT_MARK, kogyo) == []
    assert found("スマート工場", kogyo) == [("sheet", 2022, "生産性向上推進事業")]


def test_publishing_a_year_makes_its_records_public(db, planted):
    from shisaku.sheets.cycle import record_past_publication

    assert found(DRAFT_MARK) == []
    record_past_publication(Cycle.objects.get(fiscal_year=2022), user("kikaku"),
                            published_on=datetime.date(2023, 8, 31), source="テスト")
    assert found(DRAFT_MARK) == [("sheet", 2022, "生産性向上推進事業")]
    assert found(UNPUBLISHED_MARK) == [("opinion", 2022, "施策全体 ①"),
                                       ("response", 2022, "施策全体 ①")]
    assert found(RETURN_MARK) == []


def test_a_correction_draft_stays_internal_until_published(db):
    from shisaku.sheets.corrections import start_correction
    from shisaku.sheets.editing import save_sheet

    kikaku = user("kikaku")
    published = Sheet.objects.get(cycle__fiscal_year=2021, project__name="生産性向上推進事業")
    draft = start_correction(published, kikaku, reason="誤記の訂正")
    save_sheet(draft, kikaku, {"goal": DRAFT_MARK}, draft.version)
    assert found(DRAFT_MARK) == []
    assert found(DRAFT_MARK, kikaku) == [("sheet", 2021, "生産性向上推進事業")]
    assert found("dx", kind="sheet") == []  # the published revision is still what is public
    assert ("opinion", 2021, "生産性向上推進事業 ①") in found("dx")


def test_new_indicators_and_statistics_are_found_at_once(db):
    from shisaku.sheets.models import Indicator
    from shisaku.stats.models import Dataset

    project = sheet_2022("生産性向上推進事業").project
    Indicator.objects.create(project=project, name="ＩｏＴ導入支援件数", unit="件")
    assert found("iot導入支援") == []  # the FY2021 snapshot did not have it
    assert found("iot導入支援", user("kogyo")) == [("indicator", 2022, "ＩｏＴ導入支援件数")]
    dataset = Dataset.objects.order_by("pk").first()
    dataset.caveat = "ﾃｽﾄ用の注記"
    dataset.save()
    assert found("テスト用") == [("dataset", None, dataset.title)]


def test_the_rebuild_command_gives_the_same_index(db, planted):
    def rows():
        return sorted(SearchEntry.objects.values_list(
            "kind", "key", "fiscal_year", "articles", "public", "title", "norm_title",
            "norm_body", "url_name", "url_args", "sheet_id", "project_id", "section_id"))

    before = rows()
    SearchEntry.objects.all().delete()
    assert found("ものづくり") == []
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert rows() == before
    assert len(found("ものづくり")) == 9


# --- the page ---------------------------------------------------------------------------------

def test_the_results_page_echoes_the_query_and_marks_the_hits(db, client):
    response = client.get(reverse("search:results"), {"q": "ＤＸ"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="ＤＸ"' in html
    assert "4件見つかりました" in html
    assert "<mark>DX</mark>" in html


def test_the_results_link_to_the_public_pages_when_they_exist(db, client):
    project = Sheet.objects.get(cycle__fiscal_year=2021, project__name="生産性向上推進事業").project
    html = client.get(reverse("search:results"), {"q": "dx"}).content.decode()
    try:
        assert f'href="{reverse("portal:project", args=[project.pk])}"' in html
    except NoReverseMatch:  # the portal's pages are merged separately
        assert "<h2>生産性向上推進事業 ①</h2>" in html


def test_text_around_the_marks_is_escaped(db, client):
    from shisaku.stats.models import Dataset

    dataset = Dataset.objects.order_by("pk").first()
    dataset.caveat = "<script>alert(1)</script>ＤＸの注意"
    dataset.save()
    html = client.get(reverse("search:results"), {"q": "dx", "kind": "dataset"}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>ＤＸ</mark>の注意" in html
    assert "<script>alert" not in html


def test_filters_narrow_the_page_and_bad_values_find_nothing(db, client):
    html = client.get(reverse("search:results"),
                      {"q": "商業", "fy": "2021", "article": "16", "kind": "sheet"}).content.decode()
    assert "4件見つかりました" in html
    response = client.get(reverse("search:results"), {"q": "商業", "fy": "1999"})
    assert response.status_code == 200
    assert "見つかりました" not in response.content.decode()


def test_a_signed_in_section_editor_sees_their_draft_marked_unpublished(db, client, planted):
    client.force_login(user("kogyo"))
    html = client.get(reverse("search:results"), {"q": DRAFT_MARK}).content.decode()
    assert "1件見つかりました" in html and "公表前" in html
    assert reverse("sheets:detail", args=[planted.pk]) in html


def test_results_are_paged_with_queries_flat_in_rows(db, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(reverse("search:results"), {"q": "の", "page": "2"})
    html = response.content.decode()
    assert "2 / " in html and 'rel="prev"' in html
    assert html.count("<li>") >= 20


def test_the_page_opens_in_english_too(db, client):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("search:results"), {"q": "ものづくり", "fy": "2021"})
    assert response.status_code == 200
    assert "<mark>ものづくり</mark>" in response.content.decode()


@pytest.mark.parametrize("typed", ['"', '"""', "'; DROP TABLE x; --", "NEAR(もの づくり)", "もの*",
                                   "^ものづくり", "%_\\", "norm_body:ものづくり", "AND OR NOT",
                                   "(((", "🏭工場", "ａ" * 300, "a b c d e f g h i j k"])
def test_any_typed_text_is_searched_as_text(db, client, typed):
    query.search(typed, user("kikaku"))
    assert client.get(reverse("search:results"), {"q": typed}).status_code == 200


def test_a_project_s_articles_follow_at_once(db):
    from shisaku.ordinance.models import Article

    project = Sheet.objects.get(cycle__fiscal_year=2021, project__name="生産性向上推進事業").project
    assert titles("dx", kind="opinion", article=18) == []
    project.articles.add(Article.objects.measures().get(number=18))
    assert titles("dx", kind="opinion", article=18) == ["生産性向上推進事業 ①"]
    assert titles("生産性向上", kind="sheet", article=18) == ["生産性向上推進事業"]


def test_a_bulk_load_can_index_once_at_the_end(db, planted):
    from shisaku.search import index
    from shisaku.sheets.editing import save_sheet

    kogyo = user("kogyo")
    with index.deferred():
        save_sheet(planted, kogyo, {"goal": "ﾛﾎﾞｯﾄ導入"}, planted.version)
        assert found("ロボット導入", kogyo) == []  # not yet
    assert found("ロボット導入", kogyo) == [("sheet", 2022, "生産性向上推進事業")]
    assert found(DRAFT_MARK, kogyo) == []


def test_migrate_fills_an_empty_index_over_existing_records(db):
    from django.apps import apps
    from django.db.models.signals import post_migrate

    SearchEntry.objects.all().delete()
    post_migrate.send(sender=apps.get_app_config("search"), app_config=apps.get_app_config("search"),
                      verbosity=0, interactive=False, using="default", apps=apps, plan=[])
    assert found("ＤＸ") == DX


def test_the_page_only_reads(db, client):
    assert client.post(reverse("search:results"), {"q": "DX"}).status_code == 405


def test_a_visitor_s_repeated_search_is_served_from_the_cache_until_a_publication(
        db, client, django_assert_max_num_queries):
    from shisaku.sheets.cycle import record_past_publication

    url = reverse("search:results") + "?q=" + "ＤＸ"
    first = client.get(url).content.decode()
    with django_assert_max_num_queries(3):  # the generation tokens only
        assert client.get(url).content.decode() == first
    record_past_publication(Cycle.objects.get(fiscal_year=2022), user("kikaku"),
                            published_on=datetime.date(2023, 8, 31), source="テスト")
    assert client.get(url).content.decode() != first  # the 2022 opinions now count


def test_a_signed_in_user_never_gets_a_visitor_s_cached_page(db, client, planted):
    url = reverse("search:results") + "?q=" + DRAFT_MARK
    for _ in range(2):  # the second is the cached page
        assert "公表前" not in client.get(url).content.decode()
    client.force_login(user("kogyo"))
    html = client.get(url).content.decode()
    assert "生産性向上推進事業" in html and "公表前" in html
