"""The press release and the summary follow the city's own models; each has its own workbook."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from shisaku.city.models import CitySettings
from shisaku.core.tests.fixtures import module_data
from shisaku.lib.era import format_fy
from shisaku.reports.build import build
from shisaku.reports.document import Box, Heading, Para, Table
from shisaku.sheets.models import Cycle, Sheet
from shisaku.verification.models import FollowUp

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[4] / "shared" / "seeds" / "004_press_release_fy2024_report.txt"


def _load_demo():
    from shisaku.demo.loader import load_demo
    from shisaku.demo.sheets_loader import load_demo_sheets
    from shisaku.demo.verification_loader import load_demo_verification

    load_demo()
    load_demo_sheets()
    load_demo_verification()


demo_data = module_data(_load_demo)  # loaded once for the module


@pytest.fixture
def demo_cycle(demo_data, db):
    return Cycle.objects.get(fiscal_year=2021)


def texts(items) -> list[str]:
    """Every text a document prints, in order."""
    out = []
    for item in items:
        if isinstance(item, (Para, Heading)):
            out.append(item.text)
        elif isinstance(item, Table):
            out.extend(item.header or ())
            out.extend(cell for row in item.rows for cell in row)
        elif isinstance(item, Box):
            out.extend(texts(item.items))
    return out


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_press_release_has_the_parts_of_the_citys_own(demo_cycle):
    _data, doc = build(demo_cycle, "press", "html")
    printed = "\n".join(texts(doc.items))
    city = CitySettings.current()
    verified = Sheet.objects.current().filter(cycle=demo_cycle, verified=True).count()
    # Label, issuing bureau, title and lead with the number of projects verified.
    assert "報道発表資料" in printed and f"{city.city_name}（{city.bureau_name}）" in printed
    assert doc.title == f"{format_fy(2021, 'era')}中小企業活性化施策実施状況報告書を作成しました"
    assert f"全{verified}事業" in printed
    # The ordinance's features, its eight measures, the per-article table.
    assert "の特徴と取組" in printed
    for number in range(12, 20):
        assert f"第{number}条" in printed
    table = next(t for t in doc.items if isinstance(t, Table) and t.header
                 and "主な検証意見" in t.header)
    assert table.header[2:] == ("令和3年度の主な取組", "主な検証意見", "令和4年度以降の取組")
    # Where the report is and whom to ask: the facts of the city's own release (seed 004).
    seed = SEED.read_text(encoding="utf-8")
    assert city.report_url in seed and city.report_url in printed
    assert f"電話 {city.press_phone}" in printed
    assert "０４４－２００－２３６０" in seed  # the demo's phone is the release's, full width there


def test_a_follow_up_recorded_in_a_later_year_is_not_in_that_years_press_release(demo_cycle):
    later = [f for f in FollowUp.objects.select_related("cycle", "response__opinion__cycle")
             if f.response.opinion.cycle_id == demo_cycle.pk and f.note]
    assert later and all(f.cycle.fiscal_year > 2021 for f in later)  # the demo has them
    for kind in ("press", "summary"):
        _data, doc = build(demo_cycle, kind, "html")
        printed = squash("".join(texts(doc.items)))
        for follow_up in later:
            assert squash(follow_up.note)[:30] not in printed, (kind, follow_up.note)
        assert "その後の取組" not in printed


def test_the_summary_prints_no_rating_chart_the_city_never_published(demo_cycle):
    _data, doc = build(demo_cycle, "summary", "html")
    assert doc.figures() == []
    printed = "".join(texts(doc.items))
    assert "主な検証意見" in printed and "今後の取組" in printed and "検証した事業" in printed


def sheets(data: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(data))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book}


def assert_machine_readable(data: bytes) -> None:
    """One header row of distinct names, one datum per cell, no merged cell, no formula,
    numbers as numbers, and the fiscal year in 西暦 (a number) on every row."""
    book = load_workbook(io.BytesIO(data))
    for ws in book:
        assert not ws.merged_cells.ranges, ws.title
        rows = list(ws.iter_rows())
        header = [c.value for c in rows[0]]
        assert all(isinstance(h, str) and h for h in header), (ws.title, header)
        assert len(set(header)) == len(header), (ws.title, header)
        for row in rows[1:]:
            assert len(row) == len(header)
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not re.fullmatch(r"-?[\d,]+(\.\d+)?", cell.value), cell.coordinate
        year = next((i for i, h in enumerate(header) if h in ("年度（西暦）",)), None)
        if year is not None:
            assert all(isinstance(r[year].value, int) for r in rows[1:]), ws.title


def test_the_summary_and_the_press_release_each_have_their_own_workbook(demo_cycle):
    summary = build(demo_cycle, "summary", "xlsx")[0]
    press = build(demo_cycle, "press", "xlsx")[0]
    full = build(demo_cycle, "full", "xlsx")[0]
    assert sheets(summary) != sheets(press) != sheets(full)
    assert list(sheets(summary)) == ["検証した事業", "主な検証意見"]
    assert list(sheets(press)) == ["条文別の主な取組", "主な取組"]
    verified = Sheet.objects.current().filter(cycle=demo_cycle, verified=True).count()
    projects = sheets(summary)["検証した事業"]
    assert len(projects) - 1 == verified + 1  # every verified project and the art. 19 effort
    counts = sheets(press)["条文別の主な取組"]
    assert {r[2] for r in counts[1:]} <= set(range(12, 20)) and all(
        isinstance(r[4], int) for r in counts[1:])
    for data in (summary, press, full):
        assert_machine_readable(data)
