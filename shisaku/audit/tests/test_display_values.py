"""Audit entries of sheets read as the screens print: labels and display values, never codes."""

from decimal import Decimal as D

import pytest
from auditlog.models import LogEntry

from shisaku.audit import display
from shisaku.core.testing import make_project
from shisaku.sheets.editing import ValueInput, save_sheet
from shisaku.sheets.models import IndicatorValue, Sheet
from shisaku.sheets.tests.factories import make_indicator, make_sheet

pytestmark = pytest.mark.django_db


def _changes(model, pk) -> dict[str, display.Change]:
    entries = [e for e in LogEntry.objects.get_for_model(model).filter(object_pk=str(pk))
               if e.action == LogEntry.Action.UPDATE or model is IndicatorValue]
    described = display.describe(entries)
    return {c.label: c for entry in entries for c in described[entry.pk]}


def test_a_saved_sheet_and_value_read_with_labels_numbers_and_breakdowns(users, section):
    sheet = make_sheet(make_project(section=section))
    indicator = make_indicator(sheet.project)
    save_sheet(sheet, users["planning_admin"], {"goal": "目標"}, sheet.version,
               [ValueInput(indicator, 2021, D("1500"), D("59"), "measured",
                           [{"label": "新規", "value": 38}, {"label": "変更", "value": 21}], "")],
               verified=True)
    on_sheet = _changes(Sheet, sheet.pk)
    assert (on_sheet["検証対象"].before, on_sheet["検証対象"].after) == ("いいえ", "はい")
    value = IndicatorValue.objects.get(indicator=indicator)
    on_value = _changes(IndicatorValue, value.pk)
    assert on_value["目標"].after == "1,500"
    assert on_value["実績"].after == "59"
    assert on_value["内訳"].after == "新規38・変更21"
    assert on_value["実績の状況"].after == "実績あり"
    shown = [text for c in [*on_sheet.values(), *on_value.values()]
             for text in (c.label, c.before, c.after)]
    for code in ("True", "False", "verified", "actual", "measured", "59.000", '"label"'):
        assert code not in shown


def test_a_moment_reads_as_a_date_and_time():
    assert display._moment("2026-11-29 03:52:06.203323+00:00") == "2026年11月29日 12:52"
