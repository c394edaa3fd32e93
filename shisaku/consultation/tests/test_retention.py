"""The senders' personal data are erased once the result has been published for the keeping
period: by the daily housekeeping or the command, recorded in the audit trail, which never
holds them; the opinions, summaries and views stay; a second run erases nothing."""

import datetime
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from shisaku.consultation.models import Consultation, Opinion
from shisaku.consultation.retention import erase_senders

from .conftest import ADDRESS, EMAIL, NAME, make_consultation

pytestmark = pytest.mark.django_db
KEEP = 180


def _published_days_ago(consultation, days):
    day = timezone.localdate() - datetime.timedelta(days=days)
    Consultation.objects.filter(pk=consultation.pk).update(published_on=day)


def _personal(consultation):
    return list(Opinion.objects.filter(consultation=consultation).order_by("number")
                .values_list("name", "email", "address"))


def test_the_senders_are_erased_after_the_keeping_period_and_the_erasure_is_audited(published):
    _published_days_ago(published, KEEP)
    assert _personal(published) == [(NAME, EMAIL, ""), (NAME, EMAIL, ADDRESS)]
    summaries = list(published.opinions.values_list("summary", "view", "text"))

    erased = erase_senders(days=KEEP)
    assert (erased.consultations, erased.opinions) == (1, 2)
    assert _personal(published) == [("", "", ""), ("", "", "")]
    assert list(published.opinions.values_list("summary", "view", "text")) == summaries
    published.refresh_from_db()
    assert published.senders_erased_on == timezone.localdate() and published.is_published
    entry = LogEntry.objects.get_for_object(published).latest("timestamp")
    assert "senders_erased_on" in entry.changes_dict
    # The trail never held the personal data, neither on receipt nor on erasure.
    for logged in LogEntry.objects.get_for_objects(Opinion.objects.all()):
        assert NAME not in str(logged.changes) and EMAIL not in str(logged.changes)

    assert erase_senders(days=KEEP).opinions == 0  # idempotent


def test_a_result_within_the_keeping_period_or_unpublished_keeps_its_senders(published, planner,
                                                                              program):
    _published_days_ago(published, KEEP - 1)
    from shisaku.consultation import services

    open_one = make_consultation(planner, program, title="別の意見募集")
    services.receive_public_opinion(open_one, category="resident", name=NAME, text="意見")
    assert erase_senders(days=KEEP).opinions == 0
    assert _personal(published)[0] == (NAME, EMAIL, "")
    assert _personal(open_one) == [(NAME, "", "")]


def test_the_command_erases_as_of_a_date_and_refuses_a_bad_one(published):
    out = StringIO()
    later = (published.published_on + datetime.timedelta(days=KEEP)).isoformat()
    call_command("erase_consultation_senders", "--date", later, "--days", str(KEEP), stdout=out)
    assert "送り主2件の個人情報を消去しました" in out.getvalue()
    assert _personal(published) == [("", "", ""), ("", "", "")]
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("erase_consultation_senders", "--date", "2025/01/01")


def test_the_staff_page_says_when_the_senders_were_erased(client, planner, published):
    _published_days_ago(published, KEEP)
    erase_senders(days=KEEP)
    client.force_login(planner)
    page = client.get(reverse("consultation:detail", args=[published.pk])).content.decode()
    assert "（素案への意見募集）" in page
    assert f"{timezone.localdate():%Y-%m-%d}に意見の送り主の氏名・連絡先を消去しました" in page
    assert NAME not in page and EMAIL not in page
