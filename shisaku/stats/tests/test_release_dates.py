"""A report of FY N dated D prints only figures released on or before D (``Period.release_date``),
and section 2 of the FY2021 report follows the city's report: subsections (1)-(5) with charts."""

import re
from datetime import date
from pathlib import Path

import pytest

from shisaku.reports.content import industry
from shisaku.reports.content.industry import section_items
from shisaku.stats import report
from shisaku.stats.models import BankruptcyCount, Dataset, Period
from shisaku.stats.tests.factories import make_census, make_dataset, make_period

pytestmark = pytest.mark.django_db

document = pytest.importorskip("shisaku.reports.document")

SEED = Path("../shared/seeds/002_report_fy2021_excerpt.txt")
REPORT_DATE = date(2022, 8, 31)  # the FY2021 report was published in 令和4年8月


def _seed_section_2() -> list[str]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "2 市内産業の現状")
    end = next(i for i, line in enumerate(lines)
               if i > start and line.startswith("3 中小企業活性化施策の検証体制等"))
    return [line.strip() for line in lines[start:end]]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def drawn(monkeypatch):
    """What each chart of section 2 is asked to draw: (categories, series) per figure name."""
    calls = []

    def recorder(name):
        def draw(labels, series, **kwargs):
            calls.append((name, list(labels), [(n, list(v)) for n, v in series]))
            return b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>"
        return draw

    monkeypatch.setattr(industry, "bar_chart", recorder("bar"))
    monkeypatch.setattr(industry, "line_chart", recorder("line"))
    return calls


def test_the_fy2021_section_has_the_report_s_subsections_1_to_5_in_its_order(demo):
    items = section_items(2021, REPORT_DATE)
    ours = [_squash(i.text) for i in items if isinstance(i, document.Heading) and i.level == 2]
    seed = []
    for line in _seed_section_2():  # (1)…(5); the survey's own (1)(2) come after (5)
        if line.startswith(f"({len(seed) + 1}) ") and len(seed) < 5:
            seed.append(_squash(line))
    assert ours == seed
    subs = [i.text for i in items if isinstance(i, document.Heading) and i.level == 4]
    assert [s[:1] for s in subs[:4]] == ["①", "②", "③", "④"]
    assert [s.split()[1] for s in subs[:4]] == ["事業所数", "従業者数", "業種別事業所数",
                                                "業種別従業者数"]
    # (5) has the excerpt's four parts: 1 調査結果, 2 調査の概要, 3 …機関数…, 4 …アンケート…
    seed_parts = [line for line in _seed_section_2()[1:] if re.match(r"^[1-4] ", line)]
    rd_parts = [s for s in subs if re.match(r"^[1-4] ", s)]
    assert [p[:1] for p in rd_parts] == ["1", "2", "3", "4"]
    assert rd_parts[:2] == seed_parts[:2]
    assert "研究開発機関数（562機関）に関する分析結果" in rd_parts[2]
    assert "アンケート調査の回答に関する分析" in rd_parts[3] == seed_parts[3]


def test_the_fy2021_section_draws_the_time_series_charts_of_the_report(demo, drawn):
    items = section_items(2021, REPORT_DATE)
    figures = [i for i in items if isinstance(i, document.Figure)]
    captions = [f.caption for f in figures]
    for wanted in ("事業所数（民営、全産業（公務を除く））の推移", "従業者数（民営、全産業（公務を除く））の推移",
                   "各DIの推移", "倒産件数（負債総額1,000万円以上）の推移", "求人倍率の推移"):
        assert any(wanted in c for c in captions), wanted
    assert all(c.startswith("図表 ") for c in captions)  # the city's own caption, once
    for figure in figures:
        assert figure.data.startswith(b"<?xml")
    by_caption = dict(zip(captions, drawn, strict=True))
    census = next(v for c, v in by_caption.items() if "事業所数（民営、全産業" in c)
    assert census[1] == ["H26(2014)", "H28(2016)"]
    assert census[2] == [("事業所数", [42616, 40934])]
    di = next(v for c, v in by_caption.items() if "各DI" in c)
    assert di[1] == ["2022年1-3月期", "2022年4-6月期"]
    assert [name for name, _ in di[2]] == ["業況DI", "売上額DI", "収益DI"]
    bankruptcies = next(v for c, v in by_caption.items() if "倒産件数" in c)
    assert bankruptcies[1][0] == "H27(2015)" and bankruptcies[1][-1] == "R3(2021)"
    assert bankruptcies[2][0][1][0] == 64 and bankruptcies[2][0][1][-1] == 54


