import hashlib
import re
from datetime import date
from pathlib import Path

import pytest

from shisaku.accounts import access
from shisaku.accounts.models import User
from shisaku.core.tests.fixtures import module_data
from shisaku.demo import verification_data as vd
from shisaku.demo.loader import create_demo_users, load_demo
from shisaku.demo.sheets_loader import load_demo_sheets
from shisaku.demo.verification_loader import (
    FY2022_MODELS,
    VERIFICATION_MODELS,
    load_demo_verification,
)
from shisaku.sheets.models import Cycle
from shisaku.verification import services
from shisaku.verification.models import (
    ArticleMainOpinion,
    Committee,
    FollowUp,
    Meeting,
    Member,
    Membership,
    Opinion,
    Response,
)

# Opinions (Check) per sheet / group / article in seed 002's FY2021 report, counted by hand.
EXPECTED_OPINIONS = {
    ("sheet", "起業化総合支援事業"): 4,
    ("sheet", "ウェルフェアイノベーション推進事業"): 3,
    ("sheet", "知的財産戦略の推進"): 2,
    ("group", "新川崎・創造のもり推進事業"): 4,
    ("group", "工業振興関連事業"): 6,
    ("sheet", "生産性向上推進事業"): 5,
    ("group", "商業振興関連事業"): 7,
    ("sheet", "まちづくり連動事業"): 1,
    ("sheet", "観光振興事業・産業観光推進事業"): 4,
    ("article", 19): 3,
}
# Paragraphs per article in seed 002's table 条文ごとの主な検証意見.
EXPECTED_MAIN_OPINIONS = {12: 3, 13: 2, 14: 4, 15: 2, 16: 5, 17: 2, 18: 2, 19: 3}

# The real people printed in the seeds' rosters (002: 令和4年8月現在; 001: 2018), kept only as
# hashes so that their names are not written into the project: the first 16 hex digits of
# the SHA-256 of the full name without spaces, and of the family name.
REAL_FULL_NAMES = {
    "0a11e6a11a523fa9", "2574a152c5a0fb6f", "2692f53c68d3ab90", "27b445004e9a4805",
    "29862298bd899ddf", "2d9769c75a3173f2", "374b9a05e2a137cd", "4902da57106ec77d",
    "5dae3a95b0ddf543", "5fcc8a45bf80a0ea", "657c41666952370e", "6b1939610c445bca",
    "6ef75639e139d58e", "724e541a9a3e04ed", "725a999311f36712", "7a42bda49ad3a680",
    "7b29011608376fe9", "850d49697746ec6a", "8d2e4460f6a97325", "8dd4d8dd7e5e5b52",
    "a3530d874ae229cc", "a57fa201ee1d31b3", "ac93d7d9d3cca2e4",
}
REAL_FAMILY_NAMES = {
    "02ac8a4bdf3a648d", "09fc22835a0741b4", "16780423c037228c", "292838ae5062c054",
    "304efbdc4369c5de", "3065aa2a6c0a4ecd", "37585d0da5730cdd", "3d1f5adfca6440ab",
    "5d291497950648e8", "6ab0ba62e6c3ceaa", "6ad09f7b637a620d", "7016090059bdfab9",
    "7dcf4e07e2f2edf6", "933d95e09d6e0fc0", "c13353b43f29859b", "c2bdea7a13d5bbdf",
    "c38b41724c8cb502", "c6825a8fd8473e00", "d6fd46530dde4a0e", "e446a2cc7a217248",
    "ec7c4bf1159109a0", "f4fe48073a85c1a6",
}
REAL_NAME_LENGTHS = range(2, 6)

AS_OF = date(2022, 8, 1)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _real_names_in(text: str) -> list[str]:
    """Every stretch of `text` (spaces removed) that is a real person's full name."""
    text = re.sub(r"\s+", "", text)
    return [
        text[i:i + n] for n in REAL_NAME_LENGTHS for i in range(len(text) - n + 1)
        if _hash(text[i:i + n]) in REAL_FULL_NAMES
    ]


