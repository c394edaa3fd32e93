"""Every importer of a user's file, on the web and from the command line, meets the hostile
corpus (core/tests/hostile.py): each file gives a clear error in Japanese, never a server error
or a traceback, and not one row of any table changes.

Importers: the sections' workbook (web only: /ingest/excel/<fy>/upload/), the statistics import
(web and `import_stats`), the report import (web and `import_report`).
"""

import io

import openpyxl
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from shisaku.core.tests import hostile
from shisaku.ingest.tests.test_excel_support import download
from shisaku.stats.models import CensusValue
from shisaku.stats.tests.factories import make_census

pytestmark = pytest.mark.django_db

# Django's own FileField refuses an empty upload before any importer sees it.
EMPTY_UPLOAD = "入力されたファイルは空です。"


def row_counts() -> dict[str, int]:
    """The number of rows of every table of every model, in one query."""
    models = [m for m in apps.get_models(include_auto_created=True)
              if m._meta.managed and not m._meta.proxy]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(
            f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in models))
        return {m._meta.label: n for m, n in zip(models, cursor.fetchone(), strict=True)}


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def census(db):
    return make_census("hostile-census", {2016: {"ALL": 100}})


@pytest.fixture
def stats_workbook(census):
    """A valid statistics workbook, the base every hostile variant is made from."""
    return _xlsx([["業種", 2016, 2021], ["製造業", 3034, 3100]])


@pytest.fixture
def section_workbook(client, users):
    from shisaku.core.testing import make_project
    from shisaku.sheets.tests.factories import make_cycle, make_sheet

    cycle = make_cycle(2021)
    make_sheet(make_project("勤労者福祉対策事業", section=users["section_editor"].sections.get()),
               cycle=cycle, complete=True)
    return download(client, users["section_editor"])


def _page_says(response, expected: str) -> None:
    assert response.status_code in (200, 400), response.status_code
    assert escape(expected) in response.content.decode(), f"{expected!r} not on the page"
    assert "token" not in (response.context or {}), "an import was offered"


def section_web(editor, census, tmp_path, data, expected):
    response = editor.post(reverse("ingest:excel_upload", args=[2021]),
                           {"file": _named(data, "sheets.xlsx")})
    _page_says(response, EMPTY_UPLOAD if not data else expected)


def stats_web(admin, census, tmp_path, data, expected):
    response = admin.post(reverse("stats:import", args=[census.slug]),
                          {"file": _named(data, "census.xlsx"), "layout": "wide"})
    _page_says(response, EMPTY_UPLOAD if not data else expected)


def stats_command(admin, census, tmp_path, data, expected):
    path = tmp_path / "census.xlsx"
    path.write_bytes(data)
    err = io.StringIO()
    with pytest.raises(CommandError, match="何も登録していません"):
        call_command("import_stats", str(path), "--dataset", census.slug, stderr=err)
    assert expected in err.getvalue(), err.getvalue()


def report_web(admin, census, tmp_path, data, expected):
    response = admin.post(reverse("ingest:report_upload"),
                          {"file": _named(data, "report.txt"), "fiscal_year": "2021"})
    _page_says(response, EMPTY_UPLOAD if not data else expected)


def report_command(admin, census, tmp_path, data, expected):
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    with pytest.raises(CommandError) as refused:  # CommandError: a message, no traceback
        call_command("import_report", str(path), "--fiscal-year", "2021",
                     stdout=io.StringIO(), stderr=io.StringIO())
    assert expected in str(refused.value), str(refused.value)


def test_every_hostile_file_gives_a_clear_error_on_every_importer_and_changes_nothing(
        users, section_workbook, stats_workbook, census, tmp_path):
    # Signed in once, before any count (a sign-in is itself recorded in the audit trail).
    admin, editor = Client(), Client()
    admin.force_login(users["planning_admin"])
    editor.force_login(users["section_editor"])
    # The valid bases are accepted: the refusals below are about the attacks, not the files.
    ok = admin.post(reverse("stats:import", args=[census.slug]),
                    {"file": _named(stats_workbook, "census.xlsx"), "layout": "wide"})
    assert "token" in ok.context and not ok.context.get("errors")
    ok = editor.post(reverse("ingest:excel_upload", args=[2021]),
                     {"file": _named(section_workbook, "sheets.xlsx")})
    assert ok.context["result"].ok, ok.context["result"].errors

    section_corpus = hostile.office_corpus(section_workbook)
    # The report importer reads text or PDF: every Office file is refused as not text.
    as_report = [(label, data, "PDF を指定してください") for label, data, _ in section_corpus
                 if data.startswith((b"PK", hostile.OLE_MAGIC))]
    runs = [
        (editor, section_corpus, [section_web]),
        (admin, hostile.office_corpus(stats_workbook), [stats_web, stats_command]),
        (admin, hostile.text_corpus() + as_report, [report_web, report_command]),
    ]
    tried = 0
    for client, corpus, importers in runs:
        for label, data, expected in corpus:
            for importer in importers:
                before = row_counts()
                try:
                    importer(client, census, tmp_path, data, expected)
                except AssertionError as exc:
                    raise AssertionError(f"{importer.__name__} on {label}: {exc}") from exc
                assert row_counts() == before, f"{importer.__name__} on {label}: rows changed"
                tried += 1
    assert tried == 20 + 2 * 20 + 2 * (10 + 17)  # 20 Office attacks, 10 texts, 17 zips or .xls
    assert not CensusValue.objects.exclude(period__key="2016").exists()


def _named(data: bytes, name: str):
    return SimpleUploadedFile(name, data)


def test_every_upload_form_refuses_a_file_over_its_limit_with_a_clear_error(
        users, section_workbook, census, tmp_path):
    from shisaku.ingest.management.commands.import_report import MAX_BYTES as REPORT_COMMAND_MAX

    admin, editor = Client(), Client()
    admin.force_login(users["planning_admin"])
    editor.force_login(users["section_editor"])
    big = b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024)  # 5 MB and 4 bytes: every form's limit + 4
    before = row_counts()
    for client, url, data, message in [
        (editor, reverse("ingest:excel_upload", args=[2021]),
         {"file": _named(big, "sheets.xlsx")}, "ファイルが大きすぎます（5 MB まで）。"),
        (admin, reverse("stats:import", args=[census.slug]),
         {"file": _named(big, "census.xlsx"), "layout": "wide"}, "ファイルが大きすぎます（上限 5MB）。"),
        (admin, reverse("ingest:report_upload"),
         {"file": _named(big, "report.txt"), "fiscal_year": "2021"},
         "ファイルが大きすぎます（上限 5MB）。"),
    ]:
        response = client.post(url, data)
        assert response.status_code == 200
        assert response.context["form"].errors["file"] == [message]
    assert row_counts() == before

    path = tmp_path / "big.xlsx"
    path.write_bytes(big)
    with pytest.raises(CommandError, match=r"ファイルが大きすぎます（上限 5MB）"):
        call_command("import_stats", str(path), "--dataset", census.slug)
    with path.open("wb") as sparse:  # a sparse file: over the command's limit, on no disk
        sparse.truncate(REPORT_COMMAND_MAX + 1)
    with pytest.raises(CommandError, match=r"ファイルが大きすぎます（上限 50MB）"):
        call_command("import_report", str(path), "--fiscal-year", "2021")
    assert row_counts() == before
