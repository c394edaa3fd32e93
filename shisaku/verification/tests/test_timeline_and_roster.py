"""A project's story across years and lineage; the roster as of a date."""

from datetime import date

import pytest
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.projects.lineage import record_event
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.tests.factories import make_cycle, make_sheet
from shisaku.verification import services
from shisaku.verification.models import Member, Membership

pytestmark = pytest.mark.django_db


def test_timeline_follows_two_years_and_a_merge(client, users, council_user, section):
    c21 = make_cycle(2021, status=Cycle.Status.VERIFYING)
    old = make_project("担い手・後継者育成事業", section=section, last_fy=2021)
    new = make_project("担い手育成・多様な連携推進事業", section=section, first_fy=2022)
    record_event("merged", 2022, [old], [new])
    sheet21 = make_sheet(old, cycle=c21, complete=True, verified=True,
                         state=Sheet.State.SUBMITTED)
    o21 = services.add_opinion(c21, council_user, text="後継者の育成を早めに", sheet=sheet21)
    r21 = services.respond(o21, users["section_editor"], text="研修を増やす",
                           classification="planned", effective_fy=2022)
    c22 = make_cycle(2022, status=Cycle.Status.VERIFYING)
    sheet22 = make_sheet(new, cycle=c22, complete=True, verified=True,
                         state=Sheet.State.SUBMITTED)
    services.record_follow_up(r21, users["section_editor"], cycle=c22, status="done",
                              note="研修を2回増やした")
    services.add_opinion(c22, council_user, text="多様な連携を広げて", sheet=sheet22)

    client.force_login(users["council_member"])  # years under verification: the council's
    response = client.get(reverse("verification:timeline", args=[new.pk]))
    years = dict(response.context["years"])
    assert sorted(years) == [2021, 2022]
    html = response.content.decode()
    for text in ("後継者の育成を早めに", "研修を増やす", "研修を2回増やした", "多様な連携を広げて",
                 "実施済", "担い手・後継者育成事業"):
        assert text in html
    assert "対応未記入" in html  # the FY2022 opinion has no response yet
    client.force_login(users["viewer"])  # a viewer reads a year's opinions once it is published
    response = client.get(reverse("verification:timeline", args=[new.pk]))
    assert response.context["years"] == [] and "後継者の育成を早めに" not in response.content.decode()


def test_roster_as_of_a_date(client, users, committees):
    council, sub = committees
    chair = Member.objects.create(name="架空 一郎", category="academic", affiliation="A大学教授")
    officer = Member.objects.create(name="架空 花子", category="organisation",
                                    affiliation="B協会副会長")
    gone = Member.objects.create(name="架空 三郎", category="organisation", affiliation="C会長")
    Membership.objects.create(committee=council, member=chair, role="chair", order=1)
    Membership.objects.create(committee=council, member=officer, order=2,
                              term_start=date(2021, 4, 1))
    Membership.objects.create(committee=council, member=gone, order=3,
                              term_end=date(2021, 3, 31))
    assert [m.member.name for m in council.roster(date(2022, 8, 1))] == ["架空 一郎", "架空 花子"]
    assert [m.member.name for m in council.roster(date(2020, 8, 1))] == ["架空 一郎", "架空 三郎"]
    client.force_login(users["viewer"])
    html = client.get(reverse("verification:roster"), {"as_of": "2022-08-01"}).content.decode()
    assert "2022年8月1日現在" in html and "A大学教授（会長）" in html and "架空 三郎" not in html


def test_overlapping_terms_are_refused(committees):
    from django.core.exceptions import ValidationError

    member = Member.objects.create(name="架空", category="academic", affiliation="x")
    Membership.objects.create(committee=committees[0], member=member, term_start=date(2020, 4, 1),
                              term_end=date(2022, 3, 31))
    with pytest.raises(ValidationError, match="重なっています"):
        Membership(committee=committees[0], member=member, term_start=date(2021, 4, 1)).full_clean()
