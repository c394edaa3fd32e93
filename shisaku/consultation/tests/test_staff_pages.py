"""The planning division's pages: the opinion list with filters, a letter typed in, the
chapter and summary, the city's view, and publication through a confirmation page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shisaku.consultation import services
from shisaku.consultation.models import Consultation, Opinion, ViewClass

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, planner):
    client.force_login(planner)
    return client


def test_a_consultation_is_registered_with_its_chapters(staff, program):
    response = staff.post(reverse("consultation:create"), {
        "program": program.pk, "title": "第4期実行プログラム素案", "summary": "概要",
        "opens_on": "2026-11-01", "closes_on": "2026-11-30",
        "chapters": "第1章 総論\r\n\r\n第2章 施策"})
    c = Consultation.objects.get()
    assert response.status_code == 302
    assert list(c.chapters.values_list("title", flat=True)) == ["第1章 総論", "第2章 施策"]


def test_a_period_ending_before_it_starts_is_refused_on_the_form_with_the_input_kept(
        staff, program):
    response = staff.post(reverse("consultation:create"), {
        "program": program.pk, "title": "残る件名", "summary": "概要",
        "opens_on": "2026-11-30", "closes_on": "2026-11-01"})
    page = response.content.decode()
    assert "締切日は開始日以降にしてください" in page and "残る件名" in page
    assert Consultation.objects.count() == 0


def test_a_letter_is_typed_in_and_one_received_outside_the_period_is_refused(
        staff, open_consultation):
    url = reverse("consultation:opinion_add", args=[open_consultation.pk])
    late = (timezone.localtime() + timedelta(days=30)).strftime("%Y-%m-%d %H:%M")
    response = staff.post(url, {"channel": "post", "received_at": late, "category": "resident",
                                "text": "郵送の意見"})
    assert response.status_code == 400
    assert "期間外の意見は受け付けられません" in response.content.decode()
    assert Opinion.objects.count() == 0
    today = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    response = staff.post(url, {"channel": "post", "received_at": today,
                                "category": "resident", "text": "郵送の意見",
                                "address": "川崎市"})
    assert response.status_code == 302
    assert Opinion.objects.get().entered_by is not None


def test_the_list_filters_by_chapter_and_by_what_is_still_to_do(staff, planner,
                                                                 open_consultation):
    first = services.receive_public_opinion(open_consultation, category="resident",
                                            text="一つ目の意見")
    services.receive_public_opinion(open_consultation, category="resident", text="二つ目の意見")
    chapter = open_consultation.chapters.first()
    services.classify(first, planner, chapter=chapter, summary="要旨")
    url = reverse("consultation:detail", args=[open_consultation.pk])
    page = staff.get(url, {"chapter": chapter.pk}).content.decode()
    assert "一つ目の意見" in page and "二つ目の意見" not in page
    page = staff.get(url, {"todo": "on"}).content.decode()
    assert "一つ目の意見" in page and "二つ目の意見" in page  # neither has a view yet


def test_classification_and_view_forms_write_through_the_services(staff, open_consultation):
    opinion = services.receive_public_opinion(open_consultation, category="resident",
                                              text="原文")
    chapter = open_consultation.chapters.last()
    response = staff.post(reverse("consultation:classify", args=[opinion.pk]), {
        "chapter": chapter.pk, "summary": "要旨を書いた", "version": opinion.version})
    assert response.status_code == 302
    opinion.refresh_from_db()
    response = staff.post(reverse("consultation:view", args=[opinion.pk]), {
        "view_class": ViewClass.objects.get(code="B").pk, "view": "既に反映しています。",
        "version": opinion.version})
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert (opinion.chapter, opinion.summary, opinion.view_class.code) == (
        chapter, "要旨を書いた", "B")


def test_a_stale_view_form_keeps_the_users_text_and_writes_nothing(staff, planner,
                                                                  open_consultation):
    opinion = services.receive_public_opinion(open_consultation, category="resident",
                                              text="原文")
    opened = opinion.version
    services.classify(opinion, planner, chapter=None, summary="先に保存")
    response = staff.post(reverse("consultation:classify", args=[opinion.pk]), {
        "summary": "あとの要旨", "version": opened})
    page = response.content.decode()
    assert response.status_code == 200
    assert "先に保存しました" in page and "あとの要旨" in page
    assert Opinion.objects.get().summary == "先に保存"


def test_publishing_asks_for_confirmation_and_lists_what_is_missing(staff, planner,
                                                                    open_consultation):
    opinion = services.receive_public_opinion(open_consultation, category="resident",
                                              text="原文")
    services.close_period(open_consultation, planner)
    url = reverse("consultation:publish", args=[open_consultation.pk])
    page = staff.get(url).content.decode()
    assert "公表後は変更できません" in page and "No.1: 要旨・章・市の考え方・区分が未入力です。" in page
    open_consultation.refresh_from_db()
    response = staff.post(url, {"version": open_consultation.version})
    assert response.status_code == 400
    assert Consultation.objects.get().state == Consultation.State.COLLECTING
    services.classify(opinion, planner, chapter=open_consultation.chapters.first(),
                      summary="要旨")
    services.write_view(Opinion.objects.get(), planner, view="考え方",
                        view_class=ViewClass.objects.first())
    response = staff.post(url, {"version": Consultation.objects.get().version})
    assert response.status_code == 302
    assert Consultation.objects.get().state == Consultation.State.PUBLISHED


def test_a_consultation_for_the_proposal_is_registered_from_the_form_and_its_stage_kept(
        staff, program):
    response = staff.get(reverse("consultation:create"))
    page = response.content.decode()
    assert '<option value="outline" selected>素案</option>' in page  # the usual stage first
    response = staff.post(reverse("consultation:create"), {
        "program": program.pk, "stage": "proposal", "title": "第4期実行プログラム案",
        "summary": "概要", "opens_on": "2026-11-01", "closes_on": "2026-11-30"})
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.stage == "proposal"
    page = staff.get(reverse("consultation:edit", args=[consultation.pk])).content.decode()
    assert '<option value="proposal" selected>案</option>' in page
    staff.post(reverse("consultation:edit", args=[consultation.pk]), {
        "program": program.pk, "title": "第4期実行プログラム案（改）", "summary": "概要",
        "opens_on": "2026-11-01", "closes_on": "2026-11-30", "version": consultation.version})
    consultation.refresh_from_db()
    assert (consultation.title, consultation.stage) == ("第4期実行プログラム案（改）", "proposal")


def test_the_stage_of_an_opened_consultation_is_refused_on_the_form_with_the_input_kept(
        staff, open_consultation):
    c = open_consultation
    response = staff.post(reverse("consultation:edit", args=[c.pk]), {
        "program": c.program.pk, "stage": "proposal", "title": "変えたい件名",
        "summary": c.summary, "opens_on": c.opens_on, "closes_on": c.closes_on,
        "version": c.version})
    page = response.content.decode()
    assert "募集を始めた意見公募の段階は変えられません。" in page and "変えたい件名" in page
    c.refresh_from_db()
    assert (c.stage, c.title) == ("outline", open_consultation.title)
