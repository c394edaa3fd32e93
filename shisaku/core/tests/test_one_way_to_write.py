"""Fiscal years, articles and breakdowns are written through one helper each.

令和3（2021）年度 comes from `shisaku.lib.era.format_fy` (the `fy` filter), 第12条 from
`shisaku.lib.articles.format_article` (the `article` filter), 新規38件・変更21件 from
`shisaku.sheets.breakdown.format_breakdown` (the `breakdown` filter). These tests read every
template and the Python code for hand-made spellings, and check that rendered pages and
documents carry the helpers' output.
"""

import ast
import re
from pathlib import Path

import pytest

from shisaku.lib.articles import format_article
from shisaku.lib.era import format_fy
from shisaku.sheets.breakdown import format_breakdown

ROOT = Path(__file__).resolve().parents[2]  # the shisaku package

# The helpers themselves, and code that reads what others wrote (the report parser keeps the
# source's own spelling in the comments it imports; a statistics import names the period key
# it read, which need not be a fiscal year).
HELPERS = {"lib/era.py", "lib/articles.py", "lib/textnorm.py"}
READERS = {"ingest/reader/indicators.py", "stats/schemas.py"}


def _templates() -> list[Path]:
    return sorted(p for p in ROOT.rglob("templates/**/*") if p.suffix in {".html", ".txt", ".xml"})


def _python() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py")
                  if "tests" not in p.parts and "migrations" not in p.parts
                  and str(p.relative_to(ROOT)) not in HELPERS | READERS)


VARIABLE = r"\{\{[^}]*\}\}"
TEMPLATE_RULES = [
    (re.compile(VARIABLE + r"\s*年度"), "a fiscal year written by hand: use {{ x|fy }}"),
    (re.compile(r"(?:令和|平成|昭和|R|H)" + VARIABLE), "an era year written by hand: use {{ x|fy }}"),
    (re.compile(VARIABLE + r"\s*条(?![例文件])"), "an article written by hand: use {{ n|article }}"),
    (re.compile(r"第" + VARIABLE + r"\s*条"), "an article written by hand: use {{ n|article }}"),
    (re.compile(r"\|fy:[\"']short[\"']"),
     "R3 (2021) 年度 is for the report's indicator tables only; screens use {{ x|fy }}"),
    (re.compile(r"\{%\s*for\s+\w+\s+in\s+[^%]*breakdown\s*%\}"),
     "a breakdown written by hand: use {{ items|breakdown:unit }}"),
    (re.compile(r"[(（]\s*\{\{[^}]*breakdown[^}]*\}\}"),
     "brackets around a breakdown by hand: format_breakdown(..., brackets='full') writes them"),
]


def test_no_template_spells_a_fiscal_year_an_article_or_a_breakdown_by_hand():
    found = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for pattern, why in TEMPLATE_RULES:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)!r}: {why}")
    assert not found, "\n".join(found)


