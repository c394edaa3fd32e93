"""Open data: every table of the public record, as CSV, Excel and JSON, and the DCAT catalogue.

The demo (FY2021 published, FY2022 in progress) with markers planted where the public must never
look: a draft FY2022 sheet, return comments, the live rows of a published sheet, the FY2022
cycle's opinions, responses, main opinions and follow-ups.
"""

import csv
import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from rdflib import Graph
from rdflib import namespace as ns

from shisaku.opendata import tables
from shisaku.opendata.formats import FORMATS
from shisaku.opendata.licence import LICENCE_URL
from shisaku.published import cache as published_cache
from shisaku.published import records

pytestmark = pytest.mark.usefixtures("published_demo")

MARK = "【下書きの印】"
FORMULA = '=HYPERLINK("http://example.com","押して")'


def _all_text(response) -> str:
    """Everything a download says, as text (an Excel file: every part of its zip)."""
    body = response.content
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    if "shift_jis" in response["Content-Type"]:
        return body.decode("cp932")
    return body.decode("utf-8")


@pytest.fixture
def planted(db):
    """Markers in every place that is not public, and one published document."""
    from shisaku.reports.models import PublishedDocument
    from shisaku.sheets.models import Cycle, IndicatorValue, Sheet
    from shisaku.verification.models import ArticleMainOpinion, FollowUp, Opinion, Response

    fy2022 = Cycle.objects.get(fiscal_year=2022)
    draft = Sheet.objects.filter(cycle=fy2022, state=Sheet.State.DRAFT).first()
    Sheet.objects.filter(pk=draft.pk).update(goal=MARK, do_text=MARK, summary_results=MARK,
                                             return_comment=MARK)
    published = records.sheets(2021).filter(verified=True).first()
    # The live rows of a published sheet are not what it published (its snapshot is).
    Sheet.objects.filter(pk=published.pk).update(goal=MARK, next_plan=MARK, return_comment=MARK)
    IndicatorValue.objects.filter(indicator__project=published.project).update(comment=MARK)
    opinion = Opinion.objects.create(cycle=fy2022, scope=Opinion.Scope.SHEET, sheet=draft,
                                     number=1, text=MARK)
    Response.objects.create(opinion=opinion, text=MARK,
                            classification=Response.Classification.PLANNED)
    ArticleMainOpinion.objects.create(cycle=fy2022, article=published.project.articles.first(),
                                      order=1, opinion=opinion, text=MARK)
    FollowUp.objects.filter(cycle=fy2022).update(note=MARK)
    PublishedDocument.objects.create(cycle=records.cycle(2021), kind="full", format="pdf",
                                     content=b"%PDF-1.4 test")
    return published


def _downloads(client):
    """(entry, fmt, query, response) for every table, format and year."""
    for entry in tables.entries():
        queries = [""] + ([f"?fy={year}" for year in records.published_years()]
                          if entry.per_year else [])
        for fmt in FORMATS:
            for query in queries + (["?encoding=sjis"] if fmt == "csv" else []):
                url = reverse("opendata:download", args=[entry.slug, fmt]) + query
                yield entry, fmt, query, client.get(url)


def test_no_planted_marker_or_staff_name_reaches_any_download(client, planted):
    from shisaku.accounts.models import User

    names = {u.username for u in User.objects.all()}
    names |= {f"{u.last_name} {u.first_name}" for u in User.objects.all()}
    names |= {f"{u.last_name}{u.first_name}" for u in User.objects.all()}
    seen = 0
    for entry, fmt, query, response in _downloads(client):
        assert response.status_code == 200, (entry.slug, fmt, query)
        text = _all_text(response)
        assert MARK not in text, (entry.slug, fmt, query)
        for name in names:
            assert name not in text, (entry.slug, fmt, query, name)
        seen += 1
    assert seen > 3 * len(tables.entries())
    for page in (reverse("opendata:catalog"), reverse("opendata:dcat")):
        text = client.get(page).content.decode()
        assert MARK not in text


def test_the_published_snapshot_is_what_the_tables_say(client, planted):
    response = client.get(reverse("opendata:download", args=["sheets", "json"]) + "?fy=2021")
    rows = json.loads(response.content)["rows"]
    row = next(r for r in rows if r["事業ID"] == planted.project_id)
    assert row["施策における目標"] == planted.published_snapshot["texts"]["goal"] != MARK
    assert row["検証対象"] is True
    assert {r["年度（西暦）"] for r in rows} == {2021}


