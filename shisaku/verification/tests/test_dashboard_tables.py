"""The verification dashboard writes its three tables in Python
(templatetags/verification_dashboard.py) from rows read as values (rows.py); they must print
what the template loops they replaced printed from the model instances, for every kind of
opinion."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from shisaku.accounts.models import User
from shisaku.core.tests.fixtures import load_verified_demo
from shisaku.projects.models import Project
from shisaku.verification.models import Opinion, Response

pytestmark = pytest.mark.django_db

# The loops as the template had them.
UNANSWERED = """{% load i18n %}{% for o in unanswered %}<tr><td>{% if o.sheet %}<a href="{% url 'sheets:detail' o.sheet.pk %}#opinions">{{ o.target_label }}</a>{% else %}{{ o.target_label }}{% endif %}</td><td class="num">{{ o.label }}</td><td>{{ o.text|truncatechars:100 }}</td><td>{{ o.sheet.project.section|default:"—" }}</td></tr>
{% empty %}<tr><td colspan="4">{% translate "ありません。" %}</td></tr>{% endfor %}"""  # noqa: E501
FOLLOW_UPS = """{% load i18n %}{% for r in pending_follow_ups %}<tr><td>{{ r.opinion.target_label }}</td><td class="num">{{ r.label }}</td><td>{{ r.text|truncatechars:100 }}</td><td><a href="{% url 'verification:follow_up' r.pk %}">{% translate "記入" %}</a></td></tr>
{% empty %}<tr><td colspan="4">{% translate "ありません。" %}</td></tr>{% endfor %}"""  # noqa: E501
OPINIONS = """{% load i18n %}{% for o in opinions %}<tr><td>{{ o.target_label }}</td><td class="num">{{ o.label }}</td><td>{{ o.text|truncatechars:80 }}</td><td>{% if o.response %}{{ o.response.get_classification_display }}{% else %}<span class="warn">{% translate "未記入" %}</span>{% endif %}</td></tr>{% endfor %}"""  # noqa: E501
TAGS = {"unanswered": (UNANSWERED, "unanswered_rows", Opinion),
        "pending_follow_ups": (FOLLOW_UPS, "follow_up_rows", Response),
        "opinions": (OPINIONS, "opinion_rows", Opinion)}


def _instances(model, rows) -> list:
    """The page's rows (values) as model instances, in the page's order: what the loops read."""
    by_pk = model.objects.in_bulk([row["pk"] for row in rows])
    return [by_pk[row["pk"]] for row in rows]


def _tables(client, fy: int) -> dict:
    response = client.get(reverse("verification:dashboard", args=[fy]))
    assert response.status_code == 200
    found = {}
    for name, (loop, tag, model) in TAGS.items():
        rows = list(response.context[name].object_list)  # values (verification/rows.py)
        old = Template(loop).render(Context({name: _instances(model, rows)}))
        new = Template("{% load verification_dashboard %}{% " + tag + " " + name + " %}"
                       ).render(Context({name: rows}))
        assert new == old, name
        found[name] = new
    return found


def test_the_tables_print_what_the_loops_printed_for_every_scope_and_state(client):
    load_verified_demo()
    client.force_login(User.objects.get(username="kikaku"))
    opinions = Opinion.objects.filter(cycle__fiscal_year=2021)
    assert {o.scope for o in opinions} >= {Opinion.Scope.SHEET, Opinion.Scope.GROUP,
                                             Opinion.Scope.ARTICLE}
    # Some unanswered, of each scope, one on a project without a section, and a hostile text.
    for scope in Opinion.Scope.values:
        Response.objects.filter(opinion__in=opinions.filter(scope=scope)[:1]).delete()
    sheet_opinion = opinions.filter(scope=Opinion.Scope.SHEET).first()
    Project.objects.filter(sheets__opinions=sheet_opinion).update(section=None)
    opinions.filter(pk=sheet_opinion.pk).update(text="<b>&amp;</b> " + "長" * 120)
    # 81 characters decomposed, 80 once composed (NFC): |truncatechars:80 keeps them all.
    opinions.filter(scope=Opinion.Scope.GROUP).update(text="か\u3099" + "x" * 79)
    found = _tables(client, 2021)
    assert "ありません。" not in found["unanswered"] and "<td>—</td>" in found["unanswered"]
    assert "&lt;b&gt;&amp;amp;" in found["unanswered"] and "未記入" in found["opinions"]
    _tables(client, 2022)  # a year with no opinions: the tables say so


def test_the_follow_ups_print_what_the_loop_printed(client):
    load_verified_demo()
    client.force_login(User.objects.get(username="kikaku"))
    found = _tables(client, 2022)
    assert found["pending_follow_ups"] and "<a href=" in found["pending_follow_ups"]
