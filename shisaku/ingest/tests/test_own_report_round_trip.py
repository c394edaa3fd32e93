"""Issue #16, Done-when 3: the report Shisaku prints for FY2021 (the demo) is read back, as
PDF and as text, into an empty database, and every printed sheet, indicator value, opinion
and response equals its source.

The demo is loaded, the report built and the source recorded once for the module, all in a
transaction rolled back before the tests: each test starts from the migrated, empty
database and imports into it through the one write path (``report_import``).

Compared field by field: each printed verified sheet (project, group, position, articles
and every narrative), each indicator (unit, reference) with its values of both printed
years (target, actual, status, breakdown, the printed figure), each opinion with its number,
text and response, by scope (sheet, group, article 19). From the text, a narrative equals
its source as the blocks Shisaku text parses it into (what every document prints: the blank
line the reader writes after a sub-heading changes nothing); names, numbers, opinions and
responses are equal as strings.

What the report cannot carry back, and so is left out of the comparison (named here, not
dropped silently):

* an indicator value's 備考 (comment), its kind, direction and measure: never printed;
* a target's breakdown: the report prints its figures without their label (「1,950,000
  （220,000）」, the label 「うち外国人」 is printed nowhere), and the reader keeps such figures
  in the value's comment; the figures are checked there;
* a breakdown whose labels hold the separator the report prints between items ("創造・発信"
  in 「創出10件・活用20件・創造・発信1件」): the printed text is ambiguous, so it is compared as
  that printed text (``presentation.actual_text``), not item by item;
* その他の事業's two columns (next year's overview, this year's results): the text keeps
  each column as the HTML fragment the city's extracted text holds too, which the reader
  reads as the city's (every item a bullet, a small table's cells as items, a "(1)" line
  a sub-heading), so a column holding a paragraph, a table or a numbered part comes back
  in another shape; the projects and their articles are compared. In the PDF the two
  columns run together line by line: the reader leaves その他の事業 unread there, and
  says so.
* from the PDF only: the text extractor sees each printed line apart, so a sheet's
  narrative comes back with the line breaks the page made, a Latin word cut at the end of
  a line loses the space, and Typst's hyphen and wave dash come back as U+2010 and U+301C.
  Narratives, opinions and responses are therefore compared as their printed characters in
  order without whitespace, list and table marks (•, -, ・, ○, |), those two characters
  folded (``_pdf_text``); a narrative holding a table as the same characters in any order
  (a cell's wrapped line comes after its row's other cells). Names, numbers, units and
  every indicator figure are compared exactly.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shisaku.ingest import reader, report_import
from shisaku.ingest.report_views import SESSION_KEY
from shisaku.lib import richtext
from shisaku.lib.textnorm import format_number
from shisaku.sheets.models import Cycle, IndicatorValue, Sheet
from shisaku.sheets.presentation import actual_text
from shisaku.verification.models import Opinion

from .own_report_text import html_text
from .test_report_views import CONFIRM, UPLOAD

pytestmark = [pytest.mark.django_db, pytest.mark.layout]

FY = 2021
TEXTS = reader.Sheet.TEXTS


def _record(fy: int = FY) -> dict:
    """Every printed verified sheet of the year, its indicators' values of the two printed
    years, and the year's opinions with their responses, as plain data."""
    sheets = (Sheet.objects.current().filter(cycle__fiscal_year=fy, verified=True,
                                             source_missing=False)
              .select_related("project").prefetch_related("project__articles"))
    printed = {}
    for sheet in sheets:
        project = sheet.project
        printed[project.name] = {
            "group": project.group or None, "position": project.position,
            "articles": sorted(a.number for a in project.articles.all()),
            **{name: getattr(sheet, name) for name in TEXTS}}
    values = (IndicatorValue.objects.filter(indicator__project__name__in=printed,
                                            fiscal_year__in=(fy - 1, fy))
              .select_related("indicator__project"))
    indicators: dict = {}
    for value in values:
        indicator = value.indicator
        entry = indicators.setdefault((indicator.project.name, indicator.name), {
            "unit": indicator.unit, "reference": indicator.is_reference, "values": {}})
        entry["values"][value.fiscal_year] = {
            "target": _number(value.target), "target_breakdown": value.target_breakdown,
            "actual": _number(value.actual), "actual_status": value.actual_status,
            "breakdown": value.breakdown, "printed": actual_text(value, "report"),
            "comment": value.comment}
    opinions: dict = {}
    for opinion in (Opinion.objects.filter(cycle__fiscal_year=fy)
                    .select_related("sheet__project", "article", "response")
                    .order_by("number")):
        owner = (opinion.sheet.project.name if opinion.scope == "sheet"
                 else opinion.group if opinion.scope == "group" else opinion.article.number)
        response = getattr(opinion, "response", None)
        opinions.setdefault((opinion.scope, owner), []).append(
            (opinion.number, opinion.text, response.text if response else None))
    others = {}
    for sheet in (Sheet.objects.current().filter(cycle__fiscal_year=fy, verified=False)
                  .select_related("project").prefetch_related("project__articles")):
        if sheet.summary_next.strip() or sheet.summary_results.strip():
            others[sheet.project.name] = {
                "articles": sorted(a.number for a in sheet.project.articles.all()),
                "summary_next": sheet.summary_next, "summary_results": sheet.summary_results}
    return {"sheets": printed, "indicators": indicators, "opinions": opinions,
            "others": others}


