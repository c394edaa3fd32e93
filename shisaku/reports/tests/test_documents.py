"""The generated documents, read back: PDF (pypdf), Word (python-docx), Excel (openpyxl)."""

import io
import re
import shutil
import subprocess

import pytest
from docx import Document as Word
from openpyxl import load_workbook
from pypdf import PdfReader

from shisaku.core.tests.fixtures import load_verified_demo, module_data
from shisaku.reports.build import build
from shisaku.reports.docx_styles import LEVEL_STYLES
from shisaku.sheets.models import Cycle, Indicator, Sheet
from shisaku.sheets.presentation import number

pytestmark = pytest.mark.django_db
HEADING_STYLES = {name for name, _base, _size in LEVEL_STYLES.values()}


demo_data = module_data(load_verified_demo)  # loaded once for the module


@pytest.fixture
def demo_cycle(demo_data, db):
    return Cycle.objects.get(fiscal_year=2021)


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_full_pdf_toc_pages_headings_values_and_font(demo_cycle):
    data, doc = build(demo_cycle, "full", "pdf")
    pages = pdf_pages(data)
    assert len(pages) > 20
    # Table of contents: every entry's page number is the page where that heading is.
    toc = [line for line in pages[1].splitlines() if re.search(r"\d+\s*$", line)]
    assert len(toc) >= 10
    for line in toc:
        match = re.match(r"^(.*?)[\s.．…]*(\d+)\s*$", line)
        title, page_no = squash(match.group(1)).rstrip("."), int(match.group(2))
        title = re.sub(r"^\d+", "", title)  # chapter numbers print beside the title
        assert title[:8] in squash(pages[page_no - 1]), (line, page_no)
    # Every verified project's heading is in the PDF.
    body = squash("".join(pages))
    for sheet in Sheet.objects.current().filter(cycle=demo_cycle, verified=True):
        assert squash(sheet.project.name) in body, sheet.project.name
    # One indicator table's values equal the database's.
    indicator = Indicator.objects.get(name="川崎市創業支援事業計画全体での創業実績件数")
    values = {v.fiscal_year: v for v in indicator.values.all()}
    page = next(p for p in pages if "創業実績件数" in p and "目標" in p)
    flat = squash(page)
    for fy in (2020, 2021):
        assert number(values[fy].target) in flat and number(values[fy].actual) in flat
    # The font is IPAexGothic, embedded.
    reader = PdfReader(io.BytesIO(data))
    fonts = set()
    for pdf_page in reader.pages[:3]:
        for font in (pdf_page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                if any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    fonts.add(str(descriptor["/FontName"]))
    assert any("IPAexGothic" in f for f in fonts), fonts


def test_same_data_gives_the_same_pdf(demo_cycle):
    assert build(demo_cycle, "press", "pdf")[0] == build(demo_cycle, "press", "pdf")[0]


def test_docx_and_xlsx_read_back(demo_cycle):
    data, _ = build(demo_cycle, "full", "docx")
    word = Word(io.BytesIO(data))
    text = "\n".join(p.text for p in word.paragraphs)
    headings = [p.text for p in word.paragraphs if p.style.name in HEADING_STYLES]
    for sheet in Sheet.objects.current().filter(cycle=demo_cycle, verified=True):
        if sheet.source_missing:  # named as lacking from the source, not an empty heading
            assert sheet.project.heading not in headings and sheet.project.name in text
        else:
            assert sheet.project.heading in headings
    assert "はじめに" in text
    fonts = word.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") \
        == "游ゴシック"
    indicator = Indicator.objects.get(name="川崎市創業支援事業計画全体での創業実績件数")
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert str(number(indicator.values.get(fiscal_year=2021).actual)) in cells

    data, _ = build(demo_cycle, "full", "xlsx")
    book = load_workbook(io.BytesIO(data))
    rows = list(book["指標"].iter_rows(values_only=True))
    assert rows[0][:4] == ("年度", "条文", "事務事業", "指標")
    row = next(r for r in rows if r[3] == indicator.name and r[0] == "令和3（2021）年度")
    value = indicator.values.get(fiscal_year=2021)
    assert (row[6], row[7]) == (float(value.target), float(value.actual))
    assert len(row) == 10  # Kawasaki's profile: no achievement rate, no rating


@pytest.mark.parametrize("kind", ["full", "summary", "press"])
@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "xlsx"])
def test_an_empty_year_says_what_is_missing(db, kind, fmt):
    cycle = Cycle.objects.create(fiscal_year=2030)
    data, doc = build(cycle, kind, fmt)
    assert data
    if doc is not None:
        assert doc.warnings
    if fmt == "html":
        assert "登録されていません" in data.decode() or "ありません" in data.decode()


def test_first_page_renders_and_is_not_blank(demo_cycle, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm not installed (Debian package poppler-utils): page render skipped")
    from PIL import Image

    data, _ = build(demo_cycle, "full", "pdf")
    (tmp_path / "r.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(tmp_path / "r.pdf"),
                    str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 200  # title text is there


def test_all_four_formats_of_all_three_kinds_for_the_demo_year(demo_cycle):
    magic = {"pdf": b"%PDF-", "docx": b"PK", "xlsx": b"PK", "html": b"<!DOCTYPE html>"}
    for kind in ("full", "summary", "press"):
        for fmt in ("pdf", "docx", "html", "xlsx"):
            data, _doc = build(demo_cycle, kind, fmt)
            assert data.startswith(magic[fmt]), (kind, fmt)
    summary = squash("".join(pdf_pages(build(demo_cycle, "summary", "pdf")[0])))
    assert "条文別の指標の達成状況" not in summary and "今後の取組" in summary  # no rating chart
    press = squash("".join(pdf_pages(build(demo_cycle, "press", "pdf")[0])))
    verified = Sheet.objects.current().filter(cycle=demo_cycle, verified=True).count()
    assert f"{verified}事業" in press and "問合せ先" in press



def test_a_workbook_carries_no_clock_time_so_the_same_data_gives_the_same_bytes(db):
    import zipfile

    cycle = Cycle.objects.create(fiscal_year=2030)
    data = build(cycle, "full", "xlsx")[0]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        core = z.read("docProps/core.xml").decode()
        assert {info.date_time for info in z.infolist()} == {(2031, 4, 1, 0, 0, 0)}
    assert re.search(r"<dcterms:modified[^>]*>2031-04-01T00:00:00Z<", core), core
    assert re.search(r"<dcterms:created[^>]*>2031-04-01T00:00:00Z<", core), core
    load_workbook(io.BytesIO(data))  # still a valid workbook
