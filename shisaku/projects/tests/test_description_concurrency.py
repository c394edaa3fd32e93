"""A project's description (事業概要) and fields carry a version: a stale save is refused
with the text kept (issue #10, observation 5)."""

import pytest
from django.urls import reverse

from shisaku.core.concurrency import EditConflict
from shisaku.core.testing import make_project
from shisaku.projects import services
from shisaku.projects.models import Project
from shisaku.verification.tests.threads import needs_row_locks, outcome, run_together

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(section):
    return make_project("起業化総合支援事業", section=section)


def test_a_stale_description_save_is_refused_and_keeps_the_text(client, users, project):
    opened = project.version
    services.describe_project(project, users["planning_admin"], description="企画課の概要",
                              expected_version=opened)
    client.force_login(users["section_editor"])
    response = client.post(reverse("projects:describe", args=[project.pk]),
                           {"description": "所管課の概要", "version": opened})
    page = response.content.decode()
    assert response.status_code == 200
    assert "kikaku さんが" in page and "先に保存しました" in page
    assert "所管課の概要" in page and "企画課の概要" in page
    project.refresh_from_db()
    assert project.description == "企画課の概要"
    response = client.post(reverse("projects:describe", args=[project.pk]),
                           {"description": "統合した概要", "version": project.version})
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.description, project.updated_by) == ("統合した概要", users["section_editor"])


def test_a_description_save_writes_only_the_description(users, project, other_section):
    opened = project.version
    # Meanwhile the planning division moves the project to another section.
    Project.objects.filter(pk=project.pk).update(section=other_section)
    services.describe_project(project, users["planning_admin"], description="概要",
                              expected_version=opened)
    project.refresh_from_db()
    assert project.section == other_section and project.description == "概要"


def test_a_stale_project_edit_is_refused(client, users, project):
    opened = project.version
    services.describe_project(project, users["section_editor"], description="所管課の概要",
                              expected_version=opened)
    client.force_login(users["planning_admin"])
    response = client.post(reverse("projects:edit", args=[project.pk]), {
        "name": "起業化総合支援事業", "description": "企画課の古い画面", "version": opened})
    assert response.status_code == 200
    assert "先に保存しました" in response.content.decode()
    project.refresh_from_db()
    assert project.description == "所管課の概要"


def test_a_section_editor_cannot_describe_through_the_service_for_another_section(
        users, other_section):
    from django.core.exceptions import PermissionDenied

    project = make_project("商業力強化事業", section=other_section)
    with pytest.raises(PermissionDenied):
        services.describe_project(project, users["section_editor"], description="x",
                                  expected_version=project.version)
    project.refresh_from_db()
    assert project.description == ""


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_sixteen_clients_saving_one_description_one_wins_and_fifteen_are_told(users, project):
    texts = [f"概要{i}" for i in range(16)]
    results = run_together(16, lambda i: services.describe_project(
        project, users["section_editor"], description=texts[i],
        expected_version=project.version))
    counts = outcome(results)
    print(f"\ndescription: 16 clients → {dict(counts)}")
    assert counts == {"ok": 1, EditConflict.__name__: 15}, results
    winner = next(i for i, (kind, _) in enumerate(results) if kind == "ok")
    assert Project.objects.get(pk=project.pk).description == texts[winner]
