"""Issue #10, obs. 3 and 6: the report importer never writes into a year published in
Shisaku (--replace included), writes sheets through the sheet service (history), and
records a past year as published by the city, last."""

from datetime import date
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.ingest import reader as rp
from shisaku.ingest import report_import
from shisaku.reports.models import PublishedDocument
from shisaku.sheets.cycle import move_cycle
from shisaku.sheets.models import Cycle, IndicatorValue, Sheet, SheetChange
from shisaku.sheets.tests.factories import make_cycle, make_sheet
from shisaku.verification.models import Opinion, Response

from .test_reader import PDF_SOURCE
from .test_report_expected import SEED, seed_bytes
from .test_report_import import counts

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def parsed_bytes():
    return seed_bytes()


def run(data: bytes, **kwargs) -> report_import.ImportResult:
    return report_import.import_report(rp.parse_bytes(data, 2021), **kwargs)


@pytest.fixture
def published_in_shisaku(users, section):
    """FY2021 run and published in Shisaku, with one of the report's projects."""
    cycle = make_cycle(2021, status=Cycle.Status.SETTLED)
    make_sheet(make_project("起業化総合支援事業", section=section), cycle=cycle, complete=True,
               verified=True, state=Sheet.State.CONFIRMED, goal="Shisakuで書いた目標")
    return move_cycle(cycle, Cycle.Status.PUBLISHED, users["planning_admin"])


def test_a_year_published_in_shisaku_is_not_written_even_with_replace(parsed_bytes,
                                                                       published_in_shisaku):
    before = counts()
    changes = SheetChange.objects.count()
    for replace in (False, True):
        with pytest.raises(rp.ReportError, match="公表済のため、この報告書は取り込みません") as refused:
            run(parsed_bytes, replace=replace)
        assert "何も登録していません" in refused.value.message
    with pytest.raises(CommandError, match="公表済"):
        call_command("import_report", str(SEED), "--fiscal-year", "2021", "--replace",
                     stdout=StringIO(), stderr=StringIO())
    assert counts() == before and SheetChange.objects.count() == changes
    sheet = Sheet.objects.get(cycle=published_in_shisaku)
    assert sheet.goal == "Shisakuで書いた目標" and sheet.state == Sheet.State.PUBLISHED
    assert published_in_shisaku.recorded_from == ""


def test_the_upload_page_refuses_a_published_year_and_writes_nothing(parsed_bytes, client, users,
                                                                     published_in_shisaku):
    before = counts()
    client.force_login(users["planning_admin"])
    page = client.post(reverse("ingest:report_upload"), {
        "file": SimpleUploadedFile("r.txt", parsed_bytes, content_type="text/plain"),
        "fiscal_year": "2021", "replace": "on"}).content.decode()
    assert "公表済のため、この報告書は取り込みません" in page
    assert counts() == before


def test_an_imported_past_year_is_recorded_as_published_on_the_given_date(parsed_bytes):
    result = run(parsed_bytes, published_on=date(2022, 8, 31))
    cycle = Cycle.objects.get(fiscal_year=2021)
    assert cycle.status == Cycle.Status.PUBLISHED and cycle.published_on == date(2022, 8, 31)
    assert "令和3（2021）年度" in cycle.recorded_from
    assert result.created["publication"] == 1
    sheets = Sheet.objects.filter(cycle=cycle)
    assert sheets.exclude(state=Sheet.State.PUBLISHED).count() == 0
    assert all(s.published_snapshot and s.published_at.date() == date(2022, 8, 31)
               for s in sheets)
    assert not sheets.filter(source_missing=True).exists()
    # The second time, the year is 公表済: the same file is "no change", not a refusal.
    assert "変更はありません" in run(parsed_bytes).summary()


def test_without_a_printed_date_the_publication_date_stays_empty_and_says_how_to_give_it(
        parsed_bytes):
    result = run(parsed_bytes)
    assert Cycle.objects.get(fiscal_year=2021).published_on is None
    assert any("--published-on" in w.message for w in result.warnings)


def test_each_import_leaves_sheet_history_through_the_sheet_service(parsed_bytes, users):
    run(parsed_bytes, user=users["planning_admin"], published_on=date(2022, 8, 31))
    sheet = Sheet.objects.get(project__name="新産業創造支援事業")
    history = sheet.changes.all()
    fields = set(history.values_list("field", flat=True))
    assert {"作成", "施策における目標", "事業計画（Plan）", "検証対象", "状態"} <= fields
    assert history.filter(indicator__isnull=False, fiscal_year=2021).exists()  # a value cell
    assert history.filter(field="状態", after__contains="市の報告書により公表").exists()
    assert set(history.values_list("user__username", flat=True)) == {"kikaku"}
    assert sheet.version > 1


