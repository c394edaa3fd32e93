"""Every screen that writes text refuses a control character: no server error, nothing written.

The route matrix's world and payloads (accounts/tests/test_route_matrix.py) give one valid
POST per writing route; here each text of it carries a control character instead.
"""

import pytest
from django.db import transaction
from django.urls import reverse

from shisaku.accounts.models import Role
from shisaku.accounts.routes import rule_for
from shisaku.accounts.tests.test_route_matrix import (  # noqa: F401  (world is a fixture)
    PAYLOADS,
    _obj,
    changed,
    route_kwargs,
    route_world,
    shisaku_routes,
    snapshot,
    users,
    world,
)

pytestmark = pytest.mark.django_db

# Payload keys that are not typed text: versions, buttons, choices, numbers.
NOT_TEXT = {"version", "save", "years", "confirm", "status", "classification", "kind", "scope",
            "direction", "measure", "unit", "committee", "article", "order", "achieved_min",
            "mostly_min", "due_publication"}
ROUTES = [(name, pattern) for name, pattern in shisaku_routes() if name in PAYLOADS]
WRITERS = [Role.PLANNING_ADMIN, Role.SECTION_EDITOR, Role.COUNCIL_MEMBER]


def _texts(data: dict) -> list[str]:
    return [k for k, v in data.items()
            if isinstance(v, str) and v and not v.isdigit() and k not in NOT_TEXT]


@pytest.mark.parametrize("ch", ["\x00", "\x0b", "\x1b", "\r"], ids=["NUL", "VT", "ESC", "CR"])
@pytest.mark.parametrize("name,pattern", ROUTES, ids=[n for n, _ in ROUTES])
def test_a_control_character_in_any_posted_text_is_refused_and_nothing_is_written(
        client, users, world, name, pattern, ch):  # noqa: F811  (the imported fixture)
    rule = rule_for(name)
    role = next(r for r in WRITERS if rule.allows("POST", r))
    data = PAYLOADS[name](world, _obj(world, name, False))
    texts = _texts(data)
    if not texts:
        pytest.skip(f"{name}: its payload carries no text")
    data = {k: (f"{v[:1]}{ch}{v[1:]}" if k in texts else v) for k, v in data.items()}
    client.force_login(users[role.value])
    url = reverse(name, kwargs=route_kwargs(world, name, pattern))
    before = snapshot()
    with transaction.atomic():
        response = client.post(url, data)  # a server error would raise here
        after = snapshot()
        transaction.set_rollback(True)
    assert changed(before, after) == [], (name, texts)
    assert response.status_code in (200, 400), (name, response.status_code)  # the form again
    assert f"制御文字（U+{ord(ch):04X}）は使えません。" in response.content.decode(), name
