"""The admin is one more editor of versioned records: it checks and moves the version."""

import pytest
from auditlog.models import LogEntry

from shisaku.core.testing import make_plan, make_program, make_project

from .admin_forms import unchanged_post_data
from .test_admin_rules import change_url

pytestmark = pytest.mark.django_db


def test_an_admin_save_moves_the_version_so_an_open_screen_notices(client, kikaku):
    project = make_project(first_fy=2016)
    client.force_login(kikaku)
    page = client.get(change_url(project))
    data = unchanged_post_data(page)
    data["name"] = "管理画面で直した名前"
    response = client.post(change_url(project), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.name, project.version) == ("管理画面で直した名前", 1)
    entry = LogEntry.objects.get_for_object(project).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == kikaku and entry.additional_data["via"] == "admin"
    assert entry.changes_dict["name"][1] == "管理画面で直した名前"


def test_a_stale_admin_save_is_refused_and_keeps_the_input(client, kikaku):
    plan = make_plan(2016, 2025)
    program = make_program(plan, 3, 2022, 2025)
    client.force_login(kikaku)
    page = client.get(change_url(program))
    data = unchanged_post_data(page)
    # Someone else saves the program on the screens meanwhile.
    program.description = "先に保存した概要"
    program.version += 1
    program.save()
    data["description"] = "後から保存した概要"
    response = client.post(change_url(program), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert any("先に保存しました" in str(e) for e in errors)
    assert "後から保存した概要" in response.content.decode()
    program.refresh_from_db()
    assert program.description == "先に保存した概要"
