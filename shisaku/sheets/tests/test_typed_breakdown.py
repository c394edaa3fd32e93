"""An actual typed as it is printed, with its breakdown in one field: 59（新規38件・変更21件）."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.sheets.breakdown import BreakdownError, format_actual, parse_actual
from shisaku.sheets.models import IndicatorValue
from shisaku.sheets.presentation import actual_text

from .factories import make_indicator, make_sheet, set_value

pytestmark = pytest.mark.django_db

NEW_38_CHANGED_21 = [{"label": "新規", "value": 38}, {"label": "変更", "value": 21}]


@pytest.mark.parametrize("typed,actual,breakdown", [
    ("59（新規38件・変更21件）", D("59"), NEW_38_CHANGED_21),
    ("59 (新規38件・変更21件)", D("59"), NEW_38_CHANGED_21),
    ("59（新規38件、変更21件）", D("59"), NEW_38_CHANGED_21),
    ("５９（新規３８件・変更２１件）", D("59"), NEW_38_CHANGED_21),
    ("59件（新規38件・変更21件）", D("59"), NEW_38_CHANGED_21),
    ("59（新規 38 件 ・ 変更 21 件）", D("59"), NEW_38_CHANGED_21),
    ("1,500（市内1,200社・市外300社）", D("1500"),
     [{"label": "市内", "value": 1200}, {"label": "市外", "value": 300}]),
    ("12.5（前期7.5・後期5）", D("12.5"),
     [{"label": "前期", "value": 7.5}, {"label": "後期", "value": 5}]),
    ("59", D("59"), None),
    ("1,500", D("1500"), None),
    ("59件", D("59"), None),
    ("", None, None),
])
def test_an_actual_typed_as_printed_is_split_into_actual_and_breakdown(typed, actual, breakdown):
    assert parse_actual(typed) == (actual, breakdown)


@pytest.mark.parametrize("typed,message", [
    ("たくさん", "実績として読み取れません"),
    ("59（）", "括弧の中に内訳がありません"),
    ("59（新規たくさん）", "「項目名 数値」の形"),
    ("59（新規38件・変更21枚）", "単位「枚」を読み取れません"),
    ("59社（新規38社・変更21社）", "この指標の単位「件」と違います"),
    ("59（新規38件", "実績として読み取れません"),
    ("1,50（新規1,50件）", "読み取れません"),
])
def test_an_actual_that_cannot_be_read_is_refused_with_the_reason(typed, message):
    with pytest.raises(BreakdownError, match=message):
        parse_actual(typed, "件")


def test_an_actual_with_its_breakdown_is_printed_back_with_full_width_brackets():
    assert format_actual(D("59.000"), NEW_38_CHANGED_21, "件") == "59（新規38件・変更21件）"
    assert format_actual(D("1500"), [], "件") == "1,500"


@pytest.fixture
def sheet(section):
    return make_sheet(make_project(section=section), goal="目標")


def _post(client, sheet, indicator, extra=None, **cell):
    p = f"v{indicator.pk}_2021"
    data = {"version": sheet.version, "goal": "目標", "save": "1", "years": "2020,2021",
            f"v{indicator.pk}_2020-actual_status": "measured",
            f"{p}-actual_status": "measured", f"initial-{p}-actual_status": "measured",
            f"{p}-version": "0"}
    data.update({f"{p}-{name}": value for name, value in cell.items()})
    data.update(extra or {})
    return client.post(reverse("sheets:edit", args=[sheet.pk]), data, follow=True)


def test_the_form_saves_a_breakdown_typed_with_the_actual(client, users, sheet):
    indicator = make_indicator(sheet.project, name="知財マッチング成約件数", unit="件")
    client.force_login(users["section_editor"])
    response = _post(client, sheet, indicator, actual="59（新規38件・変更21件）")
    assert response.redirect_chain
    value = IndicatorValue.objects.get(indicator=indicator, fiscal_year=2021)
    assert value.actual == 59 and value.breakdown == NEW_38_CHANGED_21
    value.indicator = indicator
    assert actual_text(value) == "59（新規38件・変更21件）"
    assert "59（新規38件・変更21件）" in client.get(
        reverse("sheets:detail", args=[sheet.pk])).content.decode()


def test_a_typed_breakdown_replaces_the_stored_one(client, users, sheet):
    indicator = make_indicator(sheet.project, unit="件")
    set_value(indicator, 2021, actual=10, breakdown=[{"label": "旧", "value": 10}])
    value = IndicatorValue.objects.get(indicator=indicator)
    client.force_login(users["section_editor"])
    p = f"v{indicator.pk}_2021"
    # The 内訳 field still shows the stored breakdown: the one typed with the actual wins.
    _post(client, sheet, indicator, actual="12（新規7件・変更5件）", breakdown="旧10件",
          version=str(value.version),
          extra={f"initial-{p}-actual": "10", f"initial-{p}-breakdown": "旧10件"})
    value.refresh_from_db()
    assert value.actual == 12
    assert value.breakdown == [{"label": "新規", "value": 7}, {"label": "変更", "value": 5}]


def test_two_different_breakdowns_are_refused_keeping_the_input(client, users, sheet):
    indicator = make_indicator(sheet.project, unit="件")
    client.force_login(users["section_editor"])
    response = _post(client, sheet, indicator, actual="59（新規38件・変更21件）",
                     breakdown="新規1件・変更58件")
    html = response.content.decode()
    assert "内訳が実績の欄（新規38件・変更21件）と内訳の欄（新規1件・変更58件）で違います" in html
    assert 'value="59（新規38件・変更21件）"' in html
    assert not IndicatorValue.objects.exists()


def test_parts_that_do_not_add_up_save_with_a_warning(client, users, sheet):
    indicator = make_indicator(sheet.project, unit="件")
    client.force_login(users["section_editor"])
    response = _post(client, sheet, indicator, actual="59（新規38件・変更20件）")
    assert "内訳の合計（58）が実績（59）と一致しません" in response.content.decode()
    assert IndicatorValue.objects.get(indicator=indicator).breakdown[1]["value"] == 20


def test_the_cell_check_reads_the_typed_actual_back_as_printed(client, users, sheet):
    indicator = make_indicator(sheet.project, unit="件")
    client.force_login(users["section_editor"])
    url = reverse("sheets:validate_value", args=[sheet.pk, indicator.pk, 2021])
    p = f"v{indicator.pk}_2021"
    html = client.post(url, {f"{p}-actual": "５９（新規３８件、変更２１件）",
                             f"{p}-actual_status": "measured"}).content.decode()
    assert "実績と内訳に分けて保存します: 59（新規38件・変更21件）" in html
    html = client.post(url, {f"{p}-actual": "59（新規たくさん）",
                             f"{p}-actual_status": "measured"}).content.decode()
    assert "「項目名 数値」の形" in html
    assert not IndicatorValue.objects.exists()
