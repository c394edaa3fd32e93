"""The public form as a visitor meets it: no sign-in, no script; the honeypot, the limit per
address, the period, the size limit and control characters each refuse with a clear message
and write nothing."""

import pytest
from django.core import mail
from django.urls import reverse

from shisaku.consultation.models import MAX_TEXT, Opinion

from .conftest import make_consultation

pytestmark = pytest.mark.django_db

GOOD = {"category": "resident", "text": "中小企業の人材確保を支援してほしい。"}


def _url(c):
    return reverse("consultation:public_form", args=[c.pk])


def test_a_visitor_sends_an_opinion_and_is_thanked_with_a_receipt_number(client, open_consultation):
    response = client.post(_url(open_consultation), {**GOOD, "email": "a@example.jp"})
    assert response.status_code == 302
    assert response["Location"] == reverse("consultation:public_thanks",
                                           args=[open_consultation.pk])
    opinion = Opinion.objects.get()
    assert (opinion.channel, opinion.category, opinion.email) == ("web", "resident",
                                                                  "a@example.jp")
    page = client.get(response["Location"]).content.decode()
    assert "意見を受け付けました" in page and "受付番号: 1" in page
    assert len(mail.outbox) == 1


def test_the_consultation_page_shows_the_draft_the_period_and_the_way_to_the_form(
        client, open_consultation):
    page = client.get(reverse("consultation:public_detail", args=[open_consultation.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "素案の概要です。" in text and open_consultation.period_text in text
    assert "第1章 計画の考え方" in text and _url(open_consultation) in text


def test_a_consultation_in_preparation_is_not_public(client, planner, program):
    c = make_consultation(planner, program, state="preparing")
    assert client.get(reverse("consultation:public_detail", args=[c.pk])).status_code == 404
    assert client.post(_url(c), GOOD).status_code == 404
    assert Opinion.objects.count() == 0


def test_a_filled_honeypot_is_refused_and_nothing_is_written(client, open_consultation):
    response = client.post(_url(open_consultation), {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 400
    assert "空欄のままにしてください" in response.content.decode()
    assert Opinion.objects.count() == 0


def test_an_address_that_sent_many_opinions_is_asked_to_wait(client, settings,
                                                           open_consultation):
    settings.SHISAKU_COMMENT_LIMIT = 2
    for _ in range(2):
        assert client.post(_url(open_consultation), GOOD).status_code == 302
    response = client.post(_url(open_consultation), GOOD)
    assert response.status_code == 429
    assert "時間をおいて" in response.content.decode()
    assert Opinion.objects.count() == 2
    # Another address is not held back.
    other = client.post(_url(open_consultation), GOOD, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302 and Opinion.objects.count() == 3


def test_refused_posts_do_not_use_up_the_limit(client, settings, open_consultation):
    settings.SHISAKU_COMMENT_LIMIT = 1
    for _ in range(3):
        assert client.post(_url(open_consultation), {**GOOD, "text": ""}).status_code == 400
    assert client.post(_url(open_consultation), GOOD).status_code == 302


def test_outside_the_period_the_form_says_so_and_takes_nothing(client, planner, program):
    past = make_consultation(planner, program, days=(-10, -1))
    page = client.get(_url(past))
    assert page.status_code == 200
    assert "募集期間" in page.content.decode() and "終了しました" in page.content.decode()
    assert "<textarea" not in page.content.decode()
    response = client.post(_url(past), GOOD)
    assert response.status_code == 400 and "終了しました" in response.content.decode()
    assert Opinion.objects.count() == 0


@pytest.mark.parametrize("text,expected", [
    ("あ" * (MAX_TEXT + 1), f"{MAX_TEXT} 文字以下"),
    ("意見\x07です", "制御文字（U+0007）は使えません。"),
])
def test_a_text_too_long_or_with_a_control_character_is_refused_and_kept_on_screen(
        client, open_consultation, text, expected):
    response = client.post(_url(open_consultation), {**GOOD, "text": text,
                                                     "name": "川崎 太郎"})
    page = response.content.decode()
    assert response.status_code == 400
    assert expected in page
    assert "送信されていません" in page and "川崎 太郎" in page  # the input is kept
    assert Opinion.objects.count() == 0


def test_name_and_email_are_optional_and_a_category_is_required(client, open_consultation):
    response = client.post(_url(open_consultation), {"text": "意見"})
    assert response.status_code == 400
    assert Opinion.objects.count() == 0
    assert client.post(_url(open_consultation), GOOD).status_code == 302
    assert Opinion.objects.get().name == ""
