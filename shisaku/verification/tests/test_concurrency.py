"""Observation 5 of issue #10: records without a version lost updates.

Each editable record of verification carries a version; a save made from a form opened at
an older version is refused with the user's text kept and the name of who saved first.
One response per opinion holds when two people write the first response together.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models.signals import post_save
from django.urls import reverse

from shisaku.core.concurrency import EditConflict
from shisaku.core.testing import make_article
from shisaku.sheets.models import Cycle
from shisaku.sheets.tests.factories import make_cycle
from shisaku.verification import council, services
from shisaku.verification.models import ArticleMainOpinion, FollowUp, Meeting, Opinion, Response

from .threads import needs_row_locks, outcome, run_together

pytestmark = pytest.mark.django_db

CLIENTS = 16
MEASURED: dict[str, dict] = {}  # outcome of each 16-client run, printed with -s


@pytest.fixture
def opinion(cycle, sheet, council_user):
    return services.add_opinion(cycle, council_user, text="後継者の育成を", sheet=sheet)


@pytest.fixture
def meeting(cycle, committees, users):
    return council.save_meeting(cycle, users["planning_admin"], committee=committees[1],
                                 kind="hearing", title="所管課ヒアリング", agenda="議題")


# --- one stale save, through the screens ---------------------------------------------------

def test_a_stale_opinion_save_is_refused_and_keeps_the_text(client, users, opinion,
                                                            council_user):
    opened = opinion.version
    services.change_opinion(opinion, users["planning_admin"], text="企画課が直した意見",
                            expected_version=opened)
    client.force_login(council_user)
    response = client.post(reverse("verification:opinion_edit", args=[opinion.pk]),
                           {"text": "委員が書いた意見", "version": opened})
    page = response.content.decode()
    assert response.status_code == 200
    assert "kikaku さんが" in page and "先に保存しました" in page
    assert "委員が書いた意見" in page  # the loser's text is still in the form
    assert "企画課が直した意見" in page  # and theirs is shown beside it
    opinion.refresh_from_db()
    assert opinion.text == "企画課が直した意見"
    # The re-shown form carries the new version: saving again after merging succeeds.
    response = client.post(reverse("verification:opinion_edit", args=[opinion.pk]),
                           {"text": "統合した意見", "version": opinion.version})
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.text == "統合した意見"


def test_an_edit_without_the_opened_version_is_refused(client, opinion, council_user):
    client.force_login(council_user)
    response = client.post(reverse("verification:opinion_edit", args=[opinion.pk]),
                           {"text": "版のない保存"})
    assert response.status_code == 200
    assert "開き直して" in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.text == "後継者の育成を"


def test_a_stale_response_save_is_refused_and_keeps_the_text(client, users, opinion):
    answer = services.respond(opinion, users["section_editor"], text="研修を増やす",
                              classification="planned")
    opened = answer.version
    services.change_response(answer, users["planning_admin"], text="企画課の対応",
                             classification="planned", expected_version=opened)
    client.force_login(users["section_editor"])
    response = client.post(reverse("verification:respond", args=[opinion.pk]), {
        "text": "所管課の対応", "classification": "consider", "version": opened})
    page = response.content.decode()
    assert response.status_code == 200
    assert "先に保存しました" in page and "所管課の対応" in page and "企画課の対応" in page
    answer.refresh_from_db()
    assert (answer.text, answer.classification) == ("企画課の対応", "planned")


def test_a_first_response_written_meanwhile_refuses_the_second_and_keeps_its_text(
        client, users, opinion):
    client.force_login(users["section_editor"])
    url = reverse("verification:respond", args=[opinion.pk])
    assert client.get(url).status_code == 200  # opened while there was no response
    services.respond(opinion, users["planning_admin"], text="企画課が先に書いた対応",
                     classification="planned")
    response = client.post(url, {"text": "所管課の対応", "classification": "consider"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "既に対応が登録されています" in page
    assert "所管課の対応" in page and "企画課が先に書いた対応" in page
    assert Response.objects.filter(opinion=opinion).count() == 1
    assert Response.objects.get(opinion=opinion).text == "企画課が先に書いた対応"
    # The form now edits the stored response, as of its current version.
    stored = Response.objects.get(opinion=opinion)
    response = client.post(url, {"text": "統合した対応", "classification": "consider",
                                 "version": stored.version})
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.text == "統合した対応"


def test_the_one_to_one_constraint_turns_a_tie_into_the_same_refusal(monkeypatch, users,
                                                                     opinion):
    # Two transactions that both saw "no response yet": the database decides.
    services.respond(opinion, users["planning_admin"], text="先の対応", classification="planned")
    real_filter = Response.objects.filter

    class NoneYet:
        def exists(self):
            return False

    monkeypatch.setattr(Response.objects, "filter",
                        lambda *a, **k: NoneYet() if "opinion" in k else real_filter(*a, **k))
    with pytest.raises(ValidationError, match="既に対応が登録されています"):
        services.respond(opinion, users["section_editor"], text="後の対応",
                         classification="planned")
    monkeypatch.undo()
    assert list(Response.objects.filter(opinion=opinion).values_list("text", flat=True)) == [
        "先の対応"]


def test_a_stale_follow_up_save_is_refused(users, opinion):
    answer = services.respond(opinion, users["section_editor"], text="対応",
                              classification="planned")
    next_cycle = make_cycle(2022, status=Cycle.Status.ENTERING)
    follow = services.record_follow_up(answer, users["section_editor"], cycle=next_cycle,
                                       status="partial", note="一部")
    opened = follow.version
    services.record_follow_up(answer, users["planning_admin"], cycle=next_cycle, status="done",
                              note="企画課が確認", expected_version=opened)
    with pytest.raises(EditConflict):
        services.record_follow_up(answer, users["section_editor"], cycle=next_cycle,
                                  status="not_done", note="古い画面から", expected_version=opened)
    # A second "first" follow-up (no version) is refused too, not silently overwritten.
    with pytest.raises(EditConflict):
        services.record_follow_up(answer, users["section_editor"], cycle=next_cycle,
                                  status="not_done", note="新規のつもり")
    assert FollowUp.objects.get().note == "企画課が確認"


def test_a_stale_meeting_save_is_refused_and_keeps_the_text(client, users, cycle, meeting,
                                                           committees):
    opened = meeting.version
    council.save_meeting(cycle, users["planning_admin"], meeting, expected_version=opened,
                          summary="先に保存した概要")
    client.force_login(users["planning_admin"])
    response = client.post(reverse("verification:meeting_edit", args=[2021, meeting.pk]), {
        "committee": committees[1].pk, "kind": "hearing", "title": "所管課ヒアリング",
        "summary": "後から書いた概要", "version": opened})
    page = response.content.decode()
    assert response.status_code == 200
    assert "先に保存しました" in page and "後から書いた概要" in page and "先に保存した概要" in page
    meeting.refresh_from_db()
    assert meeting.summary == "先に保存した概要"


def test_a_stale_main_opinion_save_is_refused(client, users, cycle):
    article = make_article(14, "研究及び開発の支援")
    main = council.save_main_opinion(cycle, users["planning_admin"], article=article,
                                      text="最初の文")
    opened = main.version
    council.save_main_opinion(cycle, users["planning_admin"], main, article=article,
                               text="先に直した文", expected_version=opened)
    client.force_login(users["planning_admin"])
    response = client.post(reverse("verification:main_opinion_edit", args=[2021, main.pk]),
                           {"article": article.pk, "order": 0, "text": "後から直した文",
                            "version": opened})
    assert response.status_code == 200
    assert "後から直した文" in response.content.decode()
    main.refresh_from_db()
    assert main.text == "先に直した文"
    assert ArticleMainOpinion.objects.count() == 1


def test_an_unchanged_save_writes_nothing_and_keeps_the_version(users, opinion):
    before = opinion.version
    saved = services.change_opinion(opinion, users["planning_admin"], text=opinion.text,
                                    themes=opinion.themes, expected_version=before)
    assert saved.version == before


def test_deleting_an_opinion_renumbers_the_rest_through_save(users, cycle, sheet, council_user):
    first, second, third = (services.add_opinion(cycle, council_user, text=t, sheet=sheet)
                            for t in ("一", "二", "三"))
    saved = []

    def seen(sender, instance, update_fields=None, **kwargs):
        saved.append((instance.pk, instance.number, sorted(update_fields or [])))

    post_save.connect(seen, sender=Opinion)
    try:
        services.delete_opinion(second, council_user, expected_version=second.version)
    finally:
        post_save.disconnect(seen, sender=Opinion)
    assert saved == [(third.pk, 2, ["number"])]  # ③ → ② is seen by the audit trail
    assert list(Opinion.objects.order_by("number").values_list("text", "number")) == [
        ("一", 1), ("三", 2)]


def test_a_stale_delete_is_refused(users, opinion):
    opened = opinion.version
    services.change_opinion(opinion, users["planning_admin"], text="直した",
                            expected_version=opened)
    with pytest.raises(EditConflict):
        services.delete_opinion(opinion, users["planning_admin"], expected_version=opened)
    assert Opinion.objects.filter(pk=opinion.pk).exists()


# --- 16 clients at the same moment, real threads on PostgreSQL ------------------------------

def _race(name, work, read_back, texts):
    results = run_together(CLIENTS, work)
    counts = outcome(results)
    winners = [i for i, (kind, _) in enumerate(results) if kind == "ok"]
    MEASURED[name] = dict(counts)
    print(f"\n{name}: {CLIENTS} clients → {dict(counts)}")
    assert counts == {"ok": 1, "EditConflict": CLIENTS - 1}, results
    # Nothing silently lost: the one stored text is the one save that was told "saved".
    assert read_back() == texts[winners[0]]
    return results


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_sixteen_clients_saving_one_opinion_one_wins_and_fifteen_are_told(users, cycle, sheet,
                                                                          council_user):
    opinion = services.add_opinion(cycle, council_user, text="元の意見", sheet=sheet)
    texts = [f"委員{i}の意見" for i in range(CLIENTS)]
    _race("opinion", lambda i: services.change_opinion(
        opinion, users["planning_admin"], text=texts[i], expected_version=opinion.version),
        lambda: Opinion.objects.get(pk=opinion.pk).text, texts)
    assert Opinion.objects.get(pk=opinion.pk).version == opinion.version + 1


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_sixteen_clients_saving_one_response_one_wins_and_fifteen_are_told(users, cycle, sheet,
                                                                           council_user):
    opinion = services.add_opinion(cycle, council_user, text="意見", sheet=sheet)
    answer = services.respond(opinion, users["section_editor"], text="元の対応",
                              classification="planned")
    texts = [f"担当{i}の対応" for i in range(CLIENTS)]
    _race("response", lambda i: services.change_response(
        answer, users["section_editor"], text=texts[i], classification="planned",
        expected_version=answer.version),
        lambda: Response.objects.get(pk=answer.pk).text, texts)


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_sixteen_clients_saving_one_meeting_one_wins_and_fifteen_are_told(users, cycle,
                                                                          committees):
    meeting = council.save_meeting(cycle, users["planning_admin"], committee=committees[1],
                                    kind="hearing", title="ヒアリング")
    texts = [f"概要{i}" for i in range(CLIENTS)]
    _race("meeting", lambda i: council.save_meeting(
        cycle, users["planning_admin"], meeting, expected_version=meeting.version,
        summary=texts[i]),
        lambda: Meeting.objects.get(pk=meeting.pk).summary, texts)


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_sixteen_first_responses_to_one_opinion_make_one_row_and_fifteen_refusals(
        users, cycle, sheet, council_user):
    opinion = services.add_opinion(cycle, council_user, text="意見", sheet=sheet)
    texts = [f"最初の対応{i}" for i in range(CLIENTS)]
    results = run_together(CLIENTS, lambda i: services.respond(
        opinion, users["section_editor"], text=texts[i], classification="planned"))
    counts = outcome(results)
    MEASURED["first response"] = dict(counts)
    print(f"\nfirst response: {CLIENTS} clients → {dict(counts)}")
    assert counts == {"ok": 1, "ValidationError": CLIENTS - 1}, results
    refusals = [exc for kind, exc in results if kind == "ValidationError"]
    assert all("既に対応が登録されています" in " ".join(e.messages) for e in refusals)
    assert not any(isinstance(exc, IntegrityError) for _, exc in results)
    winner = next(value for kind, value in results if kind == "ok")
    assert list(Response.objects.filter(opinion=opinion).values_list("text", flat=True)) == [
        winner.text]
