"""Shared fixtures and helpers of the Excel round-trip tests (this module holds no tests)."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.ingest.excel_reading import read_workbook
from shisaku.sheets.models import IndicatorValue, Sheet, SheetChange
from shisaku.sheets.tests.factories import make_cycle, make_indicator, make_sheet, set_value

OWN = "勤労者福祉対策事業"
OTHER = "商業力強化事業"


@pytest.fixture
def cycle(db):
    return make_cycle(2021)


@pytest.fixture
def own_sheet(cycle, section):
    """A sheet of the section editor's section, with every kind of indicator value."""
    sheet = make_sheet(make_project(OWN, section=section), cycle=cycle, complete=True,
                       indicator_notes="※ 令和2年度は一部中止")
    project = sheet.project
    seminars = make_indicator(project, "セミナー開催回数", "回", order=2)
    set_value(seminars, 2020, target=12, actual=None, actual_status="cancelled",
              comment="感染症のため中止")
    set_value(seminars, 2021, target=12, actual=59,
              breakdown=[{"label": "新規", "value": 38}, {"label": "変更", "value": 21}])
    rate = make_indicator(project, "満足度", "%", order=3, measure="percentage")
    set_value(rate, 2021, target="80.5", actual="1234.125")
    reference = make_indicator(project, "相談窓口の利用者数", "人", order=4, kind="reference")
    set_value(reference, 2021, actual=1500)
    return sheet


@pytest.fixture
def other_sheet(cycle, other_section):
    return make_sheet(make_project(OTHER, section=other_section), cycle=cycle, complete=True)


def download(client, user, fy=2021) -> bytes:
    client.force_login(user)
    response = client.get(reverse("ingest:excel_download", args=[fy]))
    assert response.status_code == 200, response
    return response.content


def layout(data: bytes):
    return read_workbook(data)


def address(data: bytes, title: str, indicator_name: str | None = None, fy: int | None = None,
            field: str = "target") -> str:
    """The cell the workbook uses for a text field, or an indicator's field in one FY."""
    entry = next(e for e in layout(data).worksheets if e["title"] == title)
    if indicator_name is None:
        return entry["texts"][field]
    from shisaku.sheets.models import Indicator

    for value in entry["values"]:
        indicator = Indicator.objects.get(pk=value["indicator"])
        if indicator.name == indicator_name and value["fiscal_year"] == fy:
            return value[field]
    raise LookupError((title, indicator_name, fy, field))


def edit(data: bytes, changes: dict) -> bytes:
    """Set cells as a person would in Excel: {(worksheet, "B5"): value}."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for (title, cell), value in changes.items():
        book[title][cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def snapshot() -> dict:
    """Everything an upload may write."""
    return {
        "sheets": sorted(Sheet.objects.values_list("pk", "version", *Sheet.TEXT_FIELDS)),
        "values": sorted(
            (v.indicator_id, v.fiscal_year, v.target, v.actual, v.actual_status,
             repr(v.breakdown), v.comment) for v in IndicatorValue.objects.all()),
        "changes": SheetChange.objects.count(),
    }


def D(text) -> Decimal:  # noqa: N802  (reads as the Decimal it builds)
    return Decimal(str(text))
