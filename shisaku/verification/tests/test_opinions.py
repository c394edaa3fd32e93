"""Numbered opinions and the one response each gets."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shisaku.core.testing import make_article, make_project
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.tests.factories import make_sheet
from shisaku.verification import services
from shisaku.verification.models import Opinion, Response

from .factories import seat

pytestmark = pytest.mark.django_db


def add(sheet, user, text="意見"):
    return services.add_opinion(sheet.cycle, user, text=text, sheet=sheet)


def test_opinions_are_numbered_within_their_sheet(cycle, sheet, council_user, other_section):
    other = make_sheet(make_project("生産性向上推進事業", section=other_section), cycle=cycle,
                       complete=True, verified=True, state=Sheet.State.SUBMITTED)
    assert [add(sheet, council_user).label for _ in range(3)] == ["①", "②", "③"]
    assert add(other, council_user).label == "①"


def test_deleting_an_opinion_closes_the_gap(cycle, sheet, council_user):
    first, second, third = (add(sheet, council_user, t) for t in ("一", "二", "三"))
    services.delete_opinion(second, council_user)
    assert list(Opinion.objects.filter(sheet=sheet).values_list("number", "text")) == [
        (1, "一"), (2, "三")]
    assert add(sheet, council_user, "四").number == 3


def test_group_article_and_cycle_opinions_number_on_their_own(cycle, sheet, council_user):
    article = make_article(14, "研究及び開発の支援")
    g1 = services.add_opinion(cycle, council_user, text="g", scope="group", group="工業振興関連事業")
    a1 = services.add_opinion(cycle, council_user, text="a", scope="article", article=article)
    c1 = services.add_opinion(cycle, council_user, text="c", scope="cycle")
    c2 = services.add_opinion(cycle, council_user, text="c2", scope="cycle")
    assert (g1.number, a1.number, c1.number, c2.number) == (1, 1, 1, 2)


def test_an_opinion_on_a_non_verified_project_is_refused(cycle, council_user, section):
    other = make_sheet(make_project("建設業振興事業", section=section), cycle=cycle)
    with pytest.raises(ValidationError, match="検証対象ではない"):
        add(other, council_user)
    with pytest.raises(ValidationError, match="検証対象の関連事業ではありません"):
        services.add_opinion(cycle, council_user, text="x", scope="group", group="架空関連事業")
    assert not Opinion.objects.exists()


def test_a_member_outside_their_term_cannot_write(cycle, sheet, users, committees):
    seat(users["council_member"], committees[1], start=date(2018, 4, 1), end=date(2020, 3, 31))
    with pytest.raises(PermissionDenied):
        add(sheet, users["council_member"])


def test_a_council_login_without_a_seat_cannot_write(cycle, sheet, users):
    with pytest.raises(PermissionDenied):
        add(sheet, users["council_member"])


@pytest.mark.parametrize("status", ["preparing", "entering", "settled", "published"])
def test_opinions_are_written_only_while_verifying(cycle, sheet, council_user, status):
    Cycle.objects.filter(pk=cycle.pk).update(status=status)
    sheet.cycle.refresh_from_db()
    # A published year says so (it is final); the others say when opinions are written.
    with pytest.raises(ValidationError, match="公表済" if status == "published" else "検証中"):
        add(sheet, council_user)


def test_each_opinion_gets_exactly_one_response(cycle, sheet, council_user, users):
    opinion = add(sheet, council_user)
    response = services.respond(opinion, users["section_editor"], text="来年度から反映します",
                                classification="planned", effective_fy=2022)
    assert response.label == opinion.label and response.section == sheet.project.section
    with pytest.raises(ValidationError, match="既に対応が登録されています"):
        services.respond(opinion, users["planning_admin"], text="二つ目", classification="planned")
    assert Response.objects.count() == 1


def test_a_response_by_the_wrong_section_is_refused(cycle, sheet, council_user, users,
                                                    other_section):
    from shisaku.accounts.models import Role
    from shisaku.core.testing import make_user

    opinion = add(sheet, council_user)
    shogyo = make_user("shogyo", Role.SECTION_EDITOR, [other_section])
    with pytest.raises(PermissionDenied):
        services.respond(opinion, shogyo, text="x", classification="planned")
    with pytest.raises(ValidationError, match="所管課「工業振興課」が記入します"):
        services.respond(opinion, users["planning_admin"], text="x", classification="planned",
                         section=other_section)
    assert not Response.objects.exists()


def test_section_answers_a_group_opinion_of_its_group(cycle, sheet, council_user, users):
    opinion = services.add_opinion(cycle, council_user, text="g", scope="group",
                                   group="工業振興関連事業")
    response = services.respond(opinion, users["section_editor"], text="連携します",
                                classification="consider")
    assert response.number == 1


def test_response_links_to_next_year_plan_items(client, cycle, sheet, council_user, users):
    from django.urls import reverse

    opinion = add(sheet, council_user)
    client.force_login(users["section_editor"])
    response = client.post(reverse("verification:respond", args=[opinion.pk]), {
        "text": "計画に反映", "classification": "planned", "effective_fy": "令和4年度",
        "plan_items": ["支援を続ける"]})
    assert response.status_code == 302
    saved = Response.objects.get(opinion=opinion)
    assert saved.plan_items == ["支援を続ける"] and saved.effective_fy == 2022
