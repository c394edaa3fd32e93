"""One owner per stored fact: a value of (indicator, FY) is written only through its own year's
sheet, a save writes only what the person changed, and its history is on that sheet."""

import threading
from decimal import Decimal as D
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.sheets.editing import EditConflict, ValueInput, save_sheet, year_rules
from shisaku.sheets.models import Cycle, IndicatorValue, Sheet, SheetChange

from .factories import make_cycle, make_indicator, make_sheet, set_value

pytestmark = pytest.mark.django_db


class _Fields(HTMLParser):
    """The fields a browser would send back from a rendered form, as it shows them."""

    def __init__(self):
        super().__init__()
        self.data, self._textarea, self._select = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox"):
            self.data[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea, self.data[name] = name, ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def opened_form(client, sheet) -> dict:
    """Open the sheet's edit page and return what its form would send unchanged."""
    response = client.get(reverse("sheets:edit", args=[sheet.pk]))
    assert response.status_code == 200
    parser = _Fields()
    parser.feed(response.content.decode())
    parser.data.pop("csrfmiddlewaretoken", None)
    parser.data.pop("add_year", None)
    return {**parser.data, "save": "1"}


def value_row(indicator, fy):
    v = IndicatorValue.objects.get(indicator=indicator, fiscal_year=fy)
    return (v.target, v.actual, v.actual_status, v.breakdown, v.comment, v.version)


@pytest.fixture
def two_years(section):
    """FY2021's sheet published (its cycle too), FY2022's a section draft; one indicator."""
    project = make_project("起業化総合支援事業", section=section)
    cycle21 = make_cycle(2021, status=Cycle.Status.PUBLISHED)
    cycle22 = make_cycle(2022)
    sheet21 = make_sheet(project, cycle=cycle21, state=Sheet.State.PUBLISHED, goal="公表した目標")
    sheet22 = make_sheet(project, cycle=cycle22, goal="来年度の目標")
    indicator = make_indicator(project)
    set_value(indicator, 2021, target=100, actual=90)
    set_value(indicator, 2022, target=100)
    return sheet21, sheet22, indicator


def test_next_years_grid_shows_last_years_figures_read_only(client, users, two_years):
    sheet21, sheet22, indicator = two_years
    client.force_login(users["section_editor"])
    html = client.get(reverse("sheets:edit", args=[sheet22.pk])).content.decode()
    assert f'name="v{indicator.pk}_2021-actual"' not in html
    assert f'name="v{indicator.pk}_2022-actual"' in html
    assert "参照のみ" in html and reverse("sheets:detail", args=[sheet21.pk]) in html
    assert "実績 90" in html


def test_last_years_actual_posted_through_next_years_draft_is_refused_and_nothing_changes(
        client, users, two_years):
    sheet21, sheet22, indicator = two_years
    client.force_login(users["section_editor"])
    data = opened_form(client, sheet22)
    data[f"v{indicator.pk}_2021-actual"] = "999"  # a crafted post: the page has no such input
    data["goal"] = "書き換えた目標"
    before = value_row(indicator, 2021)
    response = client.post(reverse("sheets:edit", args=[sheet22.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "「起業相談件数」R3 (2021) 年度: 令和3（2021）年度の値は令和3（2021）年度のシート（公表済）" in html
    assert "書き換えた目標" in html  # the person's input stays on screen
    assert value_row(indicator, 2021) == before
    sheet22.refresh_from_db()
    assert sheet22.goal == "来年度の目標" and sheet22.version == 1
    assert not SheetChange.objects.exists()
    # The published page reads the figure it was published with.
    detail = client.get(reverse("sheets:detail", args=[sheet21.pk])).content.decode()
    assert "999" not in detail


def test_save_sheet_refuses_another_years_value_and_writes_nothing(users, two_years):
    _sheet21, sheet22, indicator = two_years
    with pytest.raises(ValidationError) as exc:
        save_sheet(sheet22, users["planning_admin"], {"goal": "企画課の修正"}, sheet22.version,
                   [ValueInput(indicator, 2021, D("100"), D("999"), "measured", [], "")])
    assert "令和3（2021）年度のシート（公表済）" in exc.value.messages[0]
    assert IndicatorValue.objects.get(indicator=indicator, fiscal_year=2021).actual == 90
    sheet22.refresh_from_db()
    assert sheet22.goal == "来年度の目標" and sheet22.version == 1
    assert not SheetChange.objects.exists()


def test_a_confirmed_figure_is_not_changed_through_next_years_sheet_even_by_planning(
        client, users, section):
    project = make_project(section=section)
    sheet21 = make_sheet(project, cycle=make_cycle(2021, status=Cycle.Status.SETTLED),
                         state=Sheet.State.CONFIRMED)
    sheet22 = make_sheet(project, cycle=make_cycle(2022))
    indicator = make_indicator(project)
    set_value(indicator, 2021, target=100, actual=90)
    client.force_login(users["planning_admin"])
    data = opened_form(client, sheet22)
    data[f"v{indicator.pk}_2021-actual"] = "95"
    response = client.post(reverse("sheets:edit", args=[sheet22.pk]), data)
    assert "令和3（2021）年度のシート（確認済）" in response.content.decode()
    assert IndicatorValue.objects.get(indicator=indicator, fiscal_year=2021).actual == 90
    # Planning corrects it where it belongs: on the FY2021 sheet, recorded there.
    save_sheet(sheet21, users["planning_admin"], {}, sheet21.version,
               [ValueInput(indicator, 2021, D("100"), D("95"), "measured", [], "", version=1,
                           changed=frozenset({"actual"}))])
    change = SheetChange.objects.get()
    assert (change.sheet, change.user, change.before, change.after) == (
        sheet21, users["planning_admin"], "90", "95")


def test_planning_correction_is_not_undone_by_a_section_saving_an_older_page(
        client, users, section):
    """The lost update: A corrected by planning, B (opened earlier, value untouched) saved."""
    project = make_project(section=section)
    sheet_a = make_sheet(project, cycle=make_cycle(2021), goal="A")
    sheet_b = make_sheet(project, cycle=make_cycle(2022), goal="B")
    indicator = make_indicator(project)
    set_value(indicator, 2021, target=100, actual=90)
    set_value(indicator, 2022, target=110)
    client.force_login(users["section_editor"])
    page_b = opened_form(client, sheet_b)  # opened before planning's correction
    save_sheet(sheet_a, users["planning_admin"], {}, sheet_a.version,
               [ValueInput(indicator, 2021, D("100"), D("93"), "measured", [], "", version=1,
                           changed=frozenset({"actual"}))])
    page_b["goal"] = "Bの新しい目標"
    page_b[f"v{indicator.pk}_2022-target"] = "120"
    response = client.post(reverse("sheets:edit", args=[sheet_b.pk]), page_b)
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator=indicator, fiscal_year=2021).actual == 93
    assert IndicatorValue.objects.get(indicator=indicator, fiscal_year=2022).target == 120
    history = {(c.sheet_id, c.fiscal_year, c.field, c.user.username)
               for c in SheetChange.objects.select_related("user")}
    assert history == {
        (sheet_a.pk, 2021, "起業相談件数 令和3（2021）年度 実績", "kikaku"),
        (sheet_b.pk, None, "施策における目標", "kogyo"),
        (sheet_b.pk, 2022, "起業相談件数 令和4（2022）年度 目標", "kogyo"),
    }


def test_an_untouched_cell_of_the_same_sheet_is_never_written_back(client, users, section):
    """Same sheet, same value row: only the field the person changed is written."""
    sheet = make_sheet(make_project(section=section), cycle=make_cycle(2021))
    indicator = make_indicator(sheet.project)
    set_value(indicator, 2021, target=100, actual=90, comment="元の備考")
    client.force_login(users["section_editor"])
    data = opened_form(client, sheet)
    data[f"v{indicator.pk}_2021-comment"] = "新しい備考"
    response = client.post(reverse("sheets:edit", args=[sheet.pk]), data)
    assert response.status_code == 302
    assert list(SheetChange.objects.values_list("field", "before", "after")) == [
        ("起業相談件数 令和3（2021）年度 備考", "元の備考", "新しい備考")]
    assert value_row(indicator, 2021) == (D(100), D(90), "measured", [], "新しい備考", 2)


def test_a_value_changed_since_the_page_opened_is_a_conflict_and_keeps_the_input(
        client, users, section):
    """A year with no sheet yet (FY2023, planned ahead) is written through either sheet that
    shows it; the value's version catches the second, stale save."""
    project = make_project(section=section)
    sheet21 = make_sheet(project, cycle=make_cycle(2021))
    sheet22 = make_sheet(project, cycle=make_cycle(2022))
    indicator = make_indicator(project)
    set_value(indicator, 2023, target=130, comment="計画")
    client.force_login(users["section_editor"])
    page = opened_form(client, sheet22)
    assert f"v{indicator.pk}_2023-target" in page
    save_sheet(sheet21, users["planning_admin"], {}, sheet21.version,
               [ValueInput(indicator, 2023, D("140"), None, "measured", [], "計画", version=1,
                           changed=frozenset({"target"}))])
    page[f"v{indicator.pk}_2023-target"] = "150"
    response = client.post(reverse("sheets:edit", args=[sheet22.pk]), page)
    html = response.content.decode()
    assert response.status_code == 200
    assert "このページを開いた後にほかの人が先に保存しました" in html
    assert "相手が保存した「起業相談件数」R5 (2023) 年度: 目標 140" in html
    assert 'value="150"' in html  # the person's input is kept
    assert IndicatorValue.objects.get(indicator=indicator, fiscal_year=2023).target == 140
    assert not SheetChange.objects.filter(sheet=sheet22).exists()
    # Saving the page as shown now writes the person's target over today's value.
    again = opened_fields(html)
    response = client.post(reverse("sheets:edit", args=[sheet22.pk]), again)
    assert response.status_code == 302
    assert value_row(indicator, 2023)[:5] == (D(150), None, "measured", [], "計画")
    change = SheetChange.objects.get(sheet=sheet22)
    assert (change.before, change.after, change.user) == ("140", "150", users["section_editor"])


def opened_fields(html: str) -> dict:
    parser = _Fields()
    parser.feed(html)
    parser.data.pop("csrfmiddlewaretoken", None)
    parser.data.pop("add_year", None)
    return {**parser.data, "save": "1"}


def test_a_stale_version_is_refused_by_the_service_and_nothing_is_written(users, section):
    sheet = make_sheet(make_project(section=section), cycle=make_cycle(2021), goal="元")
    indicator = make_indicator(sheet.project)
    set_value(indicator, 2021, target=100)
    with pytest.raises(EditConflict) as exc:
        save_sheet(sheet, users["section_editor"], {"goal": "新"}, sheet.version,
                   [ValueInput(indicator, 2021, D("120"), None, "measured", [], "", version=0,
                               changed=frozenset({"target"}))])
    assert exc.value.current.version == 1
    assert [item.fiscal_year for item, _stored in exc.value.values] == [2021]
    sheet.refresh_from_db()
    assert (sheet.goal, sheet.version) == ("元", 1)
    assert value_row(indicator, 2021)[0] == 100 and not SheetChange.objects.exists()


def test_a_published_year_without_a_sheet_is_read_only(users, section):
    make_cycle(2020, status=Cycle.Status.PUBLISHED)
    sheet = make_sheet(make_project(section=section), cycle=make_cycle(2021))
    indicator = make_indicator(sheet.project)
    rules = year_rules(sheet, users["section_editor"], [2020, 2021, 2022])
    assert [rules[fy].editable for fy in (2020, 2021, 2022)] == [False, True, True]
    with pytest.raises(ValidationError, match="令和2（2020）年度は公表済のため"):
        save_sheet(sheet, users["section_editor"], {}, sheet.version,
                   [ValueInput(indicator, 2020, None, D("5"), "measured", [], "")])
    assert not IndicatorValue.objects.exists()


def test_a_correction_writes_its_own_years_figure_and_records_it_on_the_correction(
        users, two_years):
    from shisaku.sheets.corrections import start_correction

    sheet21, _sheet22, indicator = two_years
    correction = start_correction(sheet21, users["planning_admin"], "実績値の誤記")
    rules = year_rules(correction, users["planning_admin"], [2020, 2021, 2022])
    assert rules[2021].editable and rules[2021].owner == correction
    assert not rules[2022].editable  # FY2022's own sheet writes FY2022
    save_sheet(correction, users["planning_admin"], {}, correction.version,
               [ValueInput(indicator, 2021, D("100"), D("91"), "measured", [], "", version=1,
                           changed=frozenset({"actual"}))])
    change = SheetChange.objects.get(fiscal_year=2021)
    assert (change.sheet, change.after) == (correction, "91")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_of_one_value_write_once_and_refuse_the_other(section):
    from django.db import connections

    from shisaku.accounts.models import Role
    from shisaku.core.testing import make_user

    editor = make_user("kogyo2", Role.SECTION_EDITOR, [section])
    planner = make_user("kikaku2", Role.PLANNING_ADMIN)
    project = make_project(section=section)
    sheet21 = make_sheet(project, cycle=make_cycle(2021))
    sheet22 = make_sheet(project, cycle=make_cycle(2022))
    indicator = make_indicator(project)
    set_value(indicator, 2023, target=130)
    barrier = threading.Barrier(2)
    outcome = {}

    def save(name, sheet, user, target):
        try:
            barrier.wait()
            save_sheet(Sheet.objects.get(pk=sheet.pk), user, {}, 1,
                       [ValueInput(indicator, 2023, D(target), None, "measured", [], "",
                                   version=1, changed=frozenset({"target"}))])
            outcome[name] = "saved"
        except EditConflict:
            outcome[name] = "conflict"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=("a", sheet21, planner, "140")),
               threading.Thread(target=save, args=("b", sheet22, editor, "150"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcome.values()) == ["conflict", "saved"]
    winner = "140" if outcome["a"] == "saved" else "150"
    value = IndicatorValue.objects.get(indicator=indicator, fiscal_year=2023)
    assert (value.target, value.version) == (D(winner), 2)
    assert SheetChange.objects.count() == 1


def test_after_a_sheet_conflict_saving_again_keeps_the_others_value_fields(
        client, users, section):
    sheet = make_sheet(make_project(section=section), cycle=make_cycle(2021), goal="元")
    indicator = make_indicator(sheet.project)
    set_value(indicator, 2021, target=100, comment="元の備考")
    client.force_login(users["section_editor"])
    page = opened_form(client, sheet)
    save_sheet(sheet, users["planning_admin"], {}, sheet.version,
               [ValueInput(indicator, 2021, D("100"), None, "measured", [], "企画課の備考",
                           version=1, changed=frozenset({"comment"}))])
    page[f"v{indicator.pk}_2021-target"] = "120"
    response = client.post(reverse("sheets:edit", args=[sheet.pk]), page)
    html = response.content.decode()
    assert response.status_code == 200 and "先に保存しました" in html
    assert 'value="120"' in html and 'value="企画課の備考"' in html
    response = client.post(reverse("sheets:edit", args=[sheet.pk]), opened_fields(html))
    assert response.status_code == 302
    assert value_row(indicator, 2021)[:5] == (D(120), None, "measured", [], "企画課の備考")
    assert list(SheetChange.objects.order_by("pk").values_list("user__username", "after")) == [
        ("kikaku", "企画課の備考"), ("kogyo", "120")]
