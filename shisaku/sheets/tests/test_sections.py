"""The table of sheet sections is the one list: the model, the form, the screens, the report,
the Excel workbook, the open data, the API and the reader all follow it."""

import io

import openpyxl
import pytest

from shisaku.api import schemas
from shisaku.core.testing import make_plan, make_program
from shisaku.ingest import excel_workbook, reader
from shisaku.ingest.reader import KAWASAKI
from shisaku.ingest.reader.lines import key
from shisaku.ingest.reader.segment import heading as reader_heading
from shisaku.opendata.tables import SHEET_TEXTS
from shisaku.reports.content.packet import build_packet
from shisaku.reports.document import Heading, Para
from shisaku.sheets import sections
from shisaku.sheets.forms import SheetTextForm
from shisaku.sheets.models import Sheet
from shisaku.sheets.sections import SECTIONS

from .factories import make_sheet

FIELDS = [s.field for s in SECTIONS]


def test_the_model_lists_its_texts_in_the_tables_order_with_the_tables_labels():
    assert Sheet.TEXT_FIELDS == FIELDS
    assert Sheet.REQUIRED_FIELDS == [s.field for s in SECTIONS if s.required]
    assert Sheet.FINAL_YEAR_FIELDS == ["program_results", "program_issues"]
    assert Sheet.SUMMARY_FIELDS == ["summary_results", "summary_next"]
    for s in SECTIONS:
        assert str(Sheet._meta.get_field(s.field).verbose_name) == s.label


def test_the_workbook_the_open_data_and_the_api_follow_the_table():
    assert excel_workbook.TEXTS_BEFORE_GRID + excel_workbook.TEXTS_AFTER_GRID == FIELDS
    assert excel_workbook.TEXTS_BEFORE_GRID == ["goal", "plan", "activities"]
    assert [excel_workbook.text_label(name) for name in FIELDS] == [s.label for s in SECTIONS]
    assert SHEET_TEXTS == [(s.field, s.label) for s in SECTIONS]
    described = schemas.SheetTexts.model_fields
    assert list(described) == FIELDS
    assert [f.description for f in described.values()] == [s.label for s in SECTIONS]


def test_the_reader_knows_every_fixed_heading_the_table_prints():
    assert list(reader.Sheet.TEXTS) == [s.field for s in SECTIONS if not s.summary]
    for s in SECTIONS:
        if not s.part:
            continue
        kind, match = reader_heading(KAWASAKI, s.heading_for(2021))
        assert kind == s.part, s.heading
        assert KAWASAKI.headings.get(key(s.heading), s.part) == s.part
    kind, match = reader_heading(KAWASAKI, "令和4年度の実施計画")
    assert kind == "next_plan" and match.group("fy") == "令和4年度"


def test_a_heading_with_a_year_names_the_sheets_year_or_the_next():
    assert sections.heading("next_plan", 2021) == "令和4年度の実施計画"
    assert sections.heading("summary_results", 2021) == "令和3年度の実績"
    assert sections.heading("summary_next", 2021) == "令和4年度の概要"
    assert sections.heading("plan", 2021) == "事業計画 Plan"


@pytest.mark.django_db
def test_the_form_offers_the_tables_fields_and_marks_the_required_ones():
    sheet = make_sheet(verified=True)
    form = SheetTextForm(instance=sheet, final_year=True)
    assert [name for name in form.fields if name in FIELDS] == FIELDS
    assert [str(form.fields[name].label) for name in FIELDS] == [s.label for s in SECTIONS]
    assert set(form.required_names) == {s.field for s in SECTIONS if s.required or s.final_year}
    other_year = SheetTextForm(instance=sheet, final_year=False)
    assert [n for n in FIELDS if n in other_year.fields] == [
        s.field for s in SECTIONS if not s.final_year]


@pytest.mark.django_db
def test_the_report_page_the_screen_and_the_workbook_print_the_tables_headings(client, users):
    make_program(make_plan(2018, 2030), 2, 2018, 2021)  # 2021 closes the program
    texts = {s.field: f"本文{i}" for i, s in enumerate(SECTIONS)}
    sheet = make_sheet(verified=True, state=Sheet.State.CONFIRMED, **texts)
    page = [s for s in SECTIONS if not s.summary]

    doc = build_packet(sheet.cycle, Sheet.objects.filter(pk=sheet.pk))
    titles = [item.text for item in doc.items if isinstance(item, Heading | Para)]
    printed = [t for t in titles if t in {s.heading_for(2021) for s in page}]
    assert printed == [s.heading_for(2021) for s in page]

    client.force_login(users["planning_admin"])
    html = client.get(f"/sheets/{sheet.pk}/").content.decode()
    at = [html.index(s.heading_for(2021)) for s in page]
    assert at == sorted(at)

    form = client.get(f"/sheets/{sheet.pk}/edit/").content.decode()
    at = [form.index(f">{s.label}") for s in SECTIONS]
    assert at == sorted(at)
    grid = form.index("<legend>主な成果・活動指標</legend>")
    before = [s for s in SECTIONS if s.before_grid]
    assert at[len(before) - 1] < grid < at[len(before)]

    book = openpyxl.load_workbook(io.BytesIO(excel_workbook.build_workbook(
        sheet.cycle, [sheet], users["planning_admin"])))
    labels = [row[0].value for row in book.worksheets[0].iter_rows()]
    assert [label for label in labels if label in {s.label for s in SECTIONS}] == \
        [s.label for s in SECTIONS]
