"""The city's report profile: Kawasaki's by default (no ratings the city never made), edited by
the planning division only, with the preview beside the form; the report follows it."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from shisaku.core.concurrency import EditConflict
from shisaku.core.testing import make_project
from shisaku.reports import profile as report_profile
from shisaku.reports.build import build
from shisaku.reports.content.sheet import check_action
from shisaku.reports.document import Document, Figure, Heading, Table
from shisaku.reports.models import ReportProfile, ReportSection
from shisaku.reports.services import save_profile
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.tests.factories import make_cycle, make_sheet

pytestmark = pytest.mark.django_db
KEYS = [key for key, _heading, _numbered in report_profile.KAWASAKI_SECTIONS]


@pytest.fixture
def year(section):
    cycle = make_cycle(2021, status=Cycle.Status.VERIFYING)
    make_sheet(make_project("生産性向上推進事業", section=section), cycle=cycle, complete=True,
               verified=True, state=Sheet.State.CONFIRMED)
    return cycle


def form_data(profile=None, **changes) -> dict:
    """What the page posts for `profile` (stored or Kawasaki's), with `changes`."""
    profile = profile or report_profile.current()
    data = {"name": profile.name, "version": profile.version}
    for flag in ("number_headings", "show_achievement", "show_rating_chart",
                 "check_action_side_by_side"):
        if getattr(profile, flag):
            data[flag] = "on"
    for section in report_profile.sections(profile):
        data[f"{section.key}-heading"] = section.heading
        data[f"{section.key}-position"] = section.position
        if section.shown:
            data[f"{section.key}-shown"] = "on"
        if section.numbered:
            data[f"{section.key}-numbered"] = "on"
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def headings(cycle) -> list[str]:
    """The chapters' headings (level 1)."""
    _data, doc = build(cycle, "full", "html")
    return [item.text for item in doc.items if isinstance(item, Heading) and item.level == 1]


def test_the_model_citys_profile_is_stored_with_no_optional_content():
    profile = ReportProfile.objects.get()
    assert profile.name == report_profile.KAWASAKI_NAME
    assert not profile.shows("achievement") and not profile.shows("ratings")
    assert not profile.shows("side_by_side") and profile.shows("numbering")
    assert [s.key for s in report_profile.sections(profile)] == KEYS
    assert report_profile.shows("ratings") is False  # what the summary and press ask


def test_without_a_stored_profile_the_report_is_laid_out_as_kawasakis(year):
    ReportSection.objects.all().delete()
    ReportProfile.objects.all().delete()
    assert headings(year)[:4] == ["1　はじめに", "2　市内産業の現状",
                                  "3　中小企業活性化施策の検証体制等",
                                  "4　令和3（2021）年度中小企業活性化施策の実施状況"]


def test_the_kawasaki_report_has_no_achievement_row_and_no_rating_chart(year):
    _data, doc = build(year, "full", "html")
    rows = [row[0] for item in doc.items if isinstance(item, Table) for row in item.rows]
    assert "目標（件）" in rows and "達成率" not in rows and "評価" not in rows
    assert not any(isinstance(item, Figure) and item.name == "ratings.svg" for item in doc.items)


@pytest.mark.parametrize("role,status", [
    (None, 302), ("section_editor", 403), ("council_member", 403), ("viewer", 403),
    ("planning_admin", 200)])
def test_only_the_planning_division_opens_the_profile(client, users, year, role, status):
    if role:
        client.force_login(users[role])
    for name in ("reports:profile", "reports:profile_preview"):
        assert client.get(reverse(name)).status_code == status


@pytest.mark.parametrize("role", ["section_editor", "council_member", "viewer"])
def test_no_one_else_changes_the_profile(client, users, year, role):
    client.force_login(users[role])
    response = client.post(reverse("reports:profile"), form_data(show_achievement="on"))
    assert response.status_code == 403
    assert not ReportProfile.objects.get().show_achievement


def test_the_planning_division_changes_the_profile_and_the_report_follows(client, users, year):
    client.force_login(users["planning_admin"])
    response = client.post(reverse("reports:profile"), form_data(**{
        "show_achievement": "on", "show_rating_chart": "on",
        "statistics-shown": None, "introduction-heading": "本書について",
        "council-position": 9}))
    assert response.status_code == 302
    profile = ReportProfile.objects.get()
    assert profile.shows("achievement") and profile.shows("ratings") and profile.version == 1
    assert profile.updated_by == users["planning_admin"]
    assert headings(year)[:3] == ["1　本書について",
                                  "2　令和3（2021）年度中小企業活性化施策の実施状況",
                                  "3　中小企業活性化施策の検証体制等"]
    _data, doc = build(year, "full", "html")
    rows = [row[0] for item in doc.items if isinstance(item, Table) for row in item.rows]
    assert "達成率" in rows and "評価" in rows
    assert any(isinstance(item, Figure) and item.name == "ratings.svg" for item in doc.items)


def test_a_shown_section_needs_a_heading(client, users, year):
    client.force_login(users["planning_admin"])
    response = client.post(reverse("reports:profile"), form_data(**{"council-heading": ""}))
    assert response.status_code == 400
    assert "見出しを入力してください" in response.content.decode()
    assert ReportSection.objects.get(key="council").heading == "中小企業活性化施策の検証体制等"


def test_a_stale_save_is_refused_and_keeps_the_input(client, users, year):
    opened = form_data()
    save_profile(users["planning_admin"], expected_version=0,
                 values={"name": "別の人の保存", "number_headings": True,
                         "show_achievement": False, "show_rating_chart": False,
                         "check_action_side_by_side": False}, sections={})
    client.force_login(users["planning_admin"])
    response = client.post(reverse("reports:profile"), {**opened, "name": "わたしの保存"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "わたしの保存" in page and "別の人の保存" in page
    assert ReportProfile.objects.get().name == "別の人の保存"
    with pytest.raises(EditConflict):
        save_profile(users["planning_admin"], expected_version=0, values={}, sections={})


def test_the_preview_follows_the_unsaved_form_and_writes_nothing(client, users, year):
    client.force_login(users["planning_admin"])
    before = list(ReportSection.objects.values())
    response = client.post(reverse("reports:profile_preview"),
                           form_data(**{"introduction-heading": "下書きの見出し"}))
    assert response.status_code == 200
    assert "1　下書きの見出し" in response.content.decode()
    assert list(ReportSection.objects.values()) == before
    assert ReportProfile.objects.get().version == 0
    page = client.get(reverse("reports:profile")).content.decode()
    assert 'hx-get="/reports/profile/preview/"' in page.replace("&quot;", '"')


def test_check_and_action_are_two_numbered_sections_unless_the_profile_asks_for_one_table():
    cycle = SimpleNamespace(fiscal_year=2021)
    answer = SimpleNamespace(label="①", text="対応します。")
    opinions = [SimpleNamespace(cycle=cycle, label="①", text="意見です。", response=answer),
                SimpleNamespace(cycle=cycle, label="②", text="もう一つ。", response=None)]
    doc = Document(title="", kind="full", fiscal_year=2021, header="")
    check_action(doc, opinions, report_profile.kawasaki_profile())
    assert [item.text for item in doc.items] == [
        "主な検証意見 Check", "①意見です。", "②もう一つ。",
        "令和4年度以降の対応 Action", "①対応します。", "②（対応未記入）"]
    side = report_profile.kawasaki_profile()
    side.check_action_side_by_side = True
    doc = Document(title="", kind="full", fiscal_year=2021, header="")
    check_action(doc, opinions, side)
    table = doc.items[1]
    assert isinstance(table, Table)
    assert table.rows == (("①", "意見です。", "①対応します。"), ("②", "もう一つ。", "（対応未記入）"))


def test_without_numbering_the_headings_are_the_titles_alone():
    profile = report_profile.kawasaki_profile()
    assert [s.heading for s in report_profile.plan(profile, 2021)][:2] == [
        "1　はじめに", "2　市内産業の現状"]
    assert report_profile.numbered_subheading(profile, 1, "産業構造") == "(1) 産業構造"
    profile.number_headings = False
    assert [s.heading for s in report_profile.plan(profile, 2021)] == [
        "はじめに", "市内産業の現状", "中小企業活性化施策の検証体制等",
        "令和3（2021）年度中小企業活性化施策の実施状況", ""]
    assert report_profile.numbered_subheading(profile, 1, "産業構造") == "産業構造"


def test_the_full_reports_excel_carries_achievement_and_ratings_only_where_the_profile_does(
        client, users, year):
    from io import BytesIO

    from openpyxl import load_workbook

    def workbook():
        data, _doc = build(year, "full", "xlsx")
        return load_workbook(BytesIO(data))

    kawasaki = workbook()
    assert kawasaki.sheetnames == ["指標"]
    header = [cell.value for cell in kawasaki["指標"][1]]
    assert "達成率(%)" not in header and "評価" not in header and header[-1] == "内訳"
    client.force_login(users["planning_admin"])
    client.post(reverse("reports:profile"), form_data(**{
        "show_achievement": "on", "show_rating_chart": "on"}))
    shown = workbook()
    assert shown.sheetnames == ["指標", "条文別の達成状況"]
    assert [cell.value for cell in shown["指標"][1]][-2:] == ["達成率(%)", "評価"]
