"""The main opinions per article and the follow-ups are found like the opinions they come
from: public with their year, for staff as they may read the year, kept current on writes."""

import datetime

import pytest

from shisaku.accounts.models import User
from shisaku.search import query
from shisaku.search.query import Filters
from shisaku.sheets.models import Cycle
from shisaku.verification.models import ArticleMainOpinion, FollowUp

pytestmark = pytest.mark.usefixtures("published_demo")

MARK = "【未公表の確認の印】"


def found(text, user=None, **filters):
    ids = query.search(text, user, Filters(**filters)).ids
    return [(e.kind, e.fiscal_year, e.title) for e in query.entries(ids)]


def user(name):
    return User.objects.get(username=name)


def test_a_published_year_s_main_opinion_is_found_by_anyone_under_its_article(db):
    main = ("main_opinion", 2021, "第13条 連携の促進 主な検証意見")
    source = ("opinion", 2021, "知的財産戦略の推進 ②")  # the sheet's opinion it was chosen from
    assert found("勉強会やマッチング会") == [main, source]
    assert found("勉強会やマッチング会", article=13) == [main, source]
    assert found("勉強会やマッチング会", article=12) == []
    assert found("マッチング会", kind="main_opinion", fiscal_year=2021) == [main]


def test_a_follow_up_checked_in_a_year_in_progress_is_for_those_who_read_that_year(db):
    assert FollowUp.objects.filter(cycle__fiscal_year=2022).exists()
    follow_up = [("follow_up", 2022, "新川崎・創造のもり推進事業 ①")]
    assert found("量子ネイティブ人材", kind="follow_up") == []
    assert found("量子ネイティブ人材", user("kikaku"), kind="follow_up") == follow_up
    # the council reads a year from its verification on; FY2022 is still 入力中
    assert found("量子ネイティブ人材", user("iin"), kind="follow_up") == []
    # the FY2021 response it follows is public, and found by anyone
    assert found("量子ネイティブ人材") == [("response", 2021, "新川崎・創造のもり推進事業 ①")]


def test_a_follow_up_edit_reaches_the_index_and_never_the_public(db):
    follow_up = FollowUp.objects.filter(cycle__fiscal_year=2022).order_by("pk").first()
    follow_up.note = f"{MARK}確認の記録"
    follow_up.save()
    assert found(MARK) == []
    assert [kind for kind, _fy, _title in found(MARK, user("kikaku"))] == ["follow_up"]
    follow_up.delete()
    assert found(MARK, user("kikaku")) == []


def test_publishing_the_year_of_the_check_makes_its_follow_ups_public(db):
    from shisaku.sheets.cycle import record_past_publication

    record_past_publication(Cycle.objects.get(fiscal_year=2022), user("kikaku"),
                            published_on=datetime.date(2023, 8, 31), source="テスト")
    assert found("量子ネイティブ人材", kind="follow_up") == [
        ("follow_up", 2022, "新川崎・創造のもり推進事業 ①")]
    assert found("移転先の確保", kind="follow_up") == [
        ("follow_up", 2022, "新川崎・創造のもり推進事業 ④")]


def test_a_main_opinion_written_for_a_year_in_progress_stays_internal(db):
    first = ArticleMainOpinion.objects.filter(cycle__fiscal_year=2021).first()
    main = ArticleMainOpinion.objects.create(
        cycle=Cycle.objects.get(fiscal_year=2022), article=first.article, order=1,
        text=f"{MARK}来年度の主な意見")
    assert found(MARK) == []
    assert found(MARK, user("kikaku")) == [("main_opinion", 2022, f"{first.article} 主な検証意見")]
    main.delete()
    assert found(MARK, user("kikaku")) == []


def test_the_rebuild_keeps_follow_ups_and_main_opinions(db):
    from django.core.management import call_command

    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert found("勉強会やマッチング会", kind="main_opinion") == [
        ("main_opinion", 2021, "第13条 連携の促進 主な検証意見")]
    assert len(found("量子ネイティブ人材", user("kikaku"), kind="follow_up")) == 1
