"""その他の事業 and the 施策一覧 of the FY2021 demo report, compared with the city's own
report (seed 002): the same projects under the same articles, the city's rows, the
second-article marks, page ranges that point at the pages, and the ※ lineage notes."""

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from shisaku.core.tests.fixtures import module_data
from shisaku.demo import others_data
from shisaku.ingest import reader
from shisaku.lib import richtext
from shisaku.projects.models import LineageEvent, Project
from shisaku.reports.build import build
from shisaku.reports.content.full import build_full
from shisaku.reports.content.lineage_notes import change_note
from shisaku.reports.content.project_list import counted_projects, verified_rows
from shisaku.reports.data import LineageChange, load
from shisaku.reports.document import Columns, Heading, Para, Table
from shisaku.sheets.models import Cycle, Sheet

pytestmark = [pytest.mark.django_db, pytest.mark.layout]

SEED = Path(__file__).resolve().parents[4] / "shared" / "seeds" / "002_report_fy2021_excerpt.txt"
SPACES = re.compile(r"[\s\u3000]+")


@pytest.fixture(scope="module")
def excerpt() -> str:
    if not SEED.exists():
        pytest.skip(f"{SEED} がありません（../shared/seeds は開発環境にだけあります）")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed(excerpt):
    return reader.parse(excerpt, 2021)


def _load_demo():
    from shisaku.demo.loader import create_demo_users, load_demo
    from shisaku.demo.others_loader import load_demo_other_sheets
    from shisaku.demo.sheets_loader import load_demo_sheets
    from shisaku.demo.verification_loader import load_demo_verification

    load_demo()
    create_demo_users()
    load_demo_sheets()
    load_demo_other_sheets()
    load_demo_verification()


demo_data = module_data(_load_demo)  # loaded once for the module


@pytest.fixture
def demo_cycle(demo_data, db):
    return Cycle.objects.get(fiscal_year=2021)


def norm(text: str) -> str:
    """Compared without spaces, with full- and half-width forms folded ((溝口…) = （溝口…）)."""
    return SPACES.sub("", unicodedata.normalize("NFKC", text))


def excerpt_verified_rows(text: str) -> list[tuple[str, list[str]]]:
    """(article cell, names) per row of the excerpt's 検証対象事業 list."""
    lines = text.splitlines()
    start = lines.index("図表 中小企業活性化施策一覧")
    rows = []
    for line in lines[start + 3:]:
        if line.startswith("その他の事業"):
            break
        cells = line.split("\t")
        if len(cells) < 3 or cells[0] == "条文":
            continue
        rows.append((cells[0], [n for n in SPACES.split(cells[2]) if n]))
    return rows


def tables(doc) -> dict[str, Table]:
    return {item.caption: item for item in doc.items if isinstance(item, Table) and item.caption}


def list_notes(doc) -> dict[int, str]:
    notes = {}
    for item in doc.items:
        match = isinstance(item, Para) and re.match(r"^※(\d+) (.+)$", item.text)
        if match:
            notes[int(match.group(1))] = match.group(2)
    return notes


def test_the_project_list_has_the_citys_rows_marks_other_projects_and_lineage_notes(
        demo_cycle, excerpt, parsed):
    doc = build_full(load(demo_cycle))
    listed = tables(doc)
    # Verified projects: the city's rows (a group's projects share one until one of them
    # has its own opinions), each under its first project's article, a project of another
    # article marked with it (内陸部操業環境保全対策事業（15条） under 14条).
    verified = listed["検証対象事業"]
    ours = [(row[0], row[2].split("\n")) for row in verified.rows]
    assert [(a, [norm(n) for n in names]) for a, names in ours] == [
        (a, [norm(n) for n in names]) for a, names in excerpt_verified_rows(excerpt)]
    assert verified.page_refs and len(verified.row_labels) == len(verified.rows)
    # The report counts a group once (各条文に対応する11事業).
    counted = re.search(r"各条文に対応する(\d+)事業", excerpt).group(1)
    assert counted_projects(load(demo_cycle)) == int(counted)
    # その他の事業: the same projects under the same articles, the same ※ marks.
    others = listed["その他の事業"]
    article, got = None, []
    for row in others.rows:
        article = int(row[0].rstrip("条")) if row[0] else article
        match = re.match(r"^(.*?)(?:（※(\d+)）)?$", row[2])
        got.append((article, match.group(1), int(match.group(2)) if match.group(2) else None))
    assert got == [(p.article, p.name, p.mark) for p in parsed.other_projects]
    # The ※ notes come from the lineage. Where the demo's lineage event has the
    # predecessors the city's note names, the note reads as the city's; the demo adds a
    # predecessor to ※4 (see demo.data.LINEAGE), whose note then names it too.
    notes = list_notes(doc)
    assert set(notes) == {n.mark for n in parsed.lineage_notes}
    events = {frozenset(e.predecessors.values_list("name", flat=True))
              for e in LineageEvent.objects.filter(effective_fy=2022)}
    for note in parsed.lineage_notes:
        assert note.successor in notes[note.mark]
        if frozenset(note.predecessors) in events:
            assert notes[note.mark] == note.text, note.mark


