"""Text planted in the database past every validation (QuerySet.update) cannot break a document.

Issue #11, "Done when" 2: every C0 control character and the formula strings
``=HYPERLINK("http://x"&A1,"click")``, ``+1``, ``-cmd``, ``@SUM(A1)`` are written straight into
every free-text column of the demo data (opinions, responses, indicator names and values,
projects, sheets, meetings, city settings, statistics ...); then every document kind and
format is built and the year is published: no exception, and no workbook holds a formula
(read back with openpyxl, and no <f> element in any worksheet's XML).

The demo data is loaded and planted once for the module (a few seconds); each test runs in
its own transaction on top of it.
"""

import io
import zipfile

import pytest
from django.apps import apps
from django.db import connection, transaction
from docx import Document as Word
from openpyxl import load_workbook

from shisaku.core.validation import is_domain_model, text_fields
from shisaku.lib.cleantext import UNPRINTABLE, first_refused
from shisaku.reports.build import FORMATS, KINDS, build
from shisaku.sheets.models import Cycle

FORMULAS = ['=HYPERLINK("http://x"&A1,"click")', "+1", "-cmd", "@SUM(A1)"]
# Codes and keys that programs read back, never free text: a vocabulary code (industry,
# ward), a period key parsed into its year, a slug in URLs, a checksum, a password hash.
NOT_TEXT = {"password", "username", "sha256", "slug", "key", "industry", "ward", "area",
            "scope", "category", "contract_type", "population", "method", "base", "series",
            "measure", "comparability_group"}


def controls() -> str:
    """Every C0 character but tab and newline (PostgreSQL cannot store NUL at all)."""
    skip = "\t\n" + ("\x00" if connection.vendor == "postgresql" else "")
    return "".join(chr(c) for c in range(0x20) if chr(c) not in skip) + "\x7f"


def hostile(n: int, original: str, limit: int | None = None) -> str:
    """A formula and every control character in front of the original text (which keeps
    a unique column unique); cut to the column's length."""
    prefix = f"{FORMULAS[n % len(FORMULAS)]}{controls()}"
    if limit is not None:
        prefix = prefix[:max(0, limit - len(original))]
    return prefix + original


def planted_fields():
    """(model, field) for every free-text column of the domain models."""
    out = []
    for model in apps.get_models():
        if not is_domain_model(model) or model._meta.app_label == "reports":
            continue
        for field in text_fields(model):
            if field.choices or field.unique or field.name in NOT_TEXT:
                continue
            out.append((model, field))
    return out


def _hostile_json(n: int, value):
    if isinstance(value, str):
        return hostile(n, value)
    if isinstance(value, list):
        return [_hostile_json(n + i, v) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {k: (_hostile_json(n, v) if k == "label" else v) for k, v in value.items()}
    return value


def plant() -> int:
    """Write hostile text into every free-text column of every row; return the cells."""
    cells = 0
    for model, field in planted_fields():
        if field.name == "published_snapshot":
            continue  # a frozen copy of the sheet, written by the publication itself
        limit = getattr(field, "max_length", None)
        for n, (pk, value) in enumerate(model._default_manager.values_list("pk", field.name)):
            if field.get_internal_type() == "JSONField":
                if not value:
                    continue
                new = _hostile_json(n, value)
            else:
                new = hostile(n, value or "", limit)
            model._default_manager.filter(pk=pk).update(**{field.name: new})
            cells += 1
    return cells


@pytest.fixture(scope="module")
def hostile_demo(django_db_setup, django_db_blocker):
    from shisaku.demo.loader import create_demo_users, load_demo
    from shisaku.demo.sheets_loader import load_demo_sheets
    from shisaku.demo.verification_loader import load_demo_verification
    from shisaku.stats.demo import load_demo_stats

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        create_demo_users()
        load_demo_sheets()
        load_demo_verification()
        load_demo_stats()
        cells = plant()
        yield cells
        transaction.set_rollback(True)


@pytest.fixture
def cycle(hostile_demo, db):
    return Cycle.objects.get(fiscal_year=2021)


def formula_cells(data: bytes) -> list[str]:
    """Every formula of a workbook: openpyxl's reading and the worksheets' XML."""
    found = []
    book = load_workbook(io.BytesIO(data))
    for ws in book.worksheets:
        for row in ws.iter_rows():
            found += [f"{ws.title}!{c.coordinate}" for c in row if c.data_type == "f"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name)
                if b"<f>" in xml or b"<f " in xml:
                    found.append(name)
    return found


def workbook_texts(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data))
    return [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str)]


def test_hostile_text_reaches_every_free_text_column(hostile_demo, db):
    from shisaku.sheets.models import Indicator, Sheet
    from shisaku.verification.models import Opinion, Response

    assert hostile_demo > 500
    assert len(planted_fields()) > 60
    for text in [Opinion.objects.first().text, Response.objects.first().text,
                 Indicator.objects.first().name, Sheet.objects.exclude(goal="").first().goal]:
        assert first_refused(text) is not None and text.startswith(tuple(FORMULAS))


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_document_kind_and_format_is_built_from_hostile_text(cycle, kind, fmt):
    data, _doc = build(cycle, kind, fmt)
    if fmt == "pdf":
        assert data.startswith(b"%PDF-")
    elif fmt == "docx":
        text = "\n".join(p.text for p in Word(io.BytesIO(data)).paragraphs)
        assert text and not UNPRINTABLE.search(text)
    elif fmt == "html":
        html = data.decode("utf-8")
        assert html.startswith("<!DOCTYPE html>") and not UNPRINTABLE.search(html)
        assert "=HYPERLINK(&quot;http://x&quot;&amp;A1,&quot;click&quot;)" in html
    else:
        assert formula_cells(data) == []
        texts = workbook_texts(data)
        assert any(t.startswith('=HYPERLINK("http://x"&A1') for t in texts)  # shown as text
        assert any(t.startswith("@SUM(A1)") for t in texts)
        assert not [t for t in texts if UNPRINTABLE.search(t)]


