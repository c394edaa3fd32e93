"""The one write path: permission, period and state rules, versions, nothing written on a
refusal, and an audit entry naming the actor for each write."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from shisaku.consultation import services
from shisaku.consultation.models import MAX_TEXT, Consultation, Opinion, ViewClass
from shisaku.core.concurrency import EditConflict

from .conftest import answer, make_consultation

pytestmark = pytest.mark.django_db


def _rows():
    return (Consultation.objects.count(), Opinion.objects.count(),
            list(Consultation.objects.values_list("state", "version")),
            list(Opinion.objects.values_list("summary", "view", "view_class", "version")))


def test_a_period_that_ends_before_it_starts_is_refused_and_nothing_is_written(planner, program):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        services.save_consultation(None, planner, program=program, title="素案", summary="概要",
                                   opens_on=today, closes_on=today - timedelta(days=1))
    assert "締切日は開始日以降" in str(caught.value)
    assert Consultation.objects.count() == 0


WRITES = {
    "save": lambda c, o, u: services.save_consultation(c, u, title="書き換え"),
    "open": lambda c, o, u: services.open_period(c, u),
    "close": lambda c, o, u: services.close_period(c, u),
    "enter": lambda c, o, u: services.enter_opinion(
        c, u, channel="post", category="resident", text="意見", received_at=timezone.now()),
    "classify": lambda c, o, u: services.classify(o, u, chapter=None, summary="要旨"),
    "view": lambda c, o, u: services.write_view(o, u, view="考え方",
                                                view_class=ViewClass.objects.first()),
    "publish": lambda c, o, u: services.publish_result(c, u),
}


@pytest.mark.parametrize("role", ["section_editor", "council_member", "viewer", "anonymous"])
@pytest.mark.parametrize("write", list(WRITES))
def test_only_the_planning_division_writes_and_a_refusal_writes_nothing(
        users, planner, open_consultation, role, write):
    from django.contrib.auth.models import AnonymousUser

    opinion = services.receive_public_opinion(open_consultation, category="resident", text="意見")
    user = AnonymousUser() if role == "anonymous" else users[role]
    before = _rows()
    with pytest.raises(PermissionDenied):
        WRITES[write](open_consultation, opinion, user)
    assert _rows() == before


def test_the_planning_division_walks_the_whole_procedure_and_each_step_is_audited(
        planner, program):
    c = make_consultation(planner, program, state="preparing")
    assert c.state == Consultation.State.PREPARING
    c = services.open_period(c, planner)
    opinion = services.enter_opinion(c, planner, channel="fax", category="business",
                                     text="FAXの意見", received_at=timezone.now())
    c = services.close_period(c, planner)
    answer(opinion, planner)
    c = services.publish_result(c, planner)
    assert c.state == Consultation.State.PUBLISHED
    assert c.published_on == timezone.localdate()
    entries = LogEntry.objects.get_for_object(c)
    assert entries.filter(actor=planner).count() >= 4  # created, opened, closed, published
    assert LogEntry.objects.get_for_object(opinion).filter(actor=planner).count() == 3


def test_an_opinion_from_the_public_form_is_audited_as_the_public_form(open_consultation):
    opinion = services.receive_public_opinion(open_consultation, category="other", text="意見")
    entry = LogEntry.objects.get_for_object(opinion).get()
    assert entry.actor is None
    assert entry.additional_data["via"] == "public-form"


def test_a_public_opinion_outside_the_period_is_refused_with_the_period_named(planner, program):
    past = make_consultation(planner, program, days=(-10, -1))
    with pytest.raises(ValidationError) as caught:
        services.receive_public_opinion(past, category="resident", text="遅れた意見")
    assert "終了しました" in str(caught.value) and past.period_text in str(caught.value)
    future = make_consultation(planner, program, days=(2, 10))
    with pytest.raises(ValidationError, match="から始まります"):
        services.receive_public_opinion(future, category="resident", text="早い意見")
    assert Opinion.objects.count() == 0


def test_the_form_takes_nothing_once_the_period_is_closed_by_staff(planner, open_consultation):
    services.close_period(open_consultation, planner)
    with pytest.raises(ValidationError):
        services.receive_public_opinion(open_consultation, category="resident", text="意見")
    assert Opinion.objects.count() == 0


def test_a_letter_received_outside_the_period_is_refused(planner, open_consultation):
    late = timezone.now() + timedelta(days=10)
    with pytest.raises(ValidationError) as caught:
        services.enter_opinion(open_consultation, planner, channel="post", category="resident",
                               text="意見", received_at=late)
    assert "募集期間" in str(caught.value)
    assert Opinion.objects.count() == 0


@pytest.mark.parametrize("text,expected", [
    ("あ" * (MAX_TEXT + 1), f"{MAX_TEXT}文字以内"),
    ("意見\x00です", "制御文字（U+0000）"),
    ("意見\x1bです", "制御文字（U+001B）"),
    ("   ", "意見を入力してください"),
])
def test_a_public_opinion_too_long_or_with_a_control_character_is_refused(
        open_consultation, text, expected):
    with pytest.raises(ValidationError) as caught:
        services.receive_public_opinion(open_consultation, category="resident", text=text)
    assert expected in str(caught.value)
    assert Opinion.objects.count() == 0
    assert mail.outbox == []


def test_a_receipt_is_mailed_only_when_an_address_is_given(open_consultation):
    services.receive_public_opinion(open_consultation, category="resident", text="意見")
    assert mail.outbox == []
    opinion = services.receive_public_opinion(open_consultation, category="resident",
                                              text="意見", email="sender@example.jp")
    assert [m.to for m in mail.outbox] == [["sender@example.jp"]]
    assert open_consultation.title in mail.outbox[0].body
    assert f"受付番号: {opinion.number}" in mail.outbox[0].body


def test_opinions_are_numbered_in_order_of_arrival(planner, open_consultation):
    first = services.receive_public_opinion(open_consultation, category="resident", text="一")
    second = services.enter_opinion(open_consultation, planner, channel="email",
                                    category="resident", text="二", received_at=timezone.now())
    assert (first.number, second.number) == (1, 2)


def test_a_stale_version_is_refused_and_the_newer_text_kept(planner, open_consultation):
    opinion = services.receive_public_opinion(open_consultation, category="resident", text="意見")
    services.classify(opinion, planner, chapter=None, summary="先の要旨",
                      expected_version=opinion.version)
    with pytest.raises(EditConflict):
        services.classify(opinion, planner, chapter=None, summary="後の要旨",
                          expected_version=opinion.version)
    assert Opinion.objects.get().summary == "先の要旨"


def test_a_chapter_of_another_consultation_is_refused(planner, program, open_consultation):
    other = make_consultation(planner, program, title="別の意見公募")
    opinion = services.receive_public_opinion(open_consultation, category="resident", text="意見")
    with pytest.raises(ValidationError, match="この意見公募の素案の章"):
        services.classify(opinion, planner, chapter=other.chapters.first(), summary="要旨")
    assert Opinion.objects.get().summary == ""


def test_the_result_is_not_published_while_an_opinion_lacks_a_summary_or_a_view(
        planner, open_consultation):
    opinion = services.receive_public_opinion(open_consultation, category="resident", text="意見")
    services.classify(opinion, planner, chapter=open_consultation.chapters.first(),
                      summary="要旨")
    services.close_period(open_consultation, planner)
    with pytest.raises(ValidationError) as caught:
        services.publish_result(open_consultation, planner)
    assert "No.1: 市の考え方・区分が未入力です。" in caught.value.messages
    assert Consultation.objects.get().state == Consultation.State.COLLECTING


def test_a_published_result_is_final(planner, published):
    opinion = published.opinions.first()
    before = _rows()
    for write in (lambda: services.classify(opinion, planner, chapter=None, summary="変更"),
                  lambda: services.write_view(opinion, planner, view="変更",
                                              view_class=ViewClass.objects.first()),
                  lambda: services.save_consultation(published, planner, title="変更"),
                  lambda: services.enter_opinion(published, planner, channel="post",
                                                 category="resident", text="遅い",
                                                 received_at=timezone.now())):
        with pytest.raises(ValidationError, match="結果を公表した意見公募は変更できません"):
            write()
    assert _rows() == before


def test_a_chapter_with_opinions_classified_by_it_is_not_dropped(planner, open_consultation):
    opinion = services.receive_public_opinion(open_consultation, category="resident", text="意見")
    services.classify(opinion, planner, chapter=open_consultation.chapters.first(), summary="要旨")
    with pytest.raises(ValidationError, match="意見を分類済みの章は削除できません"):
        services.save_consultation(open_consultation, planner, chapters=["第2章 施策の展開"])
    assert open_consultation.chapters.count() == 2
    services.save_consultation(open_consultation, planner,
                               chapters=["序章", "第1章 計画の考え方", "第2章 施策の展開"])
    assert list(open_consultation.chapters.values_list("order", "title")) == [
        (1, "序章"), (2, "第1章 計画の考え方"), (3, "第2章 施策の展開")]