def _number(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.normalize()


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """(PDF bytes, text, the source record): the demo's FY2021 report, built once."""
    from django.db import transaction

    from shisaku.demo.everything import load_everything
    from shisaku.reports.build import build

    with django_db_blocker.unblock(), transaction.atomic():
        load_everything(users=True, publish_past=True)
        cycle = Cycle.objects.get(fiscal_year=FY)
        pdf, _doc = build(cycle, "full", "pdf")
        html, _doc = build(cycle, "full", "html")
        source = _record()
        transaction.set_rollback(True)
    return pdf, html_text(html.decode("utf-8")), source


def _import(data: bytes) -> tuple[reader.ParsedReport, report_import.ImportResult]:
    assert not Cycle.objects.exists(), "the database is empty before the import"
    report = reader.parse_bytes(data, FY, max_bytes=None, layout=report_import.layouts())
    return report, report_import.import_report(report)


def _blocks(text: str) -> list:
    """A narrative as the documents print it: the blocks Shisaku text parses into."""
    return richtext.parse_stored(text)


# What the PDF's text cannot tell apart: line breaks and spaces, list and table marks
# (• and - before an item, | between cells), Typst's hyphen (U+2010) and wave dash (U+301C).
_PDF_MARKS = re.compile(r"[\s\-\u2010|•・○]")


def _pdf_text(text: str | None) -> str | None:
    """The printed characters in order, without what the PDF's text cannot tell apart."""
    if text is None:
        return None
    return _PDF_MARKS.sub("", text.replace("\u301c", "～"))


def _breakdown_ambiguous(value: dict) -> bool:
    return any("・" in str(item.get("label", "")) for item in value["breakdown"] or [])


def _same(text):
    return text


def _text_narratives(source: str, read: str) -> tuple[object, object]:
    return _blocks(read), _blocks(source)


def _pdf_narratives(source: str, read: str) -> tuple[object, object]:
    """A narrative read from the PDF: its characters in order (``_pdf_text``), or, where
    the narrative holds a table, the same characters in any order: a cell's wrapped line
    comes in the PDF's text after the other cells of its row."""
    if _has_table(source):
        return sorted(_pdf_text(read) or ""), sorted(_pdf_text(source) or "")
    return _pdf_text(read), _pdf_text(source)


def _has_table(text: str) -> bool:
    return any(isinstance(block, richtext.Table) for block in richtext.parse_stored(text))


def _compare(source: dict, back: dict, fold=_same, narratives=_text_narratives) -> None:
    assert sorted(back["sheets"]) == sorted(source["sheets"])
    for name, sheet in source["sheets"].items():
        again = back["sheets"][name]
        for field in ("group", "position", "articles"):
            assert again[field] == sheet[field], (name, field)
        for field in TEXTS:
            read, expected = narratives(sheet[field], again[field])
            assert read == expected, (name, field)
    assert sorted(back["indicators"]) == sorted(source["indicators"])
    for key, indicator in source["indicators"].items():
        again = back["indicators"][key]
        assert (again["unit"], again["reference"]) == (indicator["unit"], indicator["reference"]), key
        assert sorted(again["values"]) == sorted(indicator["values"]), key
        for fy, value in indicator["values"].items():
            read = again["values"][fy]
            fields = ["target", "actual", "actual_status"]
            if value["target_breakdown"]:
                # Printed as figures without their labels; read back into the comment.
                for item in value["target_breakdown"]:
                    assert format_number(item["value"]) in read["comment"], (key, fy)
            else:
                fields.append("target_breakdown")
            if _breakdown_ambiguous(value):
                # Read as printed, into the comment (the reader warns): not item by item.
                printed = value["printed"].removeprefix(str(value["actual"]).split(".")[0])
                assert printed.strip(" ()（）") in read["comment"], (key, fy)
            else:
                fields += ["breakdown", "printed"]
            for field in fields:
                assert read[field] == value[field], (key, fy, field)
    assert sorted(back["opinions"], key=str) == sorted(source["opinions"], key=str), (
        sorted(back["opinions"], key=str), sorted(source["opinions"], key=str))
    for owner, items in source["opinions"].items():
        again = back["opinions"][owner]
        assert [(n, fold(t), fold(r)) for n, t, r in again] == [
            (n, fold(t), fold(r)) for n, t, r in items], owner


def test_the_demo_fy2021_report_as_text_is_read_back_into_an_empty_database_unchanged(built):
    _pdf, text, source = built
    report, _result = _import(text.encode("utf-8"))
    assert report.source == "text"
    back = _record()
    _compare(source, back)
    # その他の事業: every printed project comes back, under its article (its two columns are
    # not compared: see the module's docstring).
    assert {name: entry["articles"] for name, entry in back["others"].items()} == {
        name: entry["articles"] for name, entry in source["others"].items()}


def test_the_demo_fy2021_report_as_pdf_uploaded_on_the_import_page_is_read_back_unchanged(
        built, client, users):
    """The PDF through the pages a planner uses (upload → preview → confirm): it once gave
    「事業シートが1件も見つかりません」. The database holds only the users."""
    pdf, _text, source = built
    assert not Cycle.objects.exists()
    client.force_login(users["planning_admin"])
    page = client.post(UPLOAD, {"file": SimpleUploadedFile("report_fy2021.pdf", pdf,
                                                           content_type="application/pdf"),
                                "fiscal_year": "2021"})
    html = page.content.decode()
    assert f"事業シート{len(source['sheets'])}件" in html and "1件も見つかりません" not in html
    # その他の事業 is left unread, and said so: nothing made up from its mixed columns.
    assert "その他の事業（" in html and "取り込みません" in html
    done = client.post(CONFIRM, {"token": client.session[SESSION_KEY]["token"]})
    assert done.status_code == 302
    back = _record()
    _compare(source, back, fold=_pdf_text, narratives=_pdf_narratives)
    assert not back["others"]
