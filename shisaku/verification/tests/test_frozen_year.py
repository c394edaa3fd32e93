"""Observation 3 of issue #10 (verification half): a published year is frozen everywhere.

After a cycle is 公表済, its opinions, responses, follow-ups recorded into it, meetings and
main opinions refuse every write — through the services and through the screens — with a
message in Japanese, the user's text kept, and the database exactly as it was.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shisaku.core.testing import make_article
from shisaku.sheets.models import Cycle
from shisaku.sheets.tests.factories import make_cycle
from shisaku.verification import council, services
from shisaku.verification.models import ArticleMainOpinion, FollowUp, Meeting, Opinion, Response

pytestmark = pytest.mark.django_db

FROZEN = "公表済の年度は変更できません"


@pytest.fixture
def year(cycle, sheet, council_user, users, committees):
    """A verified year with one of everything, then published."""
    article = make_article(14, "研究及び開発の支援")
    opinion = services.add_opinion(cycle, council_user, text="公表された意見", sheet=sheet)
    second = services.add_opinion(cycle, council_user, text="二つ目の意見", sheet=sheet)
    answer = services.respond(opinion, users["section_editor"], text="公表された対応",
                              classification="planned")
    meeting = council.save_meeting(cycle, users["planning_admin"], committee=committees[1],
                                    kind="hearing", title="公表された会議")
    main = council.save_main_opinion(cycle, users["planning_admin"], article=article,
                                      text="公表された主な意見")
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.PUBLISHED)
    cycle.refresh_from_db()
    return {"cycle": cycle, "opinion": opinion, "second": second, "response": answer,
            "meeting": meeting, "main": main, "article": article}


def snapshot():
    return {
        "opinions": list(Opinion.objects.order_by("pk").values_list("pk", "number", "text",
                                                                     "version")),
        "responses": list(Response.objects.order_by("pk").values_list("pk", "text", "version")),
        "follow_ups": list(FollowUp.objects.order_by("pk").values_list("pk", "status", "note")),
        "meetings": list(Meeting.objects.order_by("pk").values_list("pk", "title", "summary",
                                                                    "version")),
        "mains": list(ArticleMainOpinion.objects.order_by("pk").values_list("pk", "text",
                                                                           "version")),
    }


def test_every_service_refuses_a_write_into_a_published_year(year, users, sheet,
                                                             council_user, committees):
    admin, editor = users["planning_admin"], users["section_editor"]
    cycle, opinion, answer = year["cycle"], year["opinion"], year["response"]
    before = snapshot()
    writes = [
        lambda: services.add_opinion(cycle, admin, text="新しい意見", sheet=sheet),
        lambda: services.change_opinion(opinion, admin, text="書き換え",
                                        expected_version=opinion.version),
        lambda: services.delete_opinion(year["second"], admin),
        lambda: services.respond(year["second"], editor, text="新しい対応",
                                 classification="planned"),
        lambda: services.change_response(answer, editor, text="書き換え",
                                         classification="planned",
                                         expected_version=answer.version),
        lambda: services.record_follow_up(answer, editor, cycle=cycle, status="done"),
        lambda: council.save_meeting(cycle, admin, committee=committees[1], kind="council",
                                      title="新しい会議"),
        lambda: council.save_meeting(cycle, admin, year["meeting"], summary="書き換え",
                                      expected_version=year["meeting"].version),
        lambda: council.delete_meeting(year["meeting"], admin),
        lambda: council.save_main_opinion(cycle, admin, article=year["article"],
                                           text="新しい主な意見"),
        lambda: council.save_main_opinion(cycle, admin, year["main"], article=year["article"],
                                           text="書き換え",
                                           expected_version=year["main"].version),
        lambda: council.delete_main_opinion(year["main"], admin),
    ]
    for write in writes:
        with pytest.raises(ValidationError, match=FROZEN):
            write()
    assert snapshot() == before


def test_a_follow_up_recorded_into_a_published_year_is_refused(cycle, sheet, council_user,
                                                               users):
    opinion = services.add_opinion(cycle, council_user, text="意見", sheet=sheet)
    answer = services.respond(opinion, users["section_editor"], text="対応",
                              classification="planned")
    next_cycle = make_cycle(2022, status=Cycle.Status.ENTERING)
    follow = services.record_follow_up(answer, users["section_editor"], cycle=next_cycle,
                                       status="partial", note="一部実施")
    Cycle.objects.filter(pk=next_cycle.pk).update(status=Cycle.Status.PUBLISHED)
    next_cycle.refresh_from_db()
    with pytest.raises(ValidationError, match=FROZEN):
        services.record_follow_up(answer, users["planning_admin"], cycle=next_cycle,
                                  status="done", expected_version=follow.version)
    # Nor can it be moved to a later open year: the published record keeps it.
    later = make_cycle(2023, status=Cycle.Status.ENTERING)
    with pytest.raises(ValidationError, match=FROZEN):
        services.record_follow_up(answer, users["planning_admin"], cycle=later, status="done",
                                  expected_version=follow.version)
    follow.refresh_from_db()
    assert (follow.status, follow.note, follow.cycle_id) == ("partial", "一部実施",
                                                            next_cycle.pk)


def test_the_screens_say_why_and_keep_the_text(client, year, users, committees):
    before = snapshot()
    client.force_login(users["planning_admin"])
    meeting = year["meeting"]
    response = client.post(reverse("verification:meeting_edit", args=[2021, meeting.pk]), {
        "committee": committees[1].pk, "kind": "hearing", "title": "公表された会議",
        "summary": "公表後に書いた概要", "version": meeting.version})
    page = response.content.decode()
    assert response.status_code == 200
    assert FROZEN in page and "公表後に書いた概要" in page

    response = client.post(reverse("verification:main_opinions", args=[2021]), {
        "article": year["article"].pk, "order": 1, "text": "公表後の主な意見"})
    page = response.content.decode()
    assert response.status_code == 200
    assert FROZEN in page and "公表後の主な意見" in page

    response = client.post(reverse("verification:opinion_edit", args=[year["opinion"].pk]),
                           {"text": "公表後に直した意見", "version": year["opinion"].version})
    page = response.content.decode()
    assert response.status_code == 200
    assert FROZEN in page and "公表後に直した意見" in page

    client.force_login(users["section_editor"])
    response = client.post(reverse("verification:respond", args=[year["opinion"].pk]), {
        "text": "公表後に直した対応", "classification": "planned",
        "version": year["response"].version})
    page = response.content.decode()
    assert response.status_code == 200
    assert FROZEN in page and "公表後に直した対応" in page
    assert snapshot() == before


def test_published_pages_offer_no_edit_links(client, year, users):
    client.force_login(users["planning_admin"])
    page = client.get(reverse("verification:meetings", args=[2021])).content.decode()
    assert reverse("verification:meeting_edit", args=[2021, year["meeting"].pk]) not in page
    assert reverse("verification:meeting_create", args=[2021]) not in page
    page = client.get(reverse("verification:main_opinions", args=[2021])).content.decode()
    assert reverse("verification:main_opinion_edit", args=[2021, year["main"].pk]) not in page
    assert "主な検証意見を追加" not in page
