"""The Word report staff can edit: written-out contents, Windows' Japanese font, the report's
own black heading styles, repeated table headers, a plain cover, tables within the page; and
LibreOffice opens it with the contents filled in (one conversion for the whole module)."""

import io
import re
import shutil
import subprocess

import pytest
from django.db import transaction
from docx import Document as Word
from docx.oxml.ns import qn

from shisaku.reports.build import build
from shisaku.reports.document import Heading
from shisaku.reports.docx_styles import FONT, LEVEL_STYLES
from shisaku.sheets.models import Cycle

W_EAST_ASIA = qn("w:eastAsia")

pytestmark = [pytest.mark.django_db, pytest.mark.layout]


@pytest.fixture(scope="module")
def word_report(django_db_setup, django_db_blocker):
    """The FY2021 full report built from the demo, as Word bytes and its Document."""
    from shisaku.demo.loader import load_demo
    from shisaku.demo.sheets_loader import load_demo_sheets
    from shisaku.demo.verification_loader import load_demo_verification

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        load_demo_sheets()
        load_demo_verification()
        data, doc = build(Cycle.objects.get(fiscal_year=2021), "full", "docx")
        transaction.set_rollback(True)
    return data, doc


@pytest.fixture(scope="module")
def converted(word_report, tmp_path_factory):
    """The Word report converted to PDF by LibreOffice, as the text of each page."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("soffice not installed (Debian package libreoffice-writer): "
                    "the Word report's LibreOffice conversion is not checked")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not installed (Debian package poppler-utils)")
    tmp = tmp_path_factory.mktemp("word")
    (tmp / "report.docx").write_bytes(word_report[0])
    # An own profile: parallel runs (and a running LibreOffice) do not collide.
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp), str(tmp / "report.docx")],
                   check=True, capture_output=True, timeout=300)
    pdf = tmp / "report.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f"), bbox


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def chapters(doc) -> list[str]:
    headings = [i for i in doc.items if isinstance(i, Heading) and i.level == 1 and i.in_toc]
    return [h.text for h in headings]


def test_libreoffice_shows_the_contents_with_every_chapter_and_its_page(word_report, converted):
    pages, _bbox = converted
    _data, doc = word_report
    toc = next(p for p in pages if "目次" in p)
    entries = {}
    for line in toc.splitlines():
        match = re.match(r"^\s*(.*?)[\s.．…]*(\d+)\s*$", line)
        if match and match.group(1):
            entries[squash(re.sub(r"^\d+\s+", "", match.group(1)))] = int(match.group(2))
    assert len(entries) >= 10, toc
    for title in chapters(doc):
        key = squash(re.sub(r"^\d+\s*", "", title))  # the chapter number is the heading's
        assert key in entries, (title, toc)
        # The page printed is estimated (Word replaces it when it updates the fields): it is
        # close to the page where LibreOffice lays the chapter out.
        actual = next(n for n, page in enumerate(pages, 1)
                      if n > 2 and key[:10] in squash(page))
        assert abs(entries[key] - actual) <= 3, (title, entries[key], actual)


def test_libreoffice_lays_out_no_text_beyond_the_page(converted):
    _pages, bbox = converted
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S)
    assert pages
    for width, _height, words in pages:
        for x_min, x_max in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"',
                                       words):
            assert 0 <= float(x_min) and float(x_max) <= float(width) + 0.5


def test_every_table_is_within_the_usable_width_of_its_section(word_report):
    word = Word(io.BytesIO(word_report[0]))
    body = word.element.body
    section_widths = []  # per sectPr in body order: usable width in twips
    for sect in body.iter(qn("w:sectPr")):
        size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
        section_widths.append(int(size.get(qn("w:w"))) - int(margins.get(qn("w:left")))
                              - int(margins.get(qn("w:right"))))
    section = 0
    checked = 0
    for element in body.iterchildren():
        if element.tag == qn("w:tbl"):
            grid = sum(int(g.get(qn("w:w"))) for g in element.iter(qn("w:gridCol")))
            assert grid <= section_widths[section] + 2, (grid, section_widths[section])
            checked += 1
        elif element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            section += 1
    assert checked > 20


def test_the_contents_are_written_out_inside_a_toc_field_word_updates(word_report):
    data, doc = word_report
    word = Word(io.BytesIO(data))
    xml = word.element.body.xml
    assert re.search(r'<w:fldChar w:fldCharType="begin" w:dirty="true"/>', xml)
    assert "TOC \\o" in xml
    entries = [p for p in word.paragraphs if p.style.name in ("toc 1", "toc 2")]
    texts = [squash(p.text) for p in entries]
    for title in chapters(doc):
        assert any(squash(title) in t and re.search(r"\d+$", t) for t in texts), title
    # Each entry's page is a PAGEREF to a bookmark on its heading.
    bookmarks = set(re.findall(r'<w:bookmarkStart w:id="\d+" w:name="(_Toc\d+)"/>', xml))
    refs = re.findall(r"PAGEREF (_Toc\d+) \\h", xml)
    assert refs and set(refs) <= bookmarks and len(refs) == len(entries)


def test_the_word_styles_name_windows_japanese_fonts_and_black_headings_of_the_report(
        word_report):
    word = Word(io.BytesIO(word_report[0]))
    assert FONT in ("游ゴシック", "游明朝", "MS ゴシック", "MS 明朝")
    styles = word.styles
    assert styles["Normal"].element.rPr.rFonts.get(W_EAST_ASIA) == FONT
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    fonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(W_EAST_ASIA) == FONT and fonts.get(qn("w:eastAsiaTheme")) is None
    used = {p.style.name for p in word.paragraphs}
    for level, (name, _base, _size) in LEVEL_STYLES.items():
        style = styles[name]
        assert style.font.color.rgb == (0, 0, 0) and style.font.color.theme_color is None
        assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)
        if level <= 3:
            assert name in used
    assert not any(name.startswith("Heading") for name in used)


def test_table_headers_repeat_and_the_cover_has_no_header_or_page_number(word_report):
    word = Word(io.BytesIO(word_report[0]))
    with_header = [t for t in word.tables if t.rows[0]._tr.trPr is not None
                   and t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None]
    assert len(with_header) > 20
    cover = word.sections[0]
    assert cover.different_first_page_header_footer
    assert not "".join(p.text for p in cover.first_page_header.paragraphs)
    assert "PAGE" not in cover.first_page_footer._element.xml
    assert "PAGE" in cover.footer._element.xml  # the pages after the cover are numbered
    assert all(s.header.is_linked_to_previous for s in word.sections[1:])
