"""The report's appendix prints the whole ordinance as the city structures it: 前文, the
parts, 第1条…第24条 with captions, numbered paragraphs and items each on its own line, 附則;
and says 要約 when the stored text is a summary (the demo)."""

import io
import re

import pytest
from docx import Document as Word
from pypdf import PdfReader

from shisaku.demo import data as demo
from shisaku.ordinance.models import Ordinance
from shisaku.ordinance.structure import SUMMARY_MARK
from shisaku.reports.build import build
from shisaku.sheets.models import Cycle

pytestmark = pytest.mark.layout


@pytest.fixture
def cycle(db):
    from shisaku.demo.loader import load_demo

    load_demo()
    return Cycle.objects.create(fiscal_year=2021)


def _appendix_lines(lines: list[str]) -> list[str]:
    start = max(i for i, line in enumerate(lines) if line.startswith("（参考）"))
    return lines[start:]


def _expected_lines() -> list[str]:
    """Every paragraph and item of the demo ordinance, as the appendix starts its line."""
    out = []
    for number, _caption, _kind, lines in demo.ARTICLES:
        for index, line in enumerate(lines):
            out.append(f"第{number}条" if index == 0 else line.split(" ", 1)[0])
    return out


def _check(lines: list[str]) -> None:
    lines = _appendix_lines([line.strip() for line in lines if line.strip()])
    assert lines[0].endswith(SUMMARY_MARK)
    articles = [int(m[1]) for line in lines if (m := re.match(r"^第(\d+)条", line))]
    assert articles == list(range(1, 25))
    assert "前文" in lines and "附則" in lines
    assert lines.index("前文") < next(i for i, x in enumerate(lines) if x.startswith("第1条"))
    assert lines.index("附則") > next(i for i, x in enumerate(lines) if x.startswith("第24条"))
    starts = [line.split("　", 1)[0] for line in lines if re.match(r"^(第\d+条|\d+　|\(\d+\))", line)]
    assert starts == _expected_lines()
    for part, _first in demo.ORDINANCE_PARTS:
        assert part in lines


@pytest.mark.django_db
def test_the_word_appendix_prints_every_article_paragraph_and_item_on_its_own_line(cycle):
    data, _doc = build(cycle, "full", "docx")
    _check([p.text for p in Word(io.BytesIO(data)).paragraphs])


@pytest.mark.django_db
def test_the_html_appendix_prints_every_article_paragraph_and_item_on_its_own_line(cycle):
    data, _doc = build(cycle, "full", "html")
    html = data.decode()
    blocks = re.findall(r"<(?:p|h1|h2)[^>]*>(.*?)</(?:p|h1|h2)>", html, re.S)
    _check([re.sub(r"<[^>]+>", "", b) for b in blocks])


@pytest.mark.django_db
def test_the_pdf_appendix_shows_articles_1_to_24_in_order_with_preamble_and_supplementary(cycle):
    data, _doc = build(cycle, "full", "pdf")
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    tail = text[text.rindex("（参考）"):]
    squashed = re.sub(r"\s+", "", tail)
    positions = [squashed.index(f"第{n}条") for n in range(1, 25)]
    assert positions == sorted(positions)
    # 前文 and 附則 are headings of their own lines, before 第1条 and after 第24条
    lines = [re.sub(r"\s+", "", line) for line in tail.splitlines()]
    articles = [i for i, line in enumerate(lines) if re.match(r"^第\d+条", line)]
    assert lines.index("前文") < articles[0] < articles[-1] < lines.index("附則")
    # items start their own lines
    assert sum(1 for line in lines if re.match(r"^\(\d+\)", line)) == sum(
        1 for _n, _c, _k, body in demo.ARTICLES for line in body if line.startswith("("))


@pytest.mark.django_db
def test_the_citys_own_text_is_printed_without_the_summary_mark(cycle):
    Ordinance.objects.update(summarised=False)
    _data, doc = build(cycle, "full", "html")
    headings = [item.text for item in doc.items if getattr(item, "text", "").startswith("（参考）")]
    assert headings == [f"（参考）{demo.ORDINANCE['title']}"]
