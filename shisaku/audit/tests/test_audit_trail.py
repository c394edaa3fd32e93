"""The audit trail: who changed what, when, before and after, on every path."""

import io
import tempfile
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shisaku.accounts.models import Role
from shisaku.audit import display, queries
from shisaku.audit.context import acting
from shisaku.core.testing import PASSWORD, make_article, make_project, make_user
from shisaku.projects.models import Project

pytestmark = pytest.mark.django_db


def entries_for(instance):
    return list(queries.for_record(instance))


def test_a_project_edited_on_the_web_leaves_one_entry_with_actor_before_and_after(users, login):
    project = make_project("起業化総合支援事業", first_fy=2016)
    client = login(users["planning_admin"])
    response = client.post(reverse("projects:edit", args=[project.pk]), {
        "name": "起業化総合支援事業（改）", "group": "", "position": "", "section": "",
        "articles": [], "first_fy": "2016", "last_fy": "", "version": project.version,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    [entry] = [e for e in entries_for(project) if e.action == LogEntry.Action.UPDATE]
    assert entry.actor == users["planning_admin"]
    assert entry.additional_data["via"] == "web"
    assert entry.changes_dict["name"] == ["起業化総合支援事業", "起業化総合支援事業（改）"]


@pytest.mark.parametrize("proxies, recorded", [(0, "192.0.2.10"), (1, "203.0.113.9")])
def test_a_web_change_records_the_address_a_trusted_proxy_saw_never_a_forged_one(
        users, login, settings, proxies, recorded):
    settings.SHISAKU_TRUSTED_PROXY_COUNT = proxies
    project = make_project("起業化総合支援事業", first_fy=2016)
    client = login(users["planning_admin"])
    response = client.post(reverse("projects:edit", args=[project.pk]), {
        "name": "起業化総合支援事業（改）", "group": "", "position": "", "section": "",
        "articles": [], "first_fy": "2016", "last_fy": "", "version": project.version,
    }, REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.9")
    assert response.status_code == 302
    [entry] = [e for e in entries_for(project) if e.action == LogEntry.Action.UPDATE]
    assert entry.remote_addr == recorded


def test_changes_are_shown_with_field_labels_and_display_values(users):
    project = make_project("観光振興事業", first_fy=2016)
    with acting(users["planning_admin"], via="web"):
        project.first_fy = 2021
        project.save()
    entry = [e for e in entries_for(project) if e.action == LogEntry.Action.UPDATE][0]
    [change] = display.describe([entry])[entry.pk]
    assert change.label == str(Project._meta.get_field("first_fy").verbose_name)
    assert change.before == "平成28（2016）年度"
    assert change.after == "令和3（2021）年度"


def test_a_boolean_change_reads_yes_and_no_not_true_and_false(users):
    user = make_user("someone", Role.VIEWER)
    with acting(users["planning_admin"], via="admin"):
        user.is_active = False
        user.save()
    entry = [e for e in entries_for(user) if e.action == LogEntry.Action.UPDATE][0]
    changes = {c.label: c for c in display.describe([entry])[entry.pk]}
    active = changes[str(user._meta.get_field("is_active").verbose_name)]
    assert (active.before, active.after) == ("はい", "いいえ")
    assert display.path_label(entry) == "管理サイト"


def test_a_role_and_section_change_is_recorded_with_the_role_label(users, section):
    user = make_user("newcomer", Role.VIEWER)
    LogEntry.objects.all().delete()
    with acting(users["planning_admin"], via="admin"):
        user.role = Role.SECTION_EDITOR
        user.save()
        user.sections.add(section)
    found = entries_for(user)
    described = display.describe(found)
    labels = {(c.label, c.before, c.after) for e in found for c in described[e.pk]}
    role_label = str(user._meta.get_field("role").verbose_name)
    assert (role_label, str(Role.VIEWER.label), str(Role.SECTION_EDITOR.label)) in labels
    assert any(section.name in c.after for e in found for c in described[e.pk])
    assert found and all(e.actor == users["planning_admin"] for e in found)


def _import_stats(*extra):
    from shisaku.stats.tests.factories import make_census
    from shisaku.stats.tests.test_importers import WIDE

    make_census("census-cmd", {2014: {"D": 4078, "ALL": 42616}})
    path = Path(tempfile.mkdtemp()) / "census.csv"
    path.write_text(WIDE, encoding="utf-8")
    LogEntry.objects.all().delete()
    call_command("import_stats", str(path), "--dataset", "census-cmd", *extra,
                 stdout=io.StringIO())
    return LogEntry.objects.get(additional_data__event="import")


def test_a_command_without_user_is_attributed_to_the_os_user(db):
    entry = _import_stats()
    assert entry.actor is None
    assert entry.additional_data["via"] == "command"
    assert entry.additional_data["command"] == "import-stats"
    assert entry.additional_data["os_user"]
    assert display.actor_label(entry).startswith(entry.additional_data["os_user"])


def test_a_command_with_user_is_attributed_to_that_user(users):
    entry = _import_stats("--user", "kikaku")
    assert entry.actor == users["planning_admin"]
    assert entry.additional_data["via"] == "command"


def test_a_command_refuses_an_unknown_user_and_writes_nothing(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nobody"):
        call_command("load_demo", "--user", "nobody", stdout=io.StringIO())
    assert not Project.objects.exists()
    assert not LogEntry.objects.exists()


def test_an_inner_context_gives_the_outer_one_back(users):
    outer_user, inner_user = users["planning_admin"], users["section_editor"]
    first = make_project("A事業")
    second = make_project("B事業")
    with acting(outer_user, via="command", command="outer"):
        with acting(inner_user, via="web"):
            first.name = "A事業（改）"
            first.save()
        second.name = "B事業（改）"
        second.save()
    assert entries_for(first)[0].actor == inner_user
    assert entries_for(second)[0].actor == outer_user
    assert entries_for(second)[0].additional_data["command"] == "outer"


def test_sign_in_sign_out_and_failed_sign_in_are_recorded(client, users):
    user = users["section_editor"]
    client.post(reverse("login"), {"username": "kogyo", "password": "wrong-password"})
    client.post(reverse("login"), {"username": "ghost", "password": "wrong-password"})
    client.post(reverse("login"), {"username": "kogyo", "password": PASSWORD})
    client.post(reverse("logout"))
    events = [(e.additional_data["event"], e.additional_data["username"], e.actor)
              for e in LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("pk")]
    assert events == [
        ("sign_in_failed", "kogyo", None),
        ("sign_in_failed", "ghost", None),
        ("sign_in", "kogyo", user),
        ("sign_out", "kogyo", user),
    ]
    assert not LogEntry.objects.filter(additional_data__icontains="wrong-password").exists()


def test_a_statistics_import_is_one_entry_with_counts(users):
    from shisaku.stats.importers import import_file
    from shisaku.stats.tests.factories import make_census
    from shisaku.stats.tests.test_importers import WIDE

    dataset = make_census("audited", {2014: {"D": 4078, "ALL": 42616}})
    LogEntry.objects.all().delete()
    with acting(users["planning_admin"], via="web"):
        import_file(dataset, WIDE.encode("utf-8"), "census.csv")
    # One entry for the figures, plus one per period the file added (2016).
    [entry] = LogEntry.objects.filter(additional_data__event="import")
    assert LogEntry.objects.count() == 2
    assert {e.actor for e in LogEntry.objects.all()} == {users["planning_admin"]}
    assert entry.additional_data["event"] == "import"
    [(before, after)] = entry.changes_dict.values()
    assert before == "数値 2件" and after.startswith("数値 14件")


def test_only_the_planning_division_reads_the_audit_trail(users, login, client):
    url = reverse("audit:log")
    assert client.get(url).status_code == 302
    for role in ("section_editor", "council_member", "viewer"):
        assert login(users[role]).get(url).status_code == 403
    assert login(users["planning_admin"]).get(url).status_code == 200


def test_the_trail_is_searchable_by_user_and_by_record(users, login):
    first, second = make_project("検索A事業"), make_project("検索B事業")
    with acting(users["section_editor"], via="web"):
        first.name = "検索A事業（改）"
        first.save()
    with acting(users["planning_admin"], via="web"):
        second.name = "検索B事業（改）"
        second.save()
    client = login(users["planning_admin"])
    by_user = client.get(reverse("audit:log"), {"actor": "kogyo"}).content.decode()
    assert "検索A事業（改）" in by_user and "検索B事業（改）" not in by_user
    by_record = client.get(reverse("audit:log"), {"model": "projects.project",
                                                  "pk": second.pk}).content.decode()
    assert "検索B事業（改）" in by_record and "検索A事業（改）" not in by_record


def test_the_audit_page_costs_the_same_queries_for_few_and_many_entries(users, login, section):
    article = make_article(12)
    client = login(users["planning_admin"])

    def count(n):
        LogEntry.objects.all().delete()
        for i in range(n):
            with acting(users["planning_admin"], via="web"):
                project = make_project(f"件数{n}-{i}", section=section)
                project.articles.add(article)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("audit:log")).status_code == 200
        return len(ctx)

    count(1)  # warm the content-type cache
    assert count(3) == count(40)
