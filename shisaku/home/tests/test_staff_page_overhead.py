"""What every staff page costs before its own work: the session and the user, loaded with
their second factor and the unread count of the header (accounts.backends), in two queries;
the session is not written on every request; the menu is built once per role and language."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shisaku.accounts import two_factor
from shisaku.home import context
from shisaku.notices import services as notices

pytestmark = pytest.mark.django_db

#: session + user (with the second factor and the unread count). Raise it only with a reason.
SHARED_QUERIES = 2


def queries_of(client, url) -> list[str]:
    client.get(url)  # the first request fills per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("role", ["planning_admin", "section_editor", "council_member", "viewer"])
def test_a_staff_page_that_asks_nothing_itself_costs_two_queries_for_every_role(
        client, users, role):
    client.force_login(users[role])
    assert len(queries_of(client, reverse("accounts:account"))) <= SHARED_QUERIES


def test_the_header_count_and_the_second_factor_come_with_the_user(client, users):
    user = users["section_editor"]
    notices.notify([user], kind="opinion", key="opinion:1", text="一件目")
    notices.notify([user], kind="opinion", key="opinion:2", text="二件目")
    client.force_login(user)
    sql = queries_of(client, reverse("notices:preferences"))
    assert len(sql) == SHARED_QUERIES + 1  # the page's own: the stored preference
    page = client.get(reverse("notices:preferences")).content.decode()
    assert 'class="badge"' in page and ">2</span>" in page


def test_a_user_with_a_second_factor_still_reaches_only_the_code_page(client, users):
    user = users["planning_admin"]
    device = two_factor.start_enrolment(user)
    device.confirmed = True
    device.save()
    client.force_login(user)
    response = client.get(reverse("sheets:cycles"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_a_request_soon_after_another_writes_nothing_to_the_session(client, users):
    client.force_login(users["viewer"])
    client.get(reverse("accounts:account"))
    sql = queries_of(client, reverse("plan:tree"))
    assert not [q for q in sql if q.startswith(("UPDATE", "INSERT", "DELETE"))]


def test_each_role_has_its_own_menu_built_once_with_the_current_page_marked(client, users):
    context._built.clear()
    client.force_login(users["viewer"])
    page = client.get(reverse("plan:tree")).content.decode()
    assert reverse("audit:log") not in page
    assert f'href="{reverse("plan:tree")}" aria-current="page"' in page
    client.force_login(users["planning_admin"])
    page = client.get(reverse("plan:tree")).content.decode()
    assert f'href="{reverse("audit:log")}"' in page
    client.get(reverse("accounts:account"))
    assert len(context._built) == 2  # one menu per role (and language), each built once
