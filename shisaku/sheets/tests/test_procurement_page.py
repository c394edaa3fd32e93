"""The art. 19 page's one write path: the planning division writes it, a stale form is
refused, a published year is final, every change is in the audit trail."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from shisaku.accounts.models import Role
from shisaku.core.testing import make_section, make_user
from shisaku.sheets.models import Cycle, EvaluationItem, ProcurementPage
from shisaku.sheets.procurement import (
    EvaluationRow,
    PageConflict,
    maximum_points,
    save_procurement_page,
)

pytestmark = pytest.mark.django_db

ROWS = [EvaluationRow("障害者の雇用状況", 10, "事業者申請項目"),
        EvaluationRow("協力雇用主", 10, "事業者申請項目"),
        EvaluationRow("かわさきSDGsパートナー（認証取得）", 10, "事業者申請項目",
                      datetime.date(2022, 3, 1))]


@pytest.fixture
def cycle(db):
    return Cycle.objects.create(fiscal_year=2021)


@pytest.fixture
def planner(db):
    return make_user("planner", Role.PLANNING_ADMIN)


def test_the_planning_division_writes_the_page_and_each_save_is_audited(cycle, planner):
    page = save_procurement_page(cycle, planner, version=0, plan="- 市内本社を条件とする",
                                 evaluation=ROWS)
    assert (page.version, page.updated_by, page.plan) == (1, planner, "- 市内本社を条件とする")
    assert [i.name for i in page.evaluation_items.order_by("order")] == [r.name for r in ROWS]
    page = save_procurement_page(cycle, planner, version=1, contract_notes="※ 企業会計を除く")
    assert page.version == 2 and page.evaluation_items.count() == 3  # the table stays
    entries = LogEntry.objects.get_for_object(page)
    assert entries.count() == 2 and {e.actor for e in entries} == {planner}
    assert "contract_notes" in entries.order_by("timestamp").last().changes_dict


def test_a_section_editor_may_not_write_the_page(cycle):
    editor = make_user("editor", Role.SECTION_EDITOR, [make_section()])
    with pytest.raises(PermissionDenied):
        save_procurement_page(cycle, editor, plan="- 書き換え")
    assert not ProcurementPage.objects.exists()


def test_a_form_opened_before_someone_else_saved_is_refused(cycle, planner):
    save_procurement_page(cycle, planner, version=0, plan="- 一人目")
    with pytest.raises(PageConflict):
        save_procurement_page(cycle, planner, version=0, plan="- 二人目")
    assert ProcurementPage.objects.get().plan == "- 一人目"


def test_a_published_year_is_final(cycle, planner):
    save_procurement_page(cycle, planner, plan="- 公表した計画", evaluation=ROWS)
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.PUBLISHED)
    with pytest.raises(ValidationError, match="公表済"):
        save_procurement_page(cycle, planner, plan="- 公表後の書換え", evaluation=ROWS[:1])
    assert ProcurementPage.objects.get().plan == "- 公表した計画"
    assert EvaluationItem.objects.count() == 3


def test_a_control_character_is_refused(cycle, planner):
    with pytest.raises(ValidationError):
        save_procurement_page(cycle, planner, plan="- 計画\x07")
    assert not ProcurementPage.objects.exists()


def test_the_maximum_adds_each_new_item_from_its_date(cycle, planner):
    page = save_procurement_page(cycle, planner, evaluation=ROWS)
    assert maximum_points(page.evaluation_items.all()) == [
        (20, None), (30, datetime.date(2022, 3, 1))]


# --- the planning division's form --------------------------------------------------------

def _url(cycle) -> str:
    from django.urls import reverse

    return reverse("sheets:procurement_edit", args=[cycle.fiscal_year])


def _post(client, cycle, version: int, **fields):
    data = {"version": version, "plan": "", "rule_changes": "", "evaluation_title": "",
            "evaluation_notes": "", "contract_notes": "", "subsidised_intro": "",
            "subsidised_notes": "", "evaluation": "", **fields}
    return client.post(_url(cycle), data)


def test_the_form_writes_the_texts_and_the_table_one_item_a_line(client, cycle, planner):
    client.force_login(planner)
    assert client.get(_url(cycle)).status_code == 200
    response = _post(client, cycle, 0, plan="- 市内本社を条件とする",
                     evaluation="事業者申請項目 | 協力雇用主 | 10点\n"
                                "事業者申請項目 | かわさきSDGsパートナー（認証取得） | 10 | R4.3.1")
    assert response.status_code == 302
    page = ProcurementPage.objects.get(cycle=cycle)
    assert page.plan == "- 市内本社を条件とする"
    assert [(i.name, i.points, i.added_on) for i in page.evaluation_items.order_by("order")] == [
        ("協力雇用主", 10, None),
        ("かわさきSDGsパートナー（認証取得）", 10, datetime.date(2022, 3, 1))]
    # The form opens with the table as it was typed.
    body = client.get(_url(cycle)).content.decode()
    assert "事業者申請項目 | かわさきSDGsパートナー（認証取得） | 10 | R4.3.1" in body


def test_the_form_refuses_a_line_it_cannot_read_and_a_stale_version(client, cycle, planner):
    client.force_login(planner)
    response = _post(client, cycle, 0, evaluation="協力雇用主だけ")
    assert response.status_code == 200 and "1行目" in response.content.decode()
    assert not ProcurementPage.objects.exists()
    _post(client, cycle, 0, plan="- 一人目")
    response = _post(client, cycle, 0, plan="- 二人目")
    assert response.status_code == 200 and "先に保存しました" in response.content.decode()
    assert ProcurementPage.objects.get().plan == "- 一人目"


def test_a_section_editor_does_not_see_the_form(client, cycle):
    client.force_login(make_user("editor", Role.SECTION_EDITOR, [make_section()]))
    assert client.get(_url(cycle)).status_code == 403
