"""The generated FY2021 report, read back from its PDF (pdftotext), against the city's own
report (seed 002): the same chapters and articles in the same order, the same verified
projects under the same articles, as many opinions per article, and none of the ratings
the city never published; the その他の事業 it lists and 第1条…第24条 in the appendix.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from shisaku.reports.build import build
from shisaku.sheets.models import Cycle

# ../shared beside the checkout (a worktree sits one level deeper than the main checkout).
_ROOT = Path(__file__).resolve().parents[3]
EXCERPT = next((path for path in (root / "shared" / "seeds" / "002_report_fy2021_excerpt.txt"
                                  for root in (_ROOT.parent, _ROOT.parent.parent))
                if path.exists()), _ROOT.parent / "shared" / "seeds" / "002_report_fy2021_excerpt.txt")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
ARTICLES = range(12, 19)  # the articles with projects of their own (19: the city's procurement)

pytestmark = [
    pytest.mark.layout,
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) is needed"),
    pytest.mark.skipif(not EXCERPT.exists(), reason="../shared/seeds is only in development"),
]


def squash(text: str) -> str:
    """Without spaces and the western year in brackets (the contents list leaves it out:
    令和3年度… there, 令和3（2021）年度… in the chapter's heading)."""
    return re.sub(r"[（(]\d{4}[）)]", "", re.sub(r"\s+", "", text))


# ------------------------------------------------------------------ the city's report


def excerpt_lines() -> list[str]:
    return EXCERPT.read_text(encoding="utf-8").splitlines()


def excerpt_contents() -> list[str]:
    """The contents list at the top of the report, without page numbers."""
    lines = excerpt_lines()
    start = next(i for i, line in enumerate(lines) if "目 次" in line)
    entries = []
    for line in lines[start + 1:]:
        if not line.strip():
            continue
        entries.append(squash(re.sub(r"[\t ]+\d+\s*$", "", line)))
        if line.startswith("（参考）"):
            return entries
    raise AssertionError("the excerpt's contents list has no end")


def excerpt_projects_by_article() -> dict[int, set[str]]:
    """図表 中小企業活性化施策一覧, verified part: article → project names (groups dropped)."""
    lines = excerpt_lines()
    start = next(i for i, line in enumerate(lines) if line.startswith("図表 中小企業活性化施策一覧"))
    by_article: dict[int, set[str]] = {}
    article = None
    for line in lines[start + 2:]:
        if line.startswith("その他の事業"):
            break
        cells = line.split("\t")
        if len(cells) < 3:
            continue
        if match := re.match(r"(\d+)条", cells[0]):
            article = int(match.group(1))
        if article is None or article == 19:
            continue
        names = {re.sub(r"（\d+条）$", "", token) for token in cells[2].split()}
        by_article.setdefault(article, set()).update(
            name for name in names if name and not name.endswith("関連事業"))
    return by_article


def excerpt_opinions_by_article() -> dict[int, int]:
    """Numbered Check items of every sheet page, counted under the page's article."""
    lines = excerpt_lines()
    article_of = {name: article for article, names in excerpt_projects_by_article().items()
                  for name in names}
    counts: dict[int, int] = {}
    article, in_check = None, False
    for index, line in enumerate(lines):
        following = [x for x in lines[index + 1:index + 4] if x.strip()]
        if following and following[0] == "施策における目標":
            name = line.split()[-1].lstrip(CIRCLED) if line.split() else ""
            article = article_of.get(name, article)
        if line == "受注機会の増大等" and following and following[0] == "事業計画 Plan":
            article = 19
        if line.startswith("主な検証意見 Check"):
            in_check = True
        elif line.startswith("令和4年度以降の対応 Action"):
            in_check = False
        elif in_check and re.match(rf"^(- )?[{CIRCLED}]", line):
            counts[article] = counts.get(article, 0) + 1
    return counts


# ------------------------------------------------------------------ the generated report


@pytest.fixture(scope="module")
def report_pages(django_db_setup, django_db_blocker) -> list[str]:
    """The demo's FY2021 full report (as `load-demo` loads it) as pdftotext reads it, one
    string per page."""
    from django.db import transaction

    from shisaku.demo.everything import load_everything

    with django_db_blocker.unblock():
        with transaction.atomic():
            load_everything()
            data, _doc = build(Cycle.objects.get(fiscal_year=2021), "full", "pdf")
            transaction.set_rollback(True)
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode("utf-8")
    return text.split("\f")


def contents(pages: list[str]) -> list[tuple[str, int]]:
    """(entry, page) of the generated contents list (its dot leaders end with the page)."""
    page = next(p for p in pages if "目次" in p)
    # A chapter number may come out on a line of its own, before its title.
    page = re.sub(r"^\s*(\d+)\s*\n", r"\1 ", page, flags=re.MULTILINE)
    entries = []
    for line in page.splitlines():
        if match := re.match(r"^\s*(.+?)\s*(?:\.\s*)+\W*(\d+)\s*$", line):
            # The demo's ordinance is our own summary, labelled （要約） where the city's
            # appendix carries the real text: the label is not a difference of structure.
            entries.append((squash(match.group(1)).removesuffix("（要約）"), int(match.group(2))))
    return entries


def section_pages(pages: list[str], entries, title: str) -> list[str]:
    """The pages of the entry starting with `title`, up to the page before the next entry
    (each article opens a new page)."""
    at = next(i for i, (entry, _page) in enumerate(entries) if entry.startswith(title))
    first = entries[at][1]
    end = entries[at + 1][1] - 1 if at + 1 < len(entries) else len(pages)
    return pages[first - 1:max(end, first)]


def heading_lines(page: str) -> set[str]:
    return {squash(line).removesuffix("（要約）") for line in page.splitlines() if line.strip()}


def chapters_and_articles(entries: list[str]) -> list[str]:
    """Top-level chapters, the articles, その他の事業 and the appendix (not the (n) parts)."""
    return [e for e in entries if not re.match(r"^\(\d\)", e)
            and (re.match(r"^\d", e) or e.startswith(("第", "その他の事業", "（参考）")))]


# ------------------------------------------------------------------ the tests


def test_every_chapter_and_article_heading_is_the_citys_in_the_citys_order(report_pages):
    expected = chapters_and_articles(excerpt_contents())
    assert len(expected) == 14  # 1–4, 第12条–第19条, その他の事業, （参考）条例
    entries = contents(report_pages)
    assert chapters_and_articles([e for e, _page in entries]) == expected
    # Each entry heads the page the contents list gives, as a line of its own.
    for entry, page in entries:
        if entry in expected:
            assert entry in heading_lines(report_pages[page - 1]), (entry, page)


def test_the_statistics_chapter_has_the_citys_five_numbered_parts(report_pages):
    numbers = [e[:3] for e, _page in contents(report_pages) if re.match(r"^\(\d\)", e)]
    assert numbers == ["(1)", "(2)", "(3)", "(4)", "(5)"]
    assert [e[:3] for e in excerpt_contents() if re.match(r"^\(\d\)", e)] == numbers


def test_the_statistics_parts_read_as_the_citys(report_pages):
    expected = [e for e in excerpt_contents() if re.match(r"^\(\d\)", e)]
    generated = [e for e, _page in contents(report_pages) if re.match(r"^\(\d\)", e)]
    assert len(generated) == len(expected)
    # The city's contents list shortens (5) (its heading adds 「（令和3年度実施）」).
    assert all(g.startswith(e) for g, e in zip(generated, expected, strict=True)), generated


def test_the_contents_list_is_the_citys_entry_for_entry(report_pages):
    generated = [e for e, _page in contents(report_pages)]
    expected = excerpt_contents()
    assert len(generated) == len(expected)
    # An entry is the heading as printed; the city's list shortens one (its (5) drops the
    # heading's 「（令和3年度実施）」), so an entry starts with the city's.
    assert [e for e, c in zip(generated, expected, strict=True) if not e.startswith(c)] == []


def test_the_same_verified_projects_stand_under_the_same_articles(report_pages):
    entries = contents(report_pages)
    for article, names in excerpt_projects_by_article().items():
        text = squash("".join(section_pages(report_pages, entries, f"第{article}条")))
        missing = [name for name in names if squash(name) not in text]
        assert not missing, (article, missing)


def test_each_article_has_as_many_opinions_as_the_citys(report_pages):
    entries = contents(report_pages)
    expected = excerpt_opinions_by_article()
    generated = {article: count_checks(section_pages(report_pages, entries, f"第{article}条"))
                 for article in ARTICLES}
    assert generated == {article: expected.get(article, 0) for article in ARTICLES}


def test_article_19_has_as_many_opinions_as_the_citys(report_pages):
    pages = section_pages(report_pages, contents(report_pages), "第19条")
    assert count_checks(pages) == excerpt_opinions_by_article()[19]


def count_checks(pages: list[str]) -> int:
    count, in_check = 0, False
    for line in "\n".join(pages).splitlines():
        text = line.strip().lstrip("■ ")
        if text.startswith("主な検証意見Check") or text.startswith("主な検証意見 Check"):
            in_check = True
        elif "以降の対応 Action" in text or "以降の対応Action" in text:
            in_check = False
        elif in_check and text and text[0] in CIRCLED:
            count += 1
    return count


def test_no_rating_the_city_never_made(report_pages):
    text = squash("".join(report_pages))
    for absent in ("達成率", "概ね達成", "条文別の指標の達成状況"):
        assert absent not in text, absent


def test_a_target_the_city_prints_with_a_part_in_brackets_keeps_it(report_pages):
    text = "".join(report_pages)
    assert re.search(r"1,950,000 \(220,000\)\s+1,980,000 \(230,000\)", text)


def test_check_and_action_are_two_numbered_sections_as_the_city_prints_them(report_pages):
    text = "\n".join(report_pages)
    assert "主な検証意見 Check" in text and "令和 4 年度以降の対応 Action" in text
    assert "主な検証意見 Check ／" not in text  # not the one table side by side
    assert re.search(r"第 2 期実行プログラムの実績・成果〔平成 30（2018）年度～令和 3（2021）年度〕",
                     text)


def test_the_other_projects_are_listed_as_the_citys(report_pages):
    lines = excerpt_lines()
    start = next(i for i, line in enumerate(lines) if line.startswith("その他の事業\t"))
    names = []
    for line in lines[start + 2:]:
        if line.startswith("<参考>"):
            break
        cells = [c for c in line.split("\t") if c.strip()]
        name = next((c for c in cells if c.endswith(("事業", "業務")) or "事業（※" in c
                     or "業務（※" in c), None)
        if name:
            names.append(squash(re.sub(r"（※\d）$", "", name)))
    # The city's list of other projects (its 施策一覧) is printed in the chapter's list; each
    # entry's pages under its article are test_other_projects' (the excerpt leaves a few out).
    entries = contents(report_pages)
    chapter = next(page for entry, page in entries if entry.startswith("4"))
    first_article = next(page for entry, page in entries if entry.startswith("第12条"))
    text = squash("".join(report_pages[chapter - 1:first_article - 1]))
    assert len(names) >= 30
    assert [n for n in names if n not in text] == []


def test_the_appendix_carries_every_article_of_the_ordinance(report_pages):
    pages = section_pages(report_pages, contents(report_pages), "（参考）")
    text = squash("".join(pages))
    positions = [text.find(f"第{n}条") for n in range(1, 25)]
    assert -1 not in positions and positions == sorted(positions)

