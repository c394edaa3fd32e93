"""The notices page, the e-mail preference, the schedule page, the header count and the
deadline mark: who may open them and what they do."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from shisaku.notices import services as notices
from shisaku.notices.models import Deadline, Notification, Preference, Step
from shisaku.sheets.models import Cycle
from shisaku.sheets.tests.factories import make_cycle

pytestmark = pytest.mark.django_db

ROLES = ["planning_admin", "section_editor", "council_member", "viewer"]


def _notice(user, key="opinion:1", text="お知らせの本文"):
    return notices.notify([user], kind="opinion", key=key, text=text, url="/sheets/")[0]


@pytest.mark.parametrize("name", ["notices:list", "notices:preferences"])
def test_an_anonymous_visitor_is_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_only_its_own_notices(client, users, role):
    _notice(users[role], key="mine", text="自分宛て")
    other = next(r for r in ROLES if r != role)
    _notice(users[other], key="theirs", text="他の人宛て")
    client.force_login(users[role])
    page = client.get(reverse("notices:list")).content.decode()
    assert "自分宛て" in page and "他の人宛て" not in page


@pytest.mark.parametrize("role,allowed", [("planning_admin", True), ("section_editor", False),
                                          ("council_member", False), ("viewer", False)])
def test_only_the_planning_division_opens_and_saves_the_schedule(client, users, role, allowed):
    cycle = make_cycle(2022, status=Cycle.Status.ENTERING)
    client.force_login(users[role])
    url = reverse("notices:schedule", args=[2022])
    assert client.get(url).status_code == (200 if allowed else 403)
    response = client.post(url, {"due_publication": "2023-09-30"})
    assert response.status_code == (302 if allowed else 403)
    assert Deadline.objects.filter(cycle=cycle).exists() == allowed


def test_the_schedule_page_keeps_the_input_and_explains_a_refusal(client, users, section):
    cycle = make_cycle(2022, status=Cycle.Status.ENTERING)
    client.force_login(users["planning_admin"])
    response = client.post(reverse("notices:schedule", args=[2022]), {
        "due_submission": "2023-06-30", "due_response": "2023-06-01",
        f"s{section.pk}_submission": "2023-06-20"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "より後の日付にしてください" in page
    assert 'value="2023-06-20"' in page
    cycle.refresh_from_db()
    assert cycle.sheet_due is None


def test_a_published_years_schedule_is_shown_without_a_save_button_and_refused(client, users):
    make_cycle(2020, status=Cycle.Status.PUBLISHED)
    client.force_login(users["planning_admin"])
    url = reverse("notices:schedule", args=[2020])
    assert "公表済" in client.get(url).content.decode()
    response = client.post(url, {"due_publication": "2021-09-30"})
    assert "公表済のため" in response.content.decode()
    assert not Deadline.objects.exists()


def test_marking_one_read_touches_only_the_users_own(client, users):
    mine = _notice(users["section_editor"], key="a")
    theirs = _notice(users["viewer"], key="b")
    client.force_login(users["section_editor"])
    client.post(reverse("notices:list"), {"read": theirs.pk})
    client.post(reverse("notices:list"), {"read": "abc"})
    assert Notification.objects.unread().count() == 2
    client.post(reverse("notices:list"), {"read": mine.pk})
    assert list(Notification.objects.unread()) == [theirs]


def test_mark_all_read(client, users):
    for key in ("a", "b", "c"):
        _notice(users["section_editor"], key=key)
    _notice(users["viewer"], key="a")
    client.force_login(users["section_editor"])
    client.post(reverse("notices:list"), {"all": "1"})
    assert list(Notification.objects.unread().values_list("user__username", flat=True)) == [
        "etsuran"]


def test_the_header_shows_the_unread_count_in_one_query(client, users,
                                                       django_assert_num_queries):
    user = users["section_editor"]
    for key in ("a", "b"):
        _notice(user, key=key)
    client.force_login(user)
    page = client.get(reverse("accounts:account")).content.decode()
    assert 'class="badge"' in page and ">2</span>" in page
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("accounts:account"))
    counting = [q for q in queries.captured_queries if "notices_notification" in q["sql"]]
    assert len(counting) == 1
    for key in ("c", "d", "e", "f"):
        _notice(user, key=key)
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("accounts:account"))
    assert len(more.captured_queries) == len(queries.captured_queries)


def test_the_account_page_links_to_the_preference_which_turns_email_off(client, users):
    user = users["viewer"]
    client.force_login(user)
    assert reverse("notices:preferences") in client.get(reverse("accounts:account")).content.decode()
    page = client.get(reverse("notices:preferences")).content.decode()
    assert 'name="email"' in page and "checked" in page  # on by default
    client.post(reverse("notices:preferences"), {})
    assert Preference.objects.get(user=user).email is False
    client.post(reverse("notices:preferences"), {"email": "on"})
    assert Preference.objects.get(user=user).email is True


def test_the_deadline_mark_says_days_left_or_overdue(users):
    today = timezone.localdate()
    cycle = make_cycle(2022, status=Cycle.Status.ENTERING,
                       sheet_due=today + datetime.timedelta(days=2))
    template = Template('{% load notices %}{% due_mark cycle "submission" %}|'
                        '{% due_mark cycle "publication" %}|{{ past|overdue }}|{{ soon|overdue }}')
    out = template.render(Context({"cycle": cycle, "past": today - datetime.timedelta(days=1),
                                   "soon": today}))
    assert "あと2日" in out and 'class="due"' in out
    assert out.split("|")[1:] == ["", "True", "False"]
    cycle.sheet_due = today - datetime.timedelta(days=1)
    cycle._notices_schedule = None
    assert "期限超過" in Template('{% load notices %}{% due_mark cycle step %}').render(
        Context({"cycle": cycle, "step": Step.SUBMISSION}))


def test_the_schedule_page_shows_every_step_and_each_sections_own_dates(client, users, section):
    from shisaku.notices import schedule

    cycle = make_cycle(2022, status=Cycle.Status.ENTERING, sheet_due=datetime.date(2023, 5, 31))
    schedule.update_schedule(cycle, users["planning_admin"], dates={}, section_dates={
        (section.pk, Step.SUBMISSION): datetime.date(2023, 6, 10)})
    client.force_login(users["planning_admin"])
    page = client.get(reverse("notices:schedule", args=[2022])).content.decode()
    for step in Step:
        assert str(step.label) in page
    assert 'name="due_submission" value="2023-05-31"' in page
    assert f'name="s{section.pk}_submission" value="2023-06-10"' in page
    assert "令和4（2022）年度" in page
