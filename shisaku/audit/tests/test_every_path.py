"""One change of a record through each path that can write it leaves exactly one audit entry
naming the actor, with the value before and after (issue #10, done-when 3)."""

import io
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from shisaku.accounts.models import Role
from shisaku.city.models import Section
from shisaku.core.testing import make_plan, make_program, make_project, make_user
from shisaku.core.tests.admin_forms import _shown, unchanged_post_data
from shisaku.ingest.excel_upload import upload_workbook
from shisaku.ingest.tests.test_excel_support import OWN, address, download, edit
from shisaku.sheets.models import Cycle, IndicatorValue, Sheet
from shisaku.sheets.tests.factories import make_cycle, make_indicator, make_sheet, set_value
from shisaku.verification import services
from shisaku.verification.models import Committee, Meeting, Opinion, Response
from shisaku.verification.tests.factories import make_committees, seat

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[4] / "shared" / "seeds" / "002_report_fy2021_excerpt.txt"


def updates(instance):
    return list(LogEntry.objects.get_for_object(instance).filter(action=LogEntry.Action.UPDATE))


def the_one_change(instance, field, actor, before, after):
    """Exactly one UPDATE entry for the record, by `actor`, with `field` before → after."""
    entries = updates(instance)
    assert len(entries) == 1, [(e.changes_dict, e.actor) for e in entries]
    [entry] = entries
    assert entry.actor == actor
    assert entry.changes_dict[field] == [str(before), str(after)]
    return entry


def form_data(response, form_key="form") -> dict:
    """What a browser posts back from a site form, untouched."""
    form = response.context[form_key]
    data = {}
    for name in form.fields:
        value = _shown(form[name])
        if value is not None:
            data[form.add_prefix(name)] = value
    return data


# --- web --------------------------------------------------------------------------------

def test_web_project(users, login):
    project = make_project("起業化総合支援事業", first_fy=2016, description="旧")
    client = login(users["planning_admin"])
    url = reverse("projects:edit", args=[project.pk])
    data = form_data(client.get(url)) | {"description": "新"}
    assert client.post(url, data).status_code == 302
    entry = the_one_change(project, "description", users["planning_admin"], "旧", "新")
    assert entry.additional_data["via"] == "web"


def test_web_program(users, login):
    program = make_program(make_plan(2016, 2025), 3, 2022, 2025)
    client = login(users["planning_admin"])
    url = reverse("plan:program_edit", args=[program.pk])
    data = form_data(client.get(url)) | {"description": "第3期の概要"}
    assert client.post(url, data).status_code == 302
    the_one_change(program, "description", users["planning_admin"], "", "第3期の概要")


def test_web_cycle_settings(users, login):
    cycle = make_cycle(2022)
    client = login(users["planning_admin"])
    url = reverse("sheets:cycle_edit", args=[2022])
    data = form_data(client.get(url)) | {"mostly_min": "70"}
    assert client.post(url, data).status_code == 302
    the_one_change(cycle, "mostly_min", users["planning_admin"], "80.0", "70")


@pytest.fixture
def verified_year(users, section):
    cycle = make_cycle(2021, Cycle.Status.VERIFYING)
    sheet = make_sheet(make_project("勤労者福祉対策事業", section=section), cycle=cycle,
                       state=Sheet.State.SUBMITTED, complete=True, verified=True)
    council, _sub = make_committees()
    seat(users["council_member"], council)
    opinion = services.add_opinion(cycle, users["council_member"], text="意見の原文", sheet=sheet)
    return cycle, sheet, opinion, council


def test_web_opinion(users, login, verified_year):
    _cycle, _sheet, opinion, _council = verified_year
    client = login(users["council_member"])
    url = reverse("verification:opinion_edit", args=[opinion.pk])
    data = form_data(client.get(url)) | {"text": "直した意見"}
    assert client.post(url, data).status_code == 302
    the_one_change(opinion, "text", users["council_member"], "意見の原文", "直した意見")


def test_web_response(users, login, verified_year):
    _cycle, _sheet, opinion, _council = verified_year
    response = services.respond(opinion, users["section_editor"], text="対応の原文",
                                classification=Response.Classification.values[0])
    client = login(users["section_editor"])
    url = reverse("verification:respond", args=[opinion.pk])
    data = form_data(client.get(url)) | {"text": "直した対応"}
    assert client.post(url, data).status_code == 302
    the_one_change(response, "text", users["section_editor"], "対応の原文", "直した対応")


def test_web_meeting(users, login, verified_year):
    cycle, _sheet, _opinion, council = verified_year
    meeting = Meeting.objects.create(cycle=cycle, committee=council, kind=Meeting.Kind.COUNCIL,
                                     title="第1回")
    client = login(users["planning_admin"])
    url = reverse("verification:meeting_edit", args=[2021, meeting.pk])
    data = form_data(client.get(url)) | {"title": "第1回協議会"}
    assert client.post(url, data).status_code == 302
    the_one_change(meeting, "title", users["planning_admin"], "第1回", "第1回協議会")


# --- admin ------------------------------------------------------------------------------

def admin_change(client, obj, **changes):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = unchanged_post_data(client.get(url)) | changes
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()