def _load_verified_demo() -> dict[str, int]:
    load_demo()
    load_demo_sheets()
    create_demo_users()
    return load_demo_verification()


# Loaded once for the module, rolled back after it; each test writes in its own savepoint.
verified_demo = module_data(_load_verified_demo)


@pytest.fixture
def loaded(verified_demo, db):
    """What the first load of the verification data counted, per model."""
    return verified_demo


def _snapshot() -> dict[str, list[dict]]:
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in VERIFICATION_MODELS + FY2022_MODELS
    }


def _opinions(scope: str, target):
    opinions = Opinion.objects.filter(cycle__fiscal_year=2021, scope=scope)
    if scope == "sheet":
        return opinions.filter(sheet__project__name=target)
    if scope == "group":
        return opinions.filter(group=target)
    return opinions.filter(article__number=target)


def test_the_data_has_the_seeds_counts_of_opinions_and_main_opinions():
    counts = {(e["scope"], e["target"]): len(e["items"]) for e in vd.OPINIONS}
    assert counts == EXPECTED_OPINIONS
    assert {a: len(lines) for a, lines in vd.MAIN_OPINIONS.items()} == EXPECTED_MAIN_OPINIONS


def test_no_real_name_from_the_seeds_is_written_in_the_demo_data_module():
    source = Path(vd.__file__).read_text(encoding="utf-8")
    assert _real_names_in(source) == []
    for name, _category, _affiliation in vd.MEMBERS:
        assert _hash(name.replace(" ", "")) not in REAL_FULL_NAMES
        assert _hash(name.split(" ")[0]) not in REAL_FAMILY_NAMES


@pytest.mark.django_db
def test_loading_the_verification_data_twice_creates_and_changes_nothing(loaded):
    assert loaded["verification.Opinion"] == sum(EXPECTED_OPINIONS.values())
    assert loaded["verification.Response"] == sum(EXPECTED_OPINIONS.values())
    assert loaded["verification.ArticleMainOpinion"] == sum(EXPECTED_MAIN_OPINIONS.values())
    assert loaded["sheets.Cycle"] == 1
    before = _snapshot()
    again = load_demo_verification()
    assert sum(again.values()) == 0
    assert _snapshot() == before


@pytest.mark.django_db
def test_the_opinions_are_numbered_one_to_n_per_target_each_with_its_response(loaded):
    for (scope, target), expected in EXPECTED_OPINIONS.items():
        opinions = list(_opinions(scope, target).order_by("number"))
        assert [o.number for o in opinions] == list(range(1, expected + 1)), (scope, target)
        responses = Response.objects.filter(opinion__in=opinions)
        assert sorted(r.number for r in responses) == list(range(1, expected + 1))
        for opinion in opinions:
            services._check_target(opinion)  # a verified sheet / group, as the app requires
    assert Opinion.objects.count() == sum(EXPECTED_OPINIONS.values())
    assert not Opinion.objects.filter(response__isnull=True).exists()


@pytest.mark.django_db
def test_group_opinions_are_on_the_group_and_not_on_its_sheets(loaded):
    assert _opinions("group", "工業振興関連事業").count() == 6
    assert not _opinions("sheet", "内陸部操業環境保全対策事業").exists()
    assert not _opinions("sheet", "地域連携事業").exists()
    assert not _opinions("sheet", "新川崎・創造のもり推進事業").exists()
    assert not _opinions("sheet", "雇用労働対策・就業支援事業").exists()


@pytest.mark.django_db
def test_a_response_shared_by_several_opinions_is_repeated_for_each(loaded):
    texts = [o.response.text for o in _opinions("sheet", "生産性向上推進事業").order_by("number")]
    assert texts[0] == texts[1] == texts[2] != texts[3]