def test_the_2021_census_released_after_the_report_date_is_not_in_the_fy2021_report(demo, drawn):
    # The 2021 census was released in 2023: the FY2021 report (2022-08) uses the 2016 census,
    # a draft of it compiled today shows the 2021 figure as well.
    points, _ = report.census_totals(until=2021, as_of=REPORT_DATE)
    assert [p.year for p in points] == [2014, 2016]
    points, caveat = report.census_totals(until=2021, as_of=date(2023, 7, 1))
    assert [p.year for p in points] == [2014, 2016, 2021] and caveat
    items = section_items(2021, REPORT_DATE)
    texts = " ".join(i.text for i in items if isinstance(i, document.Para))
    assert "41,223" not in texts and "令和3（2021）年の経済センサス" not in texts
    figures = [i for i in items if isinstance(i, document.Figure)]
    assert all(f.data.startswith(b"<?xml") for f in figures)  # draws every chart
    census = [labels for kind, labels, _ in drawn if kind == "bar" and labels[0] == "H26(2014)"]
    assert census == [["H26(2014)", "H28(2016)"]] * 2


def test_a_dataset_released_after_the_report_date_is_left_out_and_the_earlier_one_is_used(demo):
    newer = make_dataset("bankruptcies-revised", kind=Dataset.Kind.BANKRUPTCY, unit="件",
                         source="改訂版の出所", published_on=date(2022, 9, 15))
    BankruptcyCount.objects.create(period=make_period(newer, "2021"), count=99)
    assert [p.count for p in report.bankruptcies(2021, REPORT_DATE)] == [64, 54]
    assert [p.count for p in report.bankruptcies(2021, date(2022, 9, 15))] == [99]
    items = section_items(2021, REPORT_DATE)
    texts = " ".join(i.text for i in items if isinstance(i, document.Para))
    assert "54件" in texts and "99件" not in texts and "改訂版の出所" not in texts


def test_a_period_s_own_release_date_wins_over_the_dataset_s_and_the_period_end_is_the_floor(db):
    dataset = make_census("release-census", {2016: {"ALL": 10, "E": 10}, 2021: {"ALL": 12, "E": 12}},
                          published_on=date(2018, 6, 28))
    p2016, p2021 = dataset.periods.order_by("order")
    assert p2016.release_date == date(2018, 6, 28)
    Period.objects.filter(pk=p2021.pk).update(released_on=date(2023, 6, 27))
    p2021.refresh_from_db()
    assert p2021.release_date == date(2023, 6, 27)
    assert not p2021.released_by(REPORT_DATE) and p2016.released_by(REPORT_DATE)
    quarterly = make_dataset("release-di", kind=Dataset.Kind.DI, unit="ポイント")
    q = make_period(quarterly, "2022Q2")
    assert q.release_date == date(2022, 6, 30)  # nothing is public before its period ends
    fy = make_period(make_dataset("release-jobs", kind=Dataset.Kind.JOB_OFFER, unit="倍"), "2021")
    assert fy.release_date == date(2022, 3, 31)
    assert report.industry_structure(2016, 2021, as_of=REPORT_DATE) is None
    assert report.industry_structure(2016, 2021, as_of=date(2023, 6, 27)) is not None


def test_the_section_s_queries_do_not_grow_with_the_periods_stored(demo, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        section_items(2021, REPORT_DATE)
    dataset = Dataset.objects.get(slug="bankruptcies")
    for fy in range(2008, 2015):
        BankruptcyCount.objects.create(period=make_period(dataset, str(fy)), count=100 + fy % 7)
    with django_assert_max_num_queries(len(before)):
        items = section_items(2021, REPORT_DATE)
    texts = " ".join(i.text for i in items if isinstance(i, document.Para))
    assert "平成20（2008）年度以降では" in texts