def test_a_hostile_year_is_published_with_every_document(cycle):
    from shisaku.accounts.models import User
    from shisaku.reports.models import PublishedDocument
    from shisaku.reports.publish import publish
    from shisaku.sheets.models import Sheet

    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.SETTLED)
    Sheet.objects.filter(cycle=cycle).update(state=Sheet.State.CONFIRMED)
    # The demo leaves four verified sheets without indicators: out of the verification here.
    Sheet.objects.filter(cycle=cycle, project__indicators__isnull=True).update(verified=False)
    cycle.refresh_from_db()
    stored = publish(cycle, User.objects.get(username="kikaku"))
    assert len(stored) == len(KINDS) * len(FORMATS)
    for document in PublishedDocument.objects.filter(cycle=cycle):
        assert document.verify()
        if document.format == "xlsx":
            assert formula_cells(bytes(document.content)) == []


def test_report_pages_and_downloads_answer_without_a_server_error(cycle, client):
    from django.urls import reverse

    from shisaku.accounts.models import User

    client.force_login(User.objects.get(username="kikaku"))
    assert client.get(reverse("reports:index", args=[2021])).status_code == 200
    for kind, fmt in (("press", "html"), ("summary", "docx"), ("full", "xlsx")):
        response = client.get(reverse("reports:download", args=[2021, kind, fmt]))
        assert response.status_code == 200, (kind, fmt)


def test_the_section_workbook_of_hostile_sheets_has_no_formula_and_uploads_back(cycle,
                                                                                 client):
    from django.urls import reverse

    from shisaku.accounts.models import User
    from shisaku.sheets.models import Sheet

    client.force_login(User.objects.get(username="kikaku"))
    response = client.get(reverse("ingest:excel_download", args=[2021]))
    assert response.status_code == 200
    data = response.content
    assert formula_cells(data) == []
    assert any(t.startswith('=HYPERLINK("http://x"&A1') for t in workbook_texts(data))
    before = list(Sheet.objects.order_by("pk").values_list("version", flat=True))
    upload = io.BytesIO(data)
    upload.name = "sheets.xlsx"
    response = client.post(reverse("ingest:excel_upload", args=[2021]), {"file": upload})
    assert response.status_code in (200, 302)
    assert list(Sheet.objects.order_by("pk").values_list("version", flat=True)) == before


def test_statistics_csv_of_hostile_titles_quotes_every_formula(cycle, client):
    import csv

    from django.urls import reverse

    from shisaku.accounts.models import User
    from shisaku.stats.models import Dataset

    client.force_login(User.objects.get(username="kikaku"))
    checked = 0
    for dataset in Dataset.objects.all():
        for layout in ("wide", "long", "table"):
            response = client.get(reverse("stats:export", args=[dataset.slug]),
                                  {"layout": layout})
            assert response.status_code == 200, (dataset.slug, layout)
            body = response.content.decode("utf-8-sig")
            assert not UNPRINTABLE.search(body.replace("\r\n", "\n"))
            for row in csv.reader(io.StringIO(body)):
                for cell in row:
                    assert not cell.startswith(("=", "@", "\t", "\r")), (dataset.slug, cell)
                    if cell.startswith(("-", "+")):
                        assert cell.lstrip("+-").replace(",", "").replace(".", "").rstrip(
                            "%").isdigit(), cell
                    checked += 1
    assert checked > 100


def test_the_screens_show_hostile_text_without_a_server_error(cycle, client):
    from django.urls import reverse

    from shisaku.accounts.models import User
    from shisaku.sheets.models import Indicator, Sheet
    from shisaku.stats.models import Dataset

    client.force_login(User.objects.get(username="kikaku"))
    sheet = Sheet.objects.filter(cycle=cycle, verified=True).first()
    project = sheet.project
    urls = [reverse(name) for name in ("plan:tree", "projects:list", "ordinance:index",
                                       "sheets:cycles", "verification:index", "stats:index",
                                       "audit:log")]
    urls += [reverse(name, args=[2021]) for name in (
        "sheets:dashboard", "sheets:achievement", "verification:dashboard",
        "verification:main_opinions", "verification:meetings")]
    urls += [reverse("sheets:detail", args=[sheet.pk]), reverse("sheets:edit", args=[sheet.pk]),
             reverse("projects:detail", args=[project.pk]),
             reverse("verification:timeline", args=[project.pk]),
             reverse("sheets:indicator", args=[Indicator.objects.filter(
                 project=project).first().pk])]
    urls += [reverse("stats:detail", args=[d.slug]) for d in Dataset.objects.all()]
    for url in urls:
        assert client.get(url, follow=True).status_code == 200, url  # a 500 would raise