def _hand_formatting(tree: ast.AST) -> list[tuple[int, str]]:
    """f-strings that glue 年度 or 第…条 to a value, and breakdowns joined by hand."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = node.values
            for i, part in enumerate(parts):
                if not isinstance(part, ast.FormattedValue):
                    continue
                before = parts[i - 1].value if i and isinstance(parts[i - 1], ast.Constant) else ""
                after = (parts[i + 1].value if i + 1 < len(parts)
                         and isinstance(parts[i + 1], ast.Constant) else "")
                before, after = str(before), str(after)
                if after.startswith("年度"):
                    out.append((node.lineno, "N年度: use format_fy"))
                if before.endswith("第") and after.startswith("条"):
                    out.append((node.lineno, "第N条: use format_article"))
                if re.search(r"(?:令和|平成|R)$", before):
                    out.append((node.lineno, "an era year: use format_fy"))
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "join" and isinstance(node.func.value, ast.Constant)
                and node.func.value.value == "・"
                and any(isinstance(sub, ast.Constant) and sub.value == "label"
                        for sub in ast.walk(node))):
            out.append((node.lineno, "a breakdown joined by hand: use format_breakdown"))
    return out


def test_no_python_code_spells_a_fiscal_year_an_article_or_a_breakdown_by_hand():
    found = []
    for path in _python():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found += [f"{path.relative_to(ROOT)}:{line}: {why}" for line, why in _hand_formatting(tree)]
    assert not found, "\n".join(found)


def test_the_scanner_catches_what_it_is_for():
    """The rules above are not vacuous: each one finds the spelling it forbids."""
    samples = ["{{ c.fiscal_year }}年度", "R{{ n }}", "{{ a.number }}条", "第{{ a }}条",
               '{{ x|fy:"short" }}', "{% for b in v.breakdown %}", "({{ v.breakdown|breakdown }})"]
    for sample, (pattern, _why) in zip(samples, TEMPLATE_RULES, strict=True):
        assert pattern.search(sample), sample
    assert not any(p.search("{{ n }}条例 {{ n }}条文 {{ n }}件 第{{ n }}版") for p, _ in TEMPLATE_RULES)
    code = ast.parse('f"{fy}年度"\nf"第{n}条"\nf"令和{n}"\n"・".join(f"{b[\'label\']}" for b in x)')
    assert len(_hand_formatting(code)) == 4


def test_the_helpers_write_the_one_spelling():
    assert format_fy(2021) == "令和3（2021）年度"
    assert format_fy(2019) == "令和元（2019）年度"
    assert format_article(12) == "第12条"
    items = [{"label": "新規", "value": 38}, {"label": "変更", "value": 21}]
    assert format_breakdown(items, "件") == "新規38件・変更21件"
    assert format_breakdown(items, "件", brackets="full") == "（新規38件・変更21件）"
    assert format_breakdown(items, "件", brackets="report") == " (新規38件・変更21件)"
    assert format_breakdown([{"label": "うち外国人", "value": 220000}], labels=False,
                            brackets="full") == "（220,000）"
    assert format_breakdown([], brackets="full") == ""


def test_the_template_filters_are_the_helpers():
    from django.template import Context, Template

    html = Template('{{ fy|fy }} {{ n|article }} {{ items|breakdown:"件" }}').render(Context({
        "fy": 2021, "n": 12, "items": [{"label": "新規", "value": 38}]}))
    assert html == "令和3（2021）年度 第12条 新規38件"


@pytest.mark.usefixtures("published_demo")
def test_screens_and_the_report_carry_the_helpers_spelling(db, client):
    """The demo's 先端設備等導入計画の認定件数 (FY2021: 47, of which 新規29件・変更18件): the sheet
    page prints 47（新規29件・変更18件）, the report's indicator table 47 (新規29件・変更18件) as
    the city prints it, both through format_breakdown; years and articles read as the helpers
    write them on the sheet page, the main-opinions page and in the report."""
    from django.urls import reverse

    from shisaku.accounts.models import User
    from shisaku.reports.build import build
    from shisaku.sheets.models import Cycle, IndicatorValue

    value = IndicatorValue.objects.select_related("indicator__project").get(
        indicator__name="先端設備等導入計画の認定件数", fiscal_year=2021)
    sheet = value.indicator.project.sheets.get(cycle__fiscal_year=2021)
    printed = "47" + format_breakdown(value.breakdown, "件", brackets="full")
    assert printed == "47（新規29件・変更18件）"
    as_the_city_prints = "47" + format_breakdown(value.breakdown, "件", brackets="report")
    client.force_login(User.objects.get(username="kikaku"))

    page = client.get(reverse("sheets:detail", args=[sheet.pk])).content.decode()
    assert printed in page and "47 (新規" not in page
    assert format_fy(2021) in page and format_fy(2020) in page
    assert "R3 (2021)" not in page

    opinions = client.get(reverse("verification:main_opinions", args=[2021])).content.decode()
    assert format_article(12) in opinions

    _data, doc = build(Cycle.objects.get(fiscal_year=2021), "full", "html")
    report = _data.decode()
    assert as_the_city_prints in report  # the report's indicator tables, as the city prints
    assert format_fy(2021) in report and format_article(12) in report
