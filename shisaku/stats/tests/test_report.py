"""What the report builder gets: section 2 and art. 19 as document items."""

import pytest

from shisaku.stats import report

pytestmark = pytest.mark.django_db

document = pytest.importorskip("shisaku.reports.document")


def test_without_statistics_the_sections_are_empty(db):
    assert report.report_section(2021) == []


def test_section_2_carries_the_census_sentiment_bankruptcies_jobs_and_rd(demo):
    items = report.report_section(2021)
    headings = [i.text for i in items if isinstance(i, document.Heading)]
    assert headings == ["産業構造", "市内中小企業の景況感", "倒産件数の動向", "求人・求職の状況",
                        "研究開発に関する調査"]
    texts = " ".join(i.text for i in items if isinstance(i, document.Para))
    assert ("平成28（2016）年の事業所数は40,934事業所で、平成26（2014）年から1,682事業所（3.9%）"
            "減少しました。") in texts
    assert "「卸売業，小売業」が21.6%で最も高く" in texts
    assert "業況DIは△12.4（前期差 +10.3ポイント）" in texts
    assert "研究開発機関数は562機関" in texts
    assert "単純比較はできません" in texts  # the totals figure spans 2016 and 2021
    tables = [i for i in items if isinstance(i, document.Table)]
    assert tables[0].rows[0][:5] == ("全産業", "42,616", "40,934", "-1,682", "-3.9%")
    figure = next(i for i in items if isinstance(i, document.Figure))
    assert figure.data.startswith(b"<?xml") and figure.png.startswith(b"\x89PNG")
