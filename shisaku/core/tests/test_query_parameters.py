"""A bad query parameter on any page is ignored or refused (400), never a server error.

Every GET route of the resolver is opened, by a role that may read it, with every query
parameter any view reads set to one hostile value at a time (not a number, negative, too
large for any integer column, a NUL byte), with `from` and `page` also repeated.
"""

import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from shisaku.accounts.models import Role
from shisaku.accounts.routes import rule_for
from shisaku.accounts.tests.test_route_matrix import (  # noqa: F401  (world: a fixture)
    route_kwargs,
    route_world,
    shisaku_routes,
    users,
    world,
)
from shisaku.core.query import int_param

pytestmark = pytest.mark.django_db

# Every name a view reads from request.GET, directly or through a form bound to it.
PARAMS = ["next", "from", "program", "page", "kind", "status", "a", "b", "layout",
          "actor", "model", "pk", "q", "since", "until", "article", "section", "as_of",
          "language", "fy", "encoding", "by", "sheet",
          # the public comment's opinion list (consultation:detail): its filter form
          "chapter", "view_class", "channel", "todo",
          # the plan tree's item and the verification dashboard's table pages (#15)
          "item", "opinions", "unanswered", "follow_ups"]
# Not a number (nor a date, nor a choice), negative, too large for any integer column, NUL.
BAD = ["abc", "-1", "99999999999999999999999", "\x00"]
SHISAKU = Path(__file__).resolve().parents[2]


def test_every_query_parameter_a_view_reads_is_in_the_walk():
    read = set()
    for path in SHISAKU.rglob("*.py"):
        if "tests" not in path.parts:
            read |= set(re.findall(r"""request\.GET(?:\.get\(|\[)["'](\w+)["']""",
                                   path.read_text(encoding="utf-8")))
    assert read <= set(PARAMS), f"add to PARAMS: {sorted(read - set(PARAMS))}"


def test_a_bad_query_parameter_never_gives_a_server_error(client, users, world):  # noqa: F811
    client.raise_request_exception = False
    reader = {}
    problems = []
    routes = 0
    for name, pattern in shisaku_routes():
        rule = rule_for(name)
        role = next((r for r in (Role.PLANNING_ADMIN, *Role) if rule.allows("GET", r)), None)
        if reader.get("role") != role:
            client.logout()
            if role is not None:
                client.force_login(users[role.value])
            reader["role"] = role
        url = reverse(name, kwargs=route_kwargs(world, name, pattern))
        routes += 1
        for value in BAD:
            query = urlencode({p: value for p in PARAMS})
            response = client.get(f"{url}?from=1&page=2&{query}")  # repeated: the last counts
            if response.status_code >= 500:
                problems.append(f"GET {name} ?…={value[:20]!r}: {response.status_code}")
    assert routes > 50
    assert not problems, "\n".join(problems)


def test_the_lineage_form_ignores_a_source_that_is_not_a_project(
        client, users, world):  # noqa: F811
    client.force_login(users["planning_admin"])
    url = reverse("projects:lineage_create")
    for value in ("abc", "-1", "99999999999999999999999", "\x00"):
        assert client.get(url, {"from": value}).status_code == 200
    page = client.get(url, {"from": world["project"].pk}).content.decode()
    assert f'value="{world["project"].pk}" selected' in page


@pytest.mark.parametrize("value,expected", [
    ("12", 12), (" 7 ", 7), ("abc", None), ("", None), ("-1", None), ("0", None),
    ("1.5", None), ("１２", None), (str(2**63), None), ("\x00", None)])
def test_int_param_takes_only_a_positive_integer(rf, value, expected):
    assert int_param(rf.get("/", {"n": value}), "n") == expected
