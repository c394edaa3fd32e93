"""The staff plan tree writes each item's projects in Python (templatetags/plan_tree.py) from
the tree read as values (plan/tree.py); it must print what the template loop over the
model instances printed."""

import pytest
from django.db.models import Prefetch
from django.template import Context, Template

from shisaku.demo.loader import load_demo
from shisaku.plan.models import Program
from shisaku.plan.tree import build_tree
from shisaku.projects.models import Placement, Project

pytestmark = pytest.mark.django_db

# The loop as _item.html had it, over Placement instances.
LOOP = """<ul class="projects">{% for pl in placements %}
    <li><a href="{% url 'projects:detail' pl.project.pk %}">{{ pl.project.name }}</a>
      <span class="articles">{% for a in pl.project.listed_articles %}<span class="article">{{ a.label }}</span>{% endfor %}</span>
      {% if pl.project.section %}<span class="section">{{ pl.project.section }}</span>{% endif %}</li>
  {% endfor %}</ul>"""  # noqa: E501


def _instances(program) -> dict[int, list[Placement]]:
    """The placements per node as the tree loaded them before (instances, prefetched)."""
    per_node: dict[int, list[Placement]] = {}
    for placement in (Placement.objects.filter(node__program=program)
                      .select_related("project__section")
                      .prefetch_related(Prefetch("project__articles", to_attr="listed_articles"))
                      .order_by("order", "project__name")):
        per_node.setdefault(placement.node_id, []).append(placement)
    return per_node


def test_every_items_projects_print_as_the_template_loop_printed_them():
    load_demo()
    project = Project.objects.filter(placements__isnull=False).first()
    Project.objects.filter(pk=project.pk).update(name='<b>"事業" & 1</b>', section=None)
    printed = []
    for program in Program.objects.all():
        per_node = _instances(program)
        stack = list(build_tree(program).roots)
        while stack:
            item = stack.pop()
            stack.extend(item.children)
            expected = per_node.get(item.node.pk, [])
            assert [p.project.pk for p in item.placements] == [p.project.pk for p in expected]
            if not expected:
                continue
            old = Template(LOOP).render(Context({"placements": expected}))
            new = Template("{% load plan_tree %}{{ placements|project_list }}").render(
                Context({"placements": item.placements}))
            assert new == old
            printed.append(new)
    assert len(printed) >= 19  # program 4's action items
    hostile = [html for html in printed if "&lt;b&gt;&quot;事業&quot; &amp; 1&lt;/b&gt;" in html]
    assert hostile and all('<span class="section">' not in html.split("&lt;/b&gt;")[1]
                           .split("</li>")[0] for html in hostile)
