"""The past-report import costs a fixed number of queries, whatever the number of sheets (#11).

Speed itself is measured by bench/import_report_scale.py, not by a timed test.
"""

import importlib.util
from pathlib import Path

import pytest
from django.db import connection, transaction

from shisaku.ingest import reader as rp
from shisaku.ingest import report_import
from shisaku.sheets.models import Sheet, SheetChange

from .test_report_expected import SEED

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/seeds")]

BENCH = Path(__file__).resolve().parents[3] / "bench" / "synthetic_report.py"


def synthetic(n: int, rich_every: int = 0) -> str:
    spec = importlib.util.spec_from_file_location("synthetic_report", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.synthetic_report(n, SEED, rich_every=rich_every)


def queries_of_import(text: str) -> tuple[int, report_import.ImportResult]:
    """Statements of one import into an empty year (rolled back afterwards)."""
    report = rp.parse(text, 2021)
    statements = []

    def count(execute, sql, params, many, context):
        # A bulk write split into batches (SQLite takes 999 parameters a statement) is one
        # write: consecutive INSERTs into the same table count once.
        table = sql.split('"')[1] if sql.startswith("INSERT") else None
        if table is None or not statements or statements[-1] != ("INSERT", table):
            statements.append(("INSERT", table) if table else sql)
        return execute(sql, params, many, context)

    with transaction.atomic():
        with connection.execute_wrapper(count):
            result = report_import.import_report(report, fiscal_year=2021)
        transaction.set_rollback(True)
    return len(statements), result


def test_importing_twenty_sheets_costs_the_same_queries_as_importing_five():
    queries_of_import(synthetic(5))  # caches (content types) warm for both
    five, result = queries_of_import(synthetic(5))
    assert result.created["sheet"] == 5
    twenty, result = queries_of_import(synthetic(20))
    assert result.created["sheet"] == 20
    # Same count: projects, sheets, their history and audit entries, and the publication
    # are each written with one statement per table.
    assert twenty == five, (five, twenty)


def test_sheets_written_in_bulk_keep_their_history_and_publication():
    result = report_import.import_report(rp.parse(synthetic(20), 2021), fiscal_year=2021)
    sheets = list(Sheet.objects.filter(cycle__fiscal_year=2021, verified=True)
                  .select_related("project").order_by("pk"))
    assert len(sheets) == 20 and result.sheet_ids == [s.pk for s in sheets]
    for sheet in sheets:
        assert (sheet.revision, sheet.state) == (1, Sheet.State.PUBLISHED)
        assert sheet.published_snapshot["texts"]["goal"] == sheet.goal != ""
        fields = list(SheetChange.objects.filter(sheet=sheet).order_by("pk")
                      .values_list("field", flat=True))
        assert fields[0] == "作成" and fields[-1] == "状態", fields
        assert "施策における目標" in fields or any("目標" in f for f in fields), fields
    # Each of the twenty is its own project ("…第2号" for the second round of the excerpt).
    assert len({s.project_id for s in sheets}) == 20
    assert any(s.project.name.endswith("第2号") for s in sheets)


# --- the web preview stays bounded ------------------------------------------------------

def upload(client, users, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(users["planning_admin"])
    file = SimpleUploadedFile("synthetic.txt", text.encode("utf-8"), content_type="text/plain")
    return client.post(reverse("ingest:report_upload"), {"file": file, "fiscal_year": "2021"})


def test_the_preview_lists_the_first_sheets_and_counts_the_others(client, users, monkeypatch):
    from shisaku.ingest import report_views

    monkeypatch.setattr(report_views, "PREVIEW_SHEETS", 5)
    page = upload(client, users, synthetic(8))
    html = page.content.decode()
    assert page.status_code == 200 and "読み取った内容の確認" in html
    assert "最初の5件を表示しています。ほかに3件の事業シートがあり" in html
    assert "事業シート8件" in html  # the summary counts them all
    # Rows of the first five headings only (the sixth is 工業振興関連事業 ①…).
    assert "新川崎・創造のもり推進事業 ②新川崎・創造のもり推進事業" in html
    assert "工業振興関連事業 ①ものづくり中小企業経営支援事業" not in html


def test_a_report_above_the_web_limit_is_imported_by_a_background_job_after_confirmation(
        client, users, monkeypatch):
    from django.core.files.storage import default_storage
    from django.urls import reverse

    from shisaku.ingest import report_views
    from shisaku.jobs.models import Job
    from shisaku.sheets.models import Cycle

    monkeypatch.setattr(report_views, "WEB_MAX_SHEETS", 30)
    page = upload(client, users, synthetic(10))  # 10 sheets + 27 その他の事業 rows
    html = page.content.decode()
    assert page.status_code == 200
    assert "事業シート10件とその他の事業27件（計37件）" in html and "上限（30件）" in html
    assert "name=\"token\"" in html and "裏で取り込む" in html
    assert not Cycle.objects.exists() and not Sheet.objects.exists()  # nothing written yet

    token = html.split('name="token" value="')[1].split('"')[0]
    response = client.post(reverse("ingest:report_confirm"), {"token": token})
    job = Job.objects.get(kind=Job.Kind.REPORT_IMPORT)
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED and "登録しました" in job.result["summary"]
    assert default_storage.exists(job.params["file"])
    sheets = Sheet.objects.filter(cycle__fiscal_year=2021).count()
    assert sheets == 37  # the sheets and the その他の事業 rows, each a sheet of the year
    # run again (a queue may deliver it twice): nothing changes
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    from shisaku.jobs import services

    assert "変更はありません" in services.run(job.pk)["summary"]
    assert Sheet.objects.filter(cycle__fiscal_year=2021).count() == sheets
