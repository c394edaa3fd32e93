"""The admin obeys the domain: years round-trip, workflow states move only through the
workflow, a published year is final, and nothing in the admin saves around a rule."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from shisaku.core.admin import DomainAdmin
from shisaku.core.testing import make_article, make_plan, make_program, make_project
from shisaku.projects.forms import ProjectForm
from shisaku.reports.models import PublishedDocument
from shisaku.sheets.models import Cycle, IndicatorValue, Sheet, SheetChange
from shisaku.sheets.tests.factories import make_cycle, make_indicator, make_sheet, set_value
from shisaku.verification.models import (
    ArticleMainOpinion,
    Committee,
    FollowUp,
    Meeting,
    Opinion,
    Response,
)

from .admin_forms import unchanged_post_data


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def delete_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])


def changelist_url(model):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")


def input_tag(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, f"no input named {name}"
    return match.group(0)


# --- fiscal years ----------------------------------------------------------------------------

def test_a_projects_years_show_in_the_admin_and_survive_an_unchanged_save(client, kikaku):
    project = make_project(first_fy=2016, last_fy=2021)
    client.force_login(kikaku)

    page = client.get(change_url(project))
    html = page.content.decode()
    for name, shown in (("first_fy", "平成28（2016）年度"), ("last_fy", "令和3（2021）年度")):
        tag = input_tag(html, name)
        assert 'type="text"' in tag
        assert f'value="{shown}"' in tag

    response = client.post(change_url(project), unchanged_post_data(page))
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    assert (project.first_fy, project.last_fy) == (2016, 2021)


def test_a_plans_and_an_execution_programs_years_survive_an_unchanged_save(client, kikaku):
    plan = make_plan(2016, 2025)
    program = make_program(plan, 3, 2022, 2025)
    client.force_login(kikaku)

    for obj, years, shown in ((plan, (2016, 2025), "平成28（2016）年度"),
                              (program, (2022, 2025), "令和4（2022）年度")):
        page = client.get(change_url(obj))
        assert f'value="{shown}"' in input_tag(page.content.decode(), "first_fy")
        response = client.post(change_url(obj), unchanged_post_data(page))
        assert response.status_code == 302
        obj.refresh_from_db()
        assert (obj.first_fy, obj.last_fy) == years


def test_a_cycles_year_shows_in_the_admin_and_an_unchanged_save_keeps_it(client, kikaku):
    cycle = make_cycle(2021, Cycle.Status.ENTERING)
    client.force_login(kikaku)

    page = client.get(change_url(cycle))
    assert page.context["adminform"].form.instance.fiscal_year == 2021
    assert '<div class="readonly">令和3（2021）年度</div>' in page.content.decode()
    response = client.post(change_url(cycle), unchanged_post_data(page))
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.fiscal_year == 2021


def test_a_year_typed_in_the_admin_in_any_written_form_is_stored_as_the_start_year(
        client, kikaku):
    project = make_project()
    client.force_login(kikaku)
    page = client.get(change_url(project))
    data = unchanged_post_data(page) | {"first_fy": "R4", "last_fy": "2025"}
    assert client.post(change_url(project), data).status_code == 302
    project.refresh_from_db()
    assert (project.first_fy, project.last_fy) == (2022, 2025)


def test_a_site_form_shows_the_year_in_a_text_box_and_round_trips_it(db):
    project = make_project(first_fy=2021)
    html = str(ProjectForm(instance=project)["first_fy"])
    assert 'type="text"' in html and 'value="令和3（2021）年度"' in html
    form = ProjectForm({"name": project.name, "first_fy": "令和3（2021）年度",
                        "version": project.version}, instance=project)
    assert form.is_valid(), form.errors
    assert form.save().first_fy == 2021


# --- workflow states -------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["kikaku", "root"])
def test_a_cycle_cannot_be_moved_to_published_in_the_admin(client, request, who):
    user = request.getfixturevalue(who)
    cycle = make_cycle(2021, Cycle.Status.ENTERING)
    sheet = make_sheet(cycle=cycle, state=Sheet.State.DRAFT)
    client.force_login(user)

    page = client.get(change_url(cycle))
    assert "status" not in page.context["adminform"].form.fields
    data = unchanged_post_data(page) | {"status": Cycle.Status.PUBLISHED}
    client.post(change_url(cycle), data)

    cycle.refresh_from_db()
    sheet.refresh_from_db()
    assert cycle.status == Cycle.Status.ENTERING
    assert cycle.published_on is None
    assert sheet.state == Sheet.State.DRAFT
    assert not PublishedDocument.objects.exists()


def test_a_cycle_cannot_be_added_or_deleted_in_the_admin(client, kikaku, root):
    cycle = make_cycle(2021, Cycle.Status.PREPARING)
    for user in (kikaku, root):
        client.force_login(user)
        add = reverse("admin:sheets_cycle_add")
        assert client.get(add).status_code == 403
        assert client.post(add, {"fiscal_year": "2022", "status": "published"}).status_code == 403
        assert client.post(delete_url(cycle), {"post": "yes"}).status_code == 403
        client.post(changelist_url(Cycle), {
            "action": "delete_selected", "_selected_action": [cycle.pk], "post": "yes"})
    assert list(Cycle.objects.values_list("fiscal_year", "status")) == [(2021, "preparing")]


def test_a_cycles_bands_obey_the_models_rule_in_the_admin(client, kikaku):
    cycle = make_cycle(2021, Cycle.Status.ENTERING)
    client.force_login(kikaku)
    page = client.get(change_url(cycle))
    data = unchanged_post_data(page) | {"achieved_min": "80", "mostly_min": "90"}
    response = client.post(change_url(cycle), data)
    assert response.status_code == 200
    assert "「概ね達成」の下限は「達成」の下限以下にしてください。" in response.content.decode()
    cycle.refresh_from_db()
    assert (cycle.achieved_min, cycle.mostly_min) == (100, 80)


@pytest.mark.parametrize("model", [Sheet, IndicatorValue, SheetChange, Opinion, Response,
                                   FollowUp, PublishedDocument])
def test_records_with_their_own_services_are_view_only_in_the_admin(rf, kikaku, root, model):
    model_admin = admin.site._registry[model]
    for user in (kikaku, root):
        request = rf.get("/")
        request.user = user
        assert model_admin.has_view_permission(request)
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)


def test_a_sheets_state_cannot_be_posted_through_the_admin(client, root):
    sheet = make_sheet(state=Sheet.State.DRAFT)
    client.force_login(root)
    response = client.post(change_url(sheet), {"state": Sheet.State.PUBLISHED, "goal": "x"})
    assert response.status_code == 403
    sheet.refresh_from_db()
    assert (sheet.state, sheet.goal) == (Sheet.State.DRAFT, "")


def test_an_indicator_with_values_cannot_be_deleted_in_the_admin(client, kikaku):
    indicator = make_indicator(make_project())
    set_value(indicator, 2021, target=10, actual=8)
    client.force_login(kikaku)
    client.post(delete_url(indicator), {"post": "yes"})
    assert IndicatorValue.objects.filter(indicator=indicator).exists()


# --- a published year is final ---------------------------------------------------------------

@pytest.fixture
def published_year(db):
    cycle = make_cycle(2021, Cycle.Status.PUBLISHED)
    council = Committee.objects.create(name="川崎市産業振興協議会", kind="council")
    meeting = Meeting.objects.create(cycle=cycle, committee=council, kind="council",
                                     title="令和3年度第1回協議会")
    main = ArticleMainOpinion.objects.create(cycle=cycle, article=make_article(12),
                                             text="創業支援を続けること")
    return cycle, meeting, main


@pytest.mark.parametrize("who", ["kikaku", "root"])
def test_a_published_cycle_and_its_records_are_read_only_in_the_admin(
        client, request, published_year, who):
    client.force_login(request.getfixturevalue(who))
    cycle, meeting, main = published_year
    for obj in published_year:
        page = client.get(change_url(obj))
        assert page.status_code == 200
        html = page.content.decode()
        assert 'name="_save"' not in html
        assert "公表済の年度の記録は管理画面では変更・削除できません。" in html
        assert client.post(change_url(obj), {"text": "書き換え", "title": "書き換え",
                                             "sheet_due": "2021-05-01"}).status_code == 403
        assert client.post(delete_url(obj), {"post": "yes"}).status_code == 403

    cycle.refresh_from_db()
    meeting.refresh_from_db()
    main.refresh_from_db()
    assert cycle.sheet_due is None and cycle.status == Cycle.Status.PUBLISHED
    assert meeting.title == "令和3年度第1回協議会"
    assert main.text == "創業支援を続けること"


def test_the_bulk_delete_refuses_a_published_years_meeting(client, kikaku, published_year):
    cycle, meeting, main = published_year
    client.force_login(kikaku)
    for model, obj in ((Meeting, meeting), (ArticleMainOpinion, main)):
        response = client.post(changelist_url(model), {
            "action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
        assert response.status_code in (200, 403)
        assert model.objects.filter(pk=obj.pk).exists()


def test_nothing_is_added_to_or_moved_into_a_published_year(client, kikaku, published_year):
    published, meeting, main = published_year
    open_cycle = make_cycle(2022, Cycle.Status.VERIFYING)
    council = meeting.committee
    client.force_login(kikaku)

    add = client.get(reverse("admin:verification_meeting_add"))
    choices = [str(c) for c in add.context["adminform"].form.fields["cycle"].queryset]
    assert choices == [str(open_cycle)]

    response = client.post(reverse("admin:verification_meeting_add"), {
        "cycle": published.pk, "committee": council.pk, "kind": "council", "title": "後から追加"})
    assert response.status_code == 200
    assert not Meeting.objects.filter(title="後から追加").exists()

    other = Meeting.objects.create(cycle=open_cycle, committee=council, kind="hearing",
                                   title="ヒアリング")
    page = client.get(change_url(other))
    client.post(change_url(other), unchanged_post_data(page) | {"cycle": published.pk})
    other.refresh_from_db()
    assert other.cycle == open_cycle


def test_a_member_who_attended_a_published_meeting_cannot_be_deleted(
        client, kikaku, published_year):
    from shisaku.verification.models import Member

    _, meeting, _ = published_year
    member = Member.objects.create(name="川崎 太郎", category="academic", affiliation="大学")
    meeting.attendees.add(member)
    client.force_login(kikaku)
    client.post(delete_url(member), {"post": "yes"})
    assert meeting.attendees.filter(pk=member.pk).exists()


def test_an_open_years_meeting_stays_editable_in_the_admin(client, kikaku):
    cycle = make_cycle(2022, Cycle.Status.VERIFYING)
    council = Committee.objects.create(name="川崎市産業振興協議会", kind="council")
    meeting = Meeting.objects.create(cycle=cycle, committee=council, kind="council", title="旧")
    client.force_login(kikaku)
    page = client.get(change_url(meeting))
    response = client.post(change_url(meeting), unchanged_post_data(page) | {"title": "新"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "新"


def test_a_main_opinion_cannot_quote_another_years_opinion(client, kikaku, published_year):
    published, _, _ = published_year
    open_cycle = make_cycle(2022, Cycle.Status.VERIFYING)
    old = Opinion.objects.create(cycle=published, scope="cycle", number=1, text="昨年の意見")
    client.force_login(kikaku)
    response = client.post(reverse("admin:verification_articlemainopinion_add"), {
        "cycle": open_cycle.pk, "article": make_article(13, "連携の促進").pk, "order": "0",
        "opinion": old.pk, "text": ""})
    assert response.status_code == 200
    assert "元の検証意見は同じ年度サイクルのものを選んでください。" in response.content.decode()
    assert not ArticleMainOpinion.objects.filter(cycle=open_cycle).exists()


# --- nothing saves around a rule -------------------------------------------------------------

def test_no_admin_writes_around_the_models_rules():
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("shisaku."):
            continue
        name = type(model_admin).__name__
        assert isinstance(model_admin, DomainAdmin), name
        assert not model_admin.list_editable, name
        # The one save_model is DomainAdmin's (it checks and moves a record's version).
        assert type(model_admin).save_model is DomainAdmin.save_model or name == "UserAdmin"
        custom = [a for a in (model_admin.actions or []) if a != "delete_selected"]
        assert not custom, name


def test_what_a_published_year_printed_about_an_indicator_is_read_only(client, kikaku):
    make_cycle(2021, Cycle.Status.PUBLISHED)
    indicator = make_indicator(make_project(), direction="higher")
    set_value(indicator, 2021, target=10, actual=8)
    client.force_login(kikaku)
    page = client.get(change_url(indicator))
    form = page.context["adminform"].form
    assert "direction" not in form.fields and "name" not in form.fields
    data = unchanged_post_data(page) | {"direction": "lower", "name": "別の名前",
                                        "retired_fy": "令和5年度"}
    assert client.post(change_url(indicator), data).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.direction, indicator.retired_fy) == (
        "起業相談件数", "higher", 2023)