def test_sheets_the_report_lacks_are_flagged_and_still_published_with_the_year(parsed_bytes,
                                                                             section):
    cycle = make_cycle(2021, status=Cycle.Status.ENTERING)
    extra = make_sheet(make_project("報告書にない事業", section=section), cycle=cycle)
    result = run(parsed_bytes)
    extra.refresh_from_db()
    assert extra.source_missing and extra.state == Sheet.State.PUBLISHED
    assert Sheet.objects.filter(cycle=cycle, source_missing=True).count() == 1
    assert any("報告書にない事業" in w.message and "報告書に記載なし" in w.message
               for w in result.warnings)


def test_values_of_an_earlier_published_year_are_never_written(parsed_bytes):
    make_cycle(2020, status=Cycle.Status.PUBLISHED)
    result = run(parsed_bytes, replace=True)
    assert not IndicatorValue.objects.filter(fiscal_year=2020).exists()
    assert IndicatorValue.objects.filter(fiscal_year=2021).exists()
    assert result.skipped["value"] > 0
    assert any("公表済の年度の値" in w.message for w in result.warnings)


def test_a_refusal_half_way_through_recording_leaves_nothing_written(parsed_bytes,
                                                                    monkeypatch):
    def boom(*args, **kwargs):
        from django.core.exceptions import ValidationError

        raise ValidationError("記録できません")

    monkeypatch.setattr(report_import, "record_past_publication", boom)
    with pytest.raises(rp.ReportError, match="何も登録していません"):
        run(parsed_bytes)
    assert all(n == 0 for n in counts().values()) and not SheetChange.objects.exists()


def test_the_command_takes_the_publication_date_and_the_acting_user(parsed_bytes, users):
    call_command("import_report", str(SEED), "--fiscal-year", "2021",
                 "--published-on", "令和4年8月31日", "--user", "kikaku",
                 stdout=StringIO(), stderr=StringIO())
    cycle = Cycle.objects.get(fiscal_year=2021)
    assert cycle.status == Cycle.Status.PUBLISHED and cycle.published_on == date(2022, 8, 31)
    assert SheetChange.objects.filter(user__username="kikaku").exists()
    assert Opinion.objects.count() == Response.objects.count() == 39
    with pytest.raises(CommandError, match="ユーザー「nobody」"):
        call_command("import_report", str(SEED), "--fiscal-year", "2021", "--user", "nobody")
    with pytest.raises(CommandError, match="公表日"):
        call_command("import_report", str(SEED), "--fiscal-year", "2021",
                     "--published-on", "いつか")


def _city_pdf(tmp_path) -> bytes:
    typst = pytest.importorskip("typst")
    from shisaku.lib.charts import FONT_PATH

    source = tmp_path / "report.typ"
    source.write_text(PDF_SOURCE, encoding="utf-8")
    return typst.compile(str(source), font_paths=[str(FONT_PATH.parent)],
                         ignore_system_fonts=True)


def test_the_citys_pdf_is_kept_as_the_years_published_report(tmp_path, client):
    pdf = _city_pdf(tmp_path)
    result = report_import.import_report(rp.parse_bytes(pdf, 2021), source_pdf=pdf,
                                         published_on=date(2022, 8, 31))
    assert result.created["document"] == 1
    document = PublishedDocument.objects.get(cycle__fiscal_year=2021)
    assert (document.kind, document.format, document.source) == ("full", "pdf", "city")
    assert bytes(document.content) == pdf and document.verify()
    again = report_import.import_report(rp.parse_bytes(pdf, 2021), source_pdf=pdf)
    assert again.changes == 0 and PublishedDocument.objects.count() == 1
    response = client.get(reverse("reports:public_download", args=[2021, "full", "pdf"]))
    assert response.content == pdf
    assert "市が公表した原本" in client.get(reverse("reports:public")).content.decode()


def test_the_upload_page_keeps_the_pdf_and_the_date(tmp_path, client, users):
    pdf = _city_pdf(tmp_path)
    client.force_login(users["planning_admin"])
    page = client.post(reverse("ingest:report_upload"), {
        "file": SimpleUploadedFile("r3.pdf", pdf, content_type="application/pdf"),
        "fiscal_year": "2021", "published_on": "2022-08-31"}).content.decode()
    assert "この内容で登録する" in page and not Cycle.objects.exists()
    token = client.session["ingest-report"]["token"]
    client.post(reverse("ingest:report_confirm"), {"token": token})
    cycle = Cycle.objects.get(fiscal_year=2021)
    assert cycle.status == Cycle.Status.PUBLISHED and cycle.published_on == date(2022, 8, 31)
    assert "r3.pdf" in cycle.recorded_from
    assert bytes(PublishedDocument.objects.get(cycle=cycle, source="city").content) == pdf