def test_the_other_projects_section_prints_each_entry_under_the_excerpts_article(
        demo_cycle, parsed):
    doc = build_full(load(demo_cycle))
    article, entries, columns = None, {}, 0
    after = False
    for item in doc.items:
        if isinstance(item, Heading) and item.label == "others":
            after = True
        elif after and isinstance(item, Heading) and item.level == 3:
            article = int(item.text.split("条")[0])
        elif after and isinstance(item, Heading) and item.level == 4:
            entries[item.text] = article
        elif after and isinstance(item, Columns):
            columns += 1
            assert item.header == ("令和4年度の概要", "令和3年度の実績")
            assert all(item.cells)
    assert columns == len(entries) == sum(1 for e in others_data.OTHERS_FY2021
                                          if e["summary_next"])
    by_name = {norm(name): number for name, number in entries.items()}
    for entry in parsed.other_entries:
        names = [entry.project, entry.merged_from or "",
                 re.sub(r"[（(].*?[)）]$", "", entry.project)]  # (溝口事務所含む)
        assert any(by_name.get(norm(n)) == entry.article for n in names if n), entry.project
    # The small tables are stored in the sheet's Shisaku text and printed as tables.
    farms = Sheet.objects.get(cycle=demo_cycle, project__name="市民・「農」交流機会推進事業")
    table = next(b for b in richtext.parse(farms.summary_results)
                 if isinstance(b, richtext.Table))
    assert ("小倉市民農園", "91区画") in table.rows


def pdf_text(data: bytes, tmp_path) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         check=True, text=True).stdout
    return out.split("\f")


def _pages_of(pages: list[str], first_line: str) -> tuple[int, int]:
    """The page cell of the list line that starts a row ("15-18" → (15, 18))."""
    for page in pages[:30]:  # the list is in chapter 4, after the statistics
        for line in page.splitlines():
            match = re.search(r"\s(\d+)(?:-(\d+))?\s*$", line)
            if match and norm(first_line) in norm(line):
                start = int(match.group(1))
                return start, int(match.group(2) or start)
    raise AssertionError(f"no page cell for {first_line}")


def test_the_pdf_lists_other_projects_by_article_and_its_page_ranges_point_at_the_pages(
        demo_cycle, parsed, tmp_path):
    data, doc = build(demo_cycle, "full", "pdf")
    pages = pdf_text(data, tmp_path)
    # Each verified row's range starts on its first project's page and ends on the page
    # before the next row's: every project of the row prints within it.
    # A row whose sheets the source lacks has no pages (the sheets are named under their
    # article instead): the ranges run over the printed rows.
    printed = [(index, row) for index, row in enumerate(verified_rows(load(demo_cycle)))
               if any(not s.source_missing for s in row.sheets)]
    rows = [row for _index, row in printed]
    spans = [_pages_of(pages, tables(doc)["検証対象事業"].rows[index][2].split("\n")[0])
             for index, _row in printed]
    assert any(end > start for start, end in spans)
    for (_start, end), (next_start, _end) in zip(spans, spans[1:], strict=False):
        assert next_start == end + 1
    for row, (start, end) in zip(rows, spans, strict=True):
        sheets = [s for s in row.sheets if not s.source_missing]
        assert norm(sheets[0].project.heading) in norm(pages[start - 1])
        for sheet in sheets:
            assert any(norm(sheet.project.heading) in norm(pages[p - 1])
                       for p in range(start, end + 1)), sheet
    # その他の事業: the section's article headings and entries, read back from the PDF.
    start, _end = _pages_of(pages, parsed.other_projects[0].name)
    article, printed = None, {}
    for page in pages[start - 1:]:
        for line in page.splitlines():
            if line.strip().startswith("（参考）"):
                break
            head = re.match(r"^\s*(\d+)\s*条\s+\S", line)
            if head:
                article = int(head.group(1))
            entry = re.match(r"^\s*■\s*(.+?)\s*$", line)
            if entry:
                printed[norm(entry.group(1))] = article
    for entry in parsed.other_entries:
        names = [entry.project, entry.merged_from or "",
                 re.sub(r"[（(].*?[)）]$", "", entry.project)]
        assert any(printed.get(norm(n)) == entry.article for n in names if n), entry.project
    # The ※ notes print below the list.
    flat = norm("".join(pages[:15]))
    for mark, note in list_notes(doc).items():
        assert norm(f"※{mark} {note}") in flat


def _project(pk: int, name: str, first_fy=None) -> Project:
    return Project(pk=pk, name=name, first_fy=first_fy)


def test_a_lineage_note_says_what_becomes_of_the_project():
    a, b, c = _project(1, "甲事業"), _project(2, "乙事業"), _project(3, "丙事業", 2022)
    merged = LineageChange("merged", 2022, (a,), (b,))
    assert change_note(a, [merged]) == "乙事業に統合"
    assert change_note(b, [merged]) == ""  # the project that others join
    both = LineageChange("merged", 2022, (a, b), (c,))
    assert change_note(a, [both]) == "乙事業と統合の上、事務事業名を丙事業に変更"
    assert change_note(a, [LineageChange("renamed", 2022, (a,), (c,))]) == \
        "事務事業名を丙事業に変更"
    assert change_note(a, [LineageChange("split", 2022, (a,), (b, c))]) == "乙事業、丙事業に分割"
    assert change_note(a, [LineageChange("abolished", 2022, (a,), ())]) == "廃止"


def test_the_demo_other_sheets_are_loaded_once_and_complete(demo_cycle):
    from shisaku.demo.others_loader import load_demo_other_sheets

    assert load_demo_other_sheets() == {"sheets.Sheet": 0, "sheets.SheetChange": 0}
    sheets = Sheet.objects.filter(cycle=demo_cycle, verified=False)
    assert sheets.count() == len(others_data.OTHERS_FY2021)
    for sheet in sheets.exclude(state=Sheet.State.DRAFT):
        assert sheet.missing_parts([], final_year=True) == [], sheet