@pytest.mark.parametrize("kind", ["project", "section", "committee", "user"])
def test_admin(client, kikaku, section, kind):
    client.force_login(kikaku)
    if kind == "project":
        obj, field, before, after = make_project("管理事業", first_fy=2016), "name", "管理事業", "管理事業（改）"
    elif kind == "section":
        obj, field, before, after = section, "name", section.name, "工業振興課（改）"
    elif kind == "committee":
        obj = Committee.objects.create(name="旧会議体", kind=Committee.Kind.COUNCIL)
        field, before, after = "name", "旧会議体", "新会議体"
    else:
        obj = make_user("newcomer", Role.VIEWER)
        field, before, after = "role", Role.VIEWER.value, Role.COUNCIL_MEMBER.value
    LogEntry.objects.all().delete()
    admin_change(client, obj, **{field: after})
    entry = [e for e in updates(obj) if field in e.changes_dict]
    assert len(entry) == 1
    assert entry[0].actor == kikaku
    assert entry[0].changes_dict[field] == [before, after]
    assert entry[0].additional_data["via"] == "admin"


# --- Excel -------------------------------------------------------------------------------

def test_excel_upload(client, users, section):
    cycle = make_cycle(2021)
    sheet = make_sheet(make_project(OWN, section=section), cycle=cycle, complete=True,
                       goal="元の目標")
    indicator = make_indicator(sheet.project, "セミナー開催回数", "回")
    value = set_value(indicator, 2021, target=12, actual=10)
    data = download(client, users["section_editor"])
    changed = edit(data, {(OWN, address(data, OWN, field="goal")): "新しい目標",
                          (OWN, address(data, OWN, "セミナー開催回数", 2021, "actual")): 11})
    LogEntry.objects.all().delete()
    result = upload_workbook(changed, cycle, users["section_editor"])
    assert not result.errors
    the_one_change(sheet, "goal", users["section_editor"], "元の目標", "新しい目標")
    entry = the_one_change(value, "actual", users["section_editor"], "10.000", "11")
    assert entry.changes_dict["actual"][0] == "10.000"


# --- importer and commands ------------------------------------------------------------

@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/seeds (not in a user's clone)")
def test_report_importer_command_attributes_every_write_to_its_user(users):
    LogEntry.objects.all().delete()
    call_command("import_report", str(SEED), "--fiscal-year", "2021", "--user", "kikaku",
                 "--published-on", "2022-08-01", stdout=io.StringIO())
    written = LogEntry.objects.exclude(action=LogEntry.Action.ACCESS)
    assert written.exists()
    assert set(written.values_list("actor__username", flat=True)) == {"kikaku"}
    assert {e.additional_data["command"] for e in written} == {"import-report"}
    # Each sheet's goal was written once, by the importer's user, with its text.
    sheet = Sheet.objects.filter(cycle__fiscal_year=2021).exclude(goal="").first()
    goal_entries = [e for e in LogEntry.objects.get_for_object(sheet)
                    if e.changes_dict.get("goal", [None, None])[1] == sheet.goal]
    assert len(goal_entries) == 1 and goal_entries[0].changes_dict["goal"][1] == sheet.goal
    opinion = Opinion.objects.filter(cycle__fiscal_year=2021).first()
    assert LogEntry.objects.get_for_object(opinion).filter(action=LogEntry.Action.CREATE).count() == 1
    value = IndicatorValue.objects.filter(fiscal_year=2021, actual__isnull=False).first()
    assert LogEntry.objects.get_for_object(value).exists()


def test_statistics_command_is_one_entry_by_its_user(users):
    from shisaku.stats.tests.factories import make_census
    from shisaku.stats.tests.test_importers import WIDE

    make_census("census-test", {2014: {"D": 4078, "ALL": 42616}})
    path = Path(__import__("tempfile").mkdtemp()) / "census.csv"
    path.write_text(WIDE, encoding="utf-8")
    LogEntry.objects.all().delete()
    call_command("import_stats", str(path), "--dataset", "census-test", "--user", "kikaku",
                 stdout=io.StringIO())
    [entry] = LogEntry.objects.filter(additional_data__event="import")
    assert entry.actor == users["planning_admin"]
    assert entry.additional_data["command"] == "import-stats"
    [(before, after)] = entry.changes_dict.values()
    assert before == "数値 2件" and after.startswith("数値 14件")


def test_paths_that_write_sections_and_programs_do_not_leave_anonymous_entries(
        client, kikaku, section):
    """A sanity check of the middleware: nothing written in a signed-in request is unattributed."""
    client.force_login(kikaku)
    LogEntry.objects.all().delete()
    admin_change(client, section, name="工業振興課（二）")
    program = make_program(make_plan(2016, 2025), 3, 2022, 2025)
    admin_change(client, program, description="管理画面で書いた概要")
    assert LogEntry.objects.filter(content_type__model__in=["section", "program"],
                                   action=LogEntry.Action.UPDATE).count() == 2
    assert not LogEntry.objects.filter(actor__isnull=True,
                                       action=LogEntry.Action.UPDATE).exists()
    assert Section.objects.get(pk=section.pk).name == "工業振興課（二）"