def test_the_dcat_catalogue_has_one_dataset_per_table_and_every_download_answers(client, planted):
    response = client.get(reverse("opendata:dcat"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    graph = Graph().parse(data=response.content.decode(), format="json-ld")
    datasets = set(graph.subjects(ns.RDF.type, ns.DCAT.Dataset))
    entries = tables.entries()
    assert len(datasets) == len(entries)
    assert {str(graph.value(d, ns.DCTERMS.identifier)) for d in datasets} == {e.slug for e in entries}
    catalog = next(graph.subjects(ns.RDF.type, ns.DCAT.Catalog))
    assert set(graph.objects(catalog, ns.DCAT.dataset)) == datasets
    publisher = graph.value(catalog, ns.DCTERMS.publisher)
    assert str(graph.value(publisher, graph.namespace_manager.expand_curie("foaf:name"))) == "川崎市"
    urls = 0
    for dataset in datasets:
        title = graph.value(dataset, ns.DCTERMS.title)
        assert title.language == "ja" and str(title)
        assert str(graph.value(dataset, ns.DCTERMS.license)) == LICENCE_URL
        assert "CC BY 4.0" in str(graph.value(dataset, ns.DCTERMS.rights))
        assert graph.value(dataset, ns.DCAT.landingPage) and graph.value(dataset, ns.DCAT.contactPoint)
        assert list(graph.objects(dataset, ns.DCAT.keyword))
        distributions = list(graph.objects(dataset, ns.DCAT.distribution))
        assert len(distributions) == len(FORMATS)
        for distribution in distributions:
            url = str(graph.value(distribution, ns.DCAT.downloadURL))
            assert url.startswith("http://testserver/opendata/")
            assert graph.value(distribution, ns.DCAT.mediaType)
            assert graph.value(distribution, ns.DCTERMS.format)
            download = client.get(url)
            assert download.status_code == 200, url
            assert download.content
            urls += 1
    assert urls == len(FORMATS) * len(entries)
    years = graph.value(next(d for d in datasets if str(d).endswith("#sheets")), ns.DCTERMS.temporal)
    assert str(graph.value(years, ns.DCAT.startDate)) == "2021-04-01"
    assert str(graph.value(years, ns.DCAT.endDate)) == "2022-03-31"


def test_the_excel_downloads_follow_the_machine_readable_rules(client, planted):
    checked = 0
    for entry in tables.entries():
        response = client.get(reverse("opendata:download", args=[entry.slug, "xlsx"]))
        assert response["Content-Disposition"] == f'attachment; filename="{entry.slug}.xlsx"'
        book = load_workbook(io.BytesIO(response.content))
        sheet = book.worksheets[0]
        assert book.sheetnames[1] == "出典・利用条件"
        assert not sheet.merged_cells.ranges
        table = entry.table()
        header = [cell.value for cell in sheet[1]]
        assert header == [c.name for c in table.columns]
        assert all(name and name == name.strip() and " " not in name and "　" not in name
                   for name in header)
        assert sheet.max_row == len(table.rows) + 1
        for row in sheet.iter_rows(min_row=2):
            assert any(cell.value is not None for cell in row), "a blank row"
            for column, cell in zip(table.columns, row, strict=True):
                assert cell.data_type != "f"
                if column.type in (tables.INTEGER, tables.DECIMAL) and cell.value is not None:
                    assert cell.data_type == "n", (entry.slug, column.name, cell.value)
                    checked += 1
        about = {row[0]: row[1] for row in book["出典・利用条件"].iter_rows(min_row=2,
                                                                     values_only=True)}
        assert about["利用条件のURL"] == LICENCE_URL
    assert checked > 100


def test_the_tables_carry_units_in_their_headers_and_both_calendars(client, planted):
    def header(slug):
        book = load_workbook(io.BytesIO(
            client.get(reverse("opendata:download", args=[slug, "xlsx"])).content))
        return [cell.value for cell in book.worksheets[0][1]], book.worksheets[0]

    names, sheet = header("indicators")
    assert {"年度（西暦）", "年度（和暦）", "単位", "目標値", "実績値"} <= set(names)
    first = [cell.value for cell in sheet[2]]
    assert first[names.index("年度（西暦）")] in (2020, 2021)
    assert first[names.index("年度（和暦）")] in ("令和2年度", "令和3年度")
    names, _sheet = header("stats-procurement")
    assert {"年度（西暦）", "年度（和暦）", "契約件数（件）", "契約金額（百万円）"} <= set(names)
    names, sheet = header("stats-census-totals-employees")
    assert {"年（西暦）", "年（和暦）", "従業者数（人）"} <= set(names)
    assert sheet.cell(2, 1).value == 2014 and sheet.cell(2, 2).value == "平成26年"


def test_csv_is_utf8_with_bom_and_shift_jis_on_request(client, planted):
    url = reverse("opendata:download", args=["opinions", "csv"])
    response = client.get(url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["年度（西暦）", "年度（和暦）"]
    assert len(rows) == records.opinions().count() + 1
    sjis = client.get(url + "?encoding=sjis")
    assert sjis["Content-Type"] == "text/csv; charset=shift_jis"
    assert not sjis.content.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(sjis.content.decode("cp932")))) == rows
    assert sjis["Content-Disposition"] == 'attachment; filename="opinions-sjis.csv"'


def test_characters_shift_jis_cannot_hold_are_replaced_and_counted(client, planted):
    from shisaku.sheets.models import Sheet

    snapshot = planted.published_snapshot
    snapshot["texts"]["goal"] = "𠮷野家の™と—と©"
    Sheet.objects.filter(pk=planted.pk).update(published_snapshot=snapshot)
    url = reverse("opendata:download", args=["sheets", "csv"])
    exact = client.get(url).content.decode("utf-8-sig")
    assert "𠮷野家の™と—と©" in exact
    response = client.get(url + "?encoding=sjis")
    assert response.status_code == 200
    assert response["X-Replaced-Characters"] == "4"
    assert "〓野家のTMと―と〓" in response.content.decode("cp932")


def test_json_has_the_metadata_and_numbers_as_numbers(client, planted):
    response = client.get(reverse("opendata:download", args=["indicators", "json"]) + "?fy=2021")
    document = json.loads(response.content)
    assert document["dataset"]["identifier"] == "indicators"
    assert document["dataset"]["license"]["url"] == LICENCE_URL
    assert document["dataset"]["fiscal_year"] == 2021
    names = [c["name"] for c in document["columns"]]
    assert names[:2] == ["掲載年度（西暦）", "掲載年度（和暦）"]
    targets = [row["目標値"] for row in document["rows"] if row["目標値"] is not None]
    assert targets and all(isinstance(t, int | float) for t in targets)
    assert document["dataset"]["row_count"] == len(document["rows"])


def test_formula_like_text_of_a_published_year_comes_out_as_text(client, planted):
    from shisaku.sheets.models import Sheet
    from shisaku.verification.models import Opinion

    snapshot = planted.published_snapshot
    snapshot["texts"]["goal"] = FORMULA
    snapshot["indicators"][0]["name"] = "@SUM(A1)"
    Sheet.objects.filter(pk=planted.pk).update(published_snapshot=snapshot)
    Opinion.objects.filter(pk=records.opinions(2021).first().pk).update(text="+1+2")
    for slug, text in (("sheets", FORMULA), ("indicators", "@SUM(A1)"), ("opinions", "+1+2")):
        body = client.get(reverse("opendata:download", args=[slug, "csv"])).content
        fields = [f for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for f in row]
        assert "'" + text in fields and text not in fields
        book = load_workbook(io.BytesIO(
            client.get(reverse("opendata:download", args=[slug, "xlsx"])).content))
        cells = [c for row in book.worksheets[0].iter_rows() for c in row if c.value == text]
        assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
        assert not [c for row in book.worksheets[0].iter_rows() for c in row
                    if c.data_type == "f"]


def test_a_statistics_period_not_yet_released_is_not_in_its_table(client, db):
    import datetime

    from shisaku.stats.models import Dataset, Period

    Period.objects.filter(dataset__slug="census-totals-employees", key="2021").update(
        released_on=datetime.date.today() + datetime.timedelta(days=1))
    url = reverse("opendata:download", args=["stats-census-totals-employees", "json"])
    rows = json.loads(client.get(url).content)["rows"]
    assert rows and {r["年（西暦）"] for r in rows} == {2014, 2016}
    Dataset.objects.filter(slug="survey-2017-business").update(
        published_on=datetime.date.today() + datetime.timedelta(days=1))
    assert "stats-survey-2017-business" not in {e.slug for e in tables.entries()}
    assert client.get(reverse("opendata:download",
                              args=["stats-survey-2017-business", "csv"])).status_code == 404


def test_a_survey_has_a_table_for_what_it_holds_only(client, db):
    slugs = {e.slug for e in tables.entries()}
    # The 2017 business survey holds its responses by industry and no question.
    assert "stats-survey-2017-business" in slugs
    assert "stats-survey-2017-business-answers" not in slugs
    assert client.get(reverse("opendata:download", args=["stats-survey-2017-business-answers",
                                                         "csv"])).status_code == 404
    rows = json.loads(client.get(reverse(
        "opendata:download", args=["stats-survey-2021-rd-answers", "json"])).content)["rows"]
    assert rows and all(isinstance(r["回答数（件）"], int) for r in rows)


def test_requests_the_tables_cannot_answer_are_refused_in_japanese(client, db):
    download = reverse("opendata:download", args=["opinions", "csv"])
    assert client.get(download + "?fy=2022").status_code == 404
    bad = client.get(download + "?fy=R3")
    assert bad.status_code == 400 and "西暦4桁" in bad.content.decode()
    assert client.get(reverse("opendata:download", args=["plan", "csv"]) + "?fy=2021"
                      ).status_code == 400
    assert client.get(reverse("opendata:download", args=["plan", "xlsx"]) + "?encoding=sjis"
                      ).status_code == 400
    assert client.get(reverse("opendata:download", args=["nothing", "csv"])).status_code == 404
    assert client.get(reverse("opendata:download", args=["plan", "pdf"])).status_code == 404
    assert client.post(download).status_code == 405


def test_a_download_has_an_etag_and_answers_not_modified(client, db):
    url = reverse("opendata:download", args=["main-opinions", "xlsx"])
    first = client.get(url)
    again = client.get(url)
    assert first["ETag"] == again["ETag"] and first.content == again.content
    assert first["Last-Modified"]
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_the_rows(client, planted):
    from shisaku.sheets.models import Sheet
    from shisaku.verification.models import Opinion, Response

    urls = [reverse("opendata:download", args=[slug, "csv"])
            for slug in ("projects", "placements", "sheets", "indicators", "opinions", "main-opinions", "plan",
                         "documents", "stats-procurement")]
    before = {url: _queries(client, url) for url in urls}
    catalogue = _queries(client, reverse("opendata:dcat"))
    page = _queries(client, reverse("opendata:catalog"))
    cycle = records.cycle(2021)
    for sheet in records.sheets(2021)[:5]:
        opinion = Opinion.objects.create(cycle=cycle, scope=Opinion.Scope.SHEET, sheet=sheet,
                                         number=90, text="追加の意見")
        Response.objects.create(opinion=opinion, text="追加の対応",
                                classification=Response.Classification.PLANNED)
        snapshot = sheet.published_snapshot
        snapshot["indicators"] = snapshot["indicators"] * 2
        Sheet.objects.filter(pk=sheet.pk).update(published_snapshot=snapshot)
    published_cache.forget()  # (a direct write changes no publication generation)
    assert {url: _queries(client, url) for url in urls} == before
    assert _queries(client, reverse("opendata:dcat")) == catalogue
    assert _queries(client, reverse("opendata:catalog")) == page
    assert max(before.values()) <= 15  # the table's queries and the generation's 3


def test_a_table_is_built_once_until_the_record_changes(client, db):
    url = reverse("opendata:download", args=["sheets", "csv"])
    first = _queries(client, url)
    assert _queries(client, url) <= 3 < first  # at most the generation's queries


def test_the_catalogue_page_lists_every_table_with_its_downloads(client, db):
    response = client.get(reverse("opendata:catalog"))
    assert response.status_code == 200
    assert "portal/base.html" in [t.name for t in response.templates]
    html = response.content.decode()
    for entry in tables.entries():
        assert f'id="{entry.slug}"' in html
        for fmt in FORMATS:
            assert reverse("opendata:download", args=[entry.slug, fmt]) in html
    assert reverse("opendata:download", args=["opinions", "csv"]) + "?fy=2021" in html
    assert reverse("opendata:dcat") in html and LICENCE_URL in html


def test_the_data_stay_japanese_when_the_reader_reads_english(client, db, settings):
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext("事業シート") != "事業シート"  # the page would be English
    url = reverse("opendata:download", args=["opinions", "json"])
    japanese = json.loads(client.get(url).content)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = json.loads(client.get(url).content)
    assert english == japanese
    assert {row["対象の範囲"] for row in english["rows"]} <= {"事業シート", "関連事業", "条文", "施策全体"}
    graph = Graph().parse(data=client.get(reverse("opendata:dcat")).content.decode(),
                          format="json-ld")
    titles = {str(t) for t in graph.objects(None, ns.DCTERMS.title)}
    assert "検証意見と対応" in titles