@pytest.mark.django_db
def test_the_rosters_as_of_august_2022_have_the_seeds_members_and_chairs(loaded):
    council = Committee.objects.get(name="川崎市産業振興協議会")
    sub = Committee.objects.get(name="中小企業活性化専門部会")
    assert (council.kind, council.capacity, sub.kind, sub.parent) == (
        "council", 20, "subcommittee", council)

    council_roster = list(council.roster(AS_OF))
    assert len(council_roster) == 16
    assert [m.order for m in council_roster] == list(range(1, 17))
    assert [m.member.category for m in council_roster].count("academic") == 3
    assert council_roster[0].role == Membership.Role.CHAIR
    assert council_roster[0].member.affiliation == "専修大学商学部教授"
    assert [m.role for m in council_roster].count(Membership.Role.CHAIR) == 1

    sub_roster = list(sub.roster(AS_OF))
    assert len(sub_roster) == 8
    assert [m.member.category for m in sub_roster].count("academic") == 1
    assert sub_roster[0].role == Membership.Role.SUBCOMMITTEE_CHAIR
    assert [m.role for m in sub_roster].count(Membership.Role.SUBCOMMITTEE_CHAIR) == 1
    # Five people sit on both, as one member each.
    assert Member.objects.count() == 19
    assert not Membership.objects.exclude(term_start=None, term_end=None).exists()


@pytest.mark.django_db
def test_no_real_name_from_the_seeds_appears_in_the_loaded_demo(loaded):
    for member in Member.objects.all():
        assert _hash(member.name.replace(" ", "")) not in REAL_FULL_NAMES
        assert _hash(member.name.split(" ")[0]) not in REAL_FAMILY_NAMES
    texts = [m.name + m.affiliation for m in Member.objects.all()]
    texts += list(Opinion.objects.values_list("text", flat=True))
    texts += list(Response.objects.values_list("text", flat=True))
    texts += list(ArticleMainOpinion.objects.values_list("text", flat=True))
    texts += list(FollowUp.objects.values_list("note", flat=True))
    texts += [m.title + m.summary for m in Meeting.objects.all()]
    assert [name for text in texts for name in _real_names_in(text)] == []


@pytest.mark.django_db
def test_the_main_opinions_per_article_match_the_seed_table(loaded):
    counts = {
        number: ArticleMainOpinion.objects.filter(cycle__fiscal_year=2021,
                                                  article__number=number).count()
        for number in EXPECTED_MAIN_OPINIONS
    }
    assert counts == EXPECTED_MAIN_OPINIONS
    linked = ArticleMainOpinion.objects.exclude(opinion=None).select_related("opinion")
    assert all(line.opinion.cycle.fiscal_year == 2021 for line in linked)


@pytest.mark.django_db
def test_about_a_third_of_the_responses_are_followed_up_in_fy2022(loaded):
    follow_ups = FollowUp.objects.select_related("cycle", "response__opinion__cycle")
    assert follow_ups.count() == len(vd.FOLLOW_UPS)
    assert 0.25 <= follow_ups.count() / Response.objects.count() <= 0.4
    assert {f.cycle.fiscal_year for f in follow_ups} == {2022}
    assert {f.response.opinion.cycle.fiscal_year for f in follow_ups} == {2021}
    assert {f.status for f in follow_ups} == {"done", "partial", "not_done"}
    assert all(f.author.username == "kikaku" for f in follow_ups)


@pytest.mark.django_db
def test_the_meetings_are_undated_fy2021_stays_open_for_opinions_and_fy2022_for_entry(loaded):
    assert Meeting.objects.filter(cycle__fiscal_year=2021).count() == len(vd.MEETINGS)
    assert not Meeting.objects.exclude(held_on=None).exists()
    assert Cycle.objects.get(fiscal_year=2021).status == Cycle.Status.VERIFYING
    assert Cycle.objects.get(fiscal_year=2022).status == Cycle.Status.ENTERING


@pytest.mark.django_db
def test_the_demo_council_member_is_linked_and_can_write_the_next_opinion(loaded):
    user = User.objects.get(username="iin")
    assert user.member.name == vd.LINKED_MEMBER
    assert access.active_member(user) == user.member
    cycle = Cycle.objects.get(fiscal_year=2021)
    sheet = _opinions("sheet", "起業化総合支援事業").first().sheet
    opinion = services.add_opinion(cycle, user, text="デモの意見", sheet=sheet)
    assert opinion.number == 5


