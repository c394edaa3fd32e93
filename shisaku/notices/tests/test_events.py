"""A returned sheet, a new opinion and a response each notify the right people once, in the
app and by e-mail (after the transaction commits), honouring each one's choice."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from shisaku.notices import services as notices
from shisaku.notices.models import Notification
from shisaku.sheets import workflow
from shisaku.verification import services as verification

pytestmark = pytest.mark.django_db


def told(kind) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def recipients() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


def test_a_returned_sheet_is_announced_to_its_sections_editors_with_the_reason(
        people, year, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(year["sheet"], "return", people["planning_admin"],
                            comment="指標の実績が未入力です")
    assert told(Notification.Kind.RETURNED) == {"kogyo", "kogyo2"}
    notice = Notification.objects.get(user=people["section_editor"])
    assert "指標の実績が未入力です" in notice.text
    assert notice.url == f"/sheets/{year['sheet'].pk}/"
    assert recipients() == {"kogyo@city.example.jp", "kogyo2@city.example.jp"}
    assert "指標の実績が未入力です" in mail.outbox[0].body
    assert f"/sheets/{year['sheet'].pk}/" in mail.outbox[0].body
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_a_sheet_returned_again_after_resubmission_is_a_new_event(people, year):
    planner, editor = people["planning_admin"], people["section_editor"]
    workflow.transition(year["sheet"], "return", planner, comment="一回目")
    workflow.transition(year["sheet"], "submit", editor)
    workflow.transition(year["sheet"], "return", planner, comment="二回目")
    texts = list(Notification.objects.filter(user=people["colleague"]).values_list(
        "text", flat=True))
    assert len(texts) == 2  # two returns, each with its reason; the submission is not announced
    assert any("一回目" in t for t in texts) and any("二回目" in t for t in texts)


def test_submitting_or_confirming_a_sheet_notifies_nobody(people, year):
    workflow.transition(year["sheet"], "confirm", people["planning_admin"])
    assert not Notification.objects.exists()


def test_a_new_opinion_is_announced_to_the_sections_editors_only(
        people, year, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        opinion = verification.add_opinion(year["cycle"], people["council_member"],
                                           text="広報を強化すべき", sheet=year["sheet"])
    assert told(Notification.Kind.OPINION) == {"kogyo", "kogyo2"}
    assert Notification.objects.get(user=people["section_editor"]).url == \
        f"/verification/opinions/{opinion.pk}/respond/"
    assert recipients() == {"kogyo@city.example.jp", "kogyo2@city.example.jp"}


def test_a_response_is_announced_to_the_planning_division_and_the_opinions_author(
        people, year, django_capture_on_commit_callbacks):
    opinion = verification.add_opinion(year["cycle"], people["council_member"],
                                       text="広報を強化すべき", sheet=year["sheet"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        verification.respond(opinion, people["section_editor"], text="SNSで発信します",
                             classification="planned")
    assert told(Notification.Kind.RESPONSE) == {"kikaku", "kikaku2", "iin"}
    assert recipients() == {"kikaku@city.example.jp", "kikaku2@city.example.jp",
                            "iin@city.example.jp"}


def test_the_person_who_acts_is_not_told_about_their_own_step(people, year):
    opinion = verification.add_opinion(year["cycle"], people["planning_admin"],
                                       text="企画課の意見", sheet=year["sheet"])
    verification.respond(opinion, people["planning_admin"], text="対応", classification="planned")
    assert told(Notification.Kind.RESPONSE) == {"kikaku2"}


def test_notify_is_idempotent_per_user_and_event(people):
    users = [people["section_editor"], people["colleague"]]
    first = notices.notify(users, kind="opinion", key="opinion:1", text="一度だけ")
    again = notices.notify(users + [people["viewer"]], kind="opinion", key="opinion:1",
                           text="一度だけ")
    assert len(first) == 2
    assert [n.user for n in again] == [people["viewer"]]
    assert Notification.objects.filter(key="opinion:1").count() == 3


def test_opting_out_keeps_the_notice_in_the_app_but_sends_no_email(
        people, year, django_capture_on_commit_callbacks):
    notices.set_email(people["colleague"], False)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(year["sheet"], "return", people["planning_admin"], comment="理由")
    assert told(Notification.Kind.RETURNED) == {"kogyo", "kogyo2"}
    assert recipients() == {"kogyo@city.example.jp"}
    assert Notification.objects.get(user=people["colleague"]).emailed_at is None


def test_a_user_without_an_address_gets_no_email(people, year, django_capture_on_commit_callbacks):
    people["colleague"].email = ""
    people["colleague"].save()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(year["sheet"], "return", people["planning_admin"], comment="理由")
    assert recipients() == {"kogyo@city.example.jp"}


def test_a_notice_is_emailed_at_most_once(people, year, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(year["sheet"], "return", people["planning_admin"], comment="理由")
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert notices.send_emails(ids) == 0
    assert len(mail.outbox) == 2


def test_a_refused_step_notifies_nobody(people, year):
    with pytest.raises(ValidationError):
        workflow.transition(year["sheet"], "return", people["planning_admin"], comment="")
    assert not Notification.objects.exists()


def test_notices_and_their_emails_are_japanese_whatever_the_actor_reads(
        people, year, django_capture_on_commit_callbacks):
    from django.utils import translation

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        workflow.transition(year["sheet"], "return", people["planning_admin"], comment="理由")
    assert "差し戻されました" in Notification.objects.first().text
    assert mail.outbox[0].subject == "【施策 Shisaku】シートの差戻し"
    assert {m.body.split("\n")[0] for m in mail.outbox} == {"kogyo 様", "kogyo2 様"}
