"""The receipt of a public comment leaves from a job: the visitor's request only queues it
(with the opinion's number, never the address), and the worker mails it."""
# ruff: noqa: F811  (the consultation app's fixtures, imported, are the tests' arguments)

import pytest
from django.core import mail
from django.urls import reverse

from shisaku.consultation.models import Opinion, ViewClass
from shisaku.consultation.tests.conftest import (  # noqa: F401  (fixtures)
    open_consultation,
    planner,
    program,
)
from shisaku.jobs import services
from shisaku.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def view_classes(db):
    ViewClass.ensure_defaults()


def send(client, consultation):
    response = client.post(reverse("consultation:public_form", args=[consultation.pk]),
                           {"category": "resident", "text": "人材確保を支援してほしい。",
                            "email": "sender@example.jp"})
    assert response.status_code == 302
    return Opinion.objects.get()


def test_the_form_queues_the_receipt_and_the_worker_mails_it(client, open_consultation,
                                                             settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    opinion = send(client, open_consultation)
    assert mail.outbox == []  # the visitor did not wait for the mail server
    job = Job.objects.get(kind=Job.Kind.COMMENT_RECEIPT)
    assert job.params == {"opinion": opinion.pk} and job.owner is None
    assert services.run(job.pk)["sent"] == 1
    assert [m.to for m in mail.outbox] == [["sender@example.jp"]]
    assert f"受付番号: {opinion.number}" in mail.outbox[0].body


def test_an_address_erased_before_the_job_runs_gets_no_mail(client, open_consultation,
                                                           settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    opinion = send(client, open_consultation)
    Opinion.objects.filter(pk=opinion.pk).update(email="")
    job = Job.objects.get(kind=Job.Kind.COMMENT_RECEIPT)
    assert services.run(job.pk)["sent"] == 0
    assert mail.outbox == []
