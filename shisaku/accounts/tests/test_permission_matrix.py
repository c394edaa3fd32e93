"""Specific permission cases: object ownership, forbidden writes, the admin site.

The role × route matrix of every page is generated in test_route_matrix.py."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from shisaku.core.testing import make_project, place, program4_tree

pytestmark = pytest.mark.django_db

ALL = {"planning_admin", "section_editor", "council_member", "viewer"}
ADMIN = {"planning_admin"}


@pytest.fixture
def world(section):
    plan, program, point, policy, item = program4_tree()
    project = make_project("起業化総合支援事業", section=section, first_fy=2026)
    placement = place(project, item)
    return {"plan": plan, "program": program, "node": item, "project": project,
            "placement": placement}


# The GET/POST ladder of every page for every role is generated from the declared rules:
# see shisaku/accounts/routes.py and test_route_matrix.py. What stays here is specific.


def test_section_editor_cannot_describe_another_sections_project(client, users, other_section):
    project = make_project("商業力強化事業", section=other_section)
    client.force_login(users["section_editor"])
    url = reverse("projects:describe", args=[project.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"description": "書き換え"})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.description == ""


def test_section_editor_describes_own_project(client, users, world):
    client.force_login(users["section_editor"])
    url = reverse("projects:describe", args=[world["project"].pk])
    response = client.post(url, {"description": "起業家の成長を支える", "version": world["project"].version})
    assert response.status_code == 302
    world["project"].refresh_from_db()
    assert world["project"].description == "起業家の成長を支える"


@pytest.mark.parametrize("role", ["section_editor", "council_member", "viewer"])
def test_forbidden_write_is_refused_and_changes_nothing(client, users, world, role):
    client.force_login(users[role])
    project = world["project"]
    response = client.post(reverse("projects:edit", args=[project.pk]),
                           {"name": "乗っ取り", "first_fy": "2026"})
    assert response.status_code == 403
    response = client.post(reverse("projects:placement_delete",
                                   args=[project.pk, world["placement"].pk]))
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.name == "起業化総合支援事業"
    assert project.placements.count() == 1


def test_placement_delete_requires_post(client, users, world):
    client.force_login(users["planning_admin"])
    url = reverse("projects:placement_delete", args=[world["project"].pk, world["placement"].pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not world["project"].placements.exists()


def shisaku_admin_urls(request=None):
    for model, model_admin in admin.site._registry.items():
        if model.__module__.startswith("shisaku."):
            meta = model._meta
            yield reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
            if model_admin.has_add_permission(request):
                yield reverse(f"admin:{meta.app_label}_{meta.model_name}_add")


def test_every_shisaku_model_is_in_the_admin():
    registered = {m for m in admin.site._registry if m.__module__.startswith("shisaku.")}
    ours = {m for m in apps.get_models() if m.__module__.startswith("shisaku.")}
    assert ours == registered


@pytest.mark.parametrize("role", sorted(ALL))
def test_admin_pages_open_only_for_planning_admin(client, users, world, role):
    client.force_login(users[role])
    fake = type("R", (), {"user": users["planning_admin"]})()
    for url in shisaku_admin_urls(fake):
        response = client.get(url)
        if role == "planning_admin":
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            assert "/admin/login/" in response["Location"]
