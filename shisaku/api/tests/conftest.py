"""Planted markers for the read API's tests: what must never reach an anonymous caller."""

import pytest

DRAFT_KOGYO = "【下書きの印・工業】"
DRAFT_SHOGYO = "【下書きの印・商業】"
RETURN_MARK = "【差戻しの印】"
OPINION_MARK = "【未公表の意見の印】"
RESPONSE_MARK = "【未公表の対応の印】"
FOLLOW_UP_MARK = "【未公表のフォローアップの印】"
VALUE_MARK = "【未公表の指標の印】"
STAFF_MARK = "職員名の印"

NEVER_PUBLIC = [DRAFT_KOGYO, DRAFT_SHOGYO, RETURN_MARK, OPINION_MARK, RESPONSE_MARK,
                FOLLOW_UP_MARK, VALUE_MARK, STAFF_MARK]


@pytest.fixture(autouse=True)
def no_throttle(settings):
    """Tests call the API hundreds of times a minute from one address (see test_throttle)."""
    settings.SHISAKU_API_ANON_RATE = None


@pytest.fixture
def planted(db):
    """Markers in FY2022 drafts of two sections, in return comments (of a draft and of a
    published sheet), in the unpublished year's opinions, responses and follow-ups, in an
    unpublished indicator value and in every staff name."""
    from shisaku.accounts.models import User
    from shisaku.sheets.models import IndicatorValue, Sheet
    from shisaku.verification.models import FollowUp, Opinion, Response

    drafts = Sheet.objects.filter(cycle__fiscal_year=2022, state=Sheet.State.DRAFT)
    kogyo = drafts.filter(project__section__name="工業振興課").order_by("pk").first()
    shogyo = drafts.filter(project__section__name="商業振興課").order_by("pk").first()
    for sheet, mark in ((kogyo, DRAFT_KOGYO), (shogyo, DRAFT_SHOGYO)):
        sheet.goal = mark
        sheet.do_text = mark
        sheet.return_comment = RETURN_MARK
        sheet.save()
    published = Sheet.objects.filter(cycle__fiscal_year=2021, state=Sheet.State.PUBLISHED)
    published.update(return_comment=RETURN_MARK)
    from shisaku.ordinance.models import Article

    cycle = kogyo.cycle
    on_sheet = Opinion.objects.create(cycle=cycle, scope=Opinion.Scope.SHEET, sheet=kogyo,
                                      number=1, text=OPINION_MARK)
    on_article = Opinion.objects.create(cycle=cycle, scope=Opinion.Scope.ARTICLE, number=1,
                                        article=Article.objects.get(number=12),
                                        text=OPINION_MARK)
    for opinion in (on_sheet, on_article):
        Response.objects.create(opinion=opinion, text=RESPONSE_MARK,
                                classification=Response.Classification.PLANNED)
    FollowUp.objects.filter(cycle__fiscal_year=2022).update(note=FOLLOW_UP_MARK)
    # A live value of a FY2022 draft's indicator (the published FY2021 snapshot is frozen).
    IndicatorValue.objects.filter(fiscal_year=2022).update(comment=VALUE_MARK)
    for user in User.objects.all():
        user.first_name, user.last_name = STAFF_MARK, STAFF_MARK
        user.save(update_fields=["first_name", "last_name"])
    return {"kogyo": kogyo, "shogyo": shogyo}


@pytest.fixture
def bearer():
    """A function giving the Authorization header of a new token of the named demo user."""
    from shisaku.accounts.models import User
    from shisaku.api.tokens import create_token

    def make(username: str) -> dict:
        _token, secret = create_token(user=User.objects.get(username=username), name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    return make
