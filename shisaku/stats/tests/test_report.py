"""What the report builder gets: section 2 and art. 19 as document items."""

from datetime import date

import pytest

from shisaku.reports.content.industry import section_items

pytestmark = pytest.mark.django_db

document = pytest.importorskip("shisaku.reports.document")


def test_without_statistics_the_sections_are_empty(db):
    assert section_items(2021) == []


def test_section_2_carries_the_census_sentiment_bankruptcies_jobs_and_rd(demo):
    items = section_items(2021, date(2022, 8, 31))
    headings = [i.text for i in items if isinstance(i, document.Heading) and i.level == 2]
    assert headings == ["(1) 産業構造", "(2) 市内中小企業の景況感", "(3) 倒産件数の動向",
                        "(4) 川崎市の求人・求職状況",
                        "(5) 市内における研究開発に関する調査の結果（令和3年度実施）"]
    texts = " ".join(i.text for i in items if isinstance(i, document.Para))
    assert ("平成28（2016）年の事業所数は40,934事業所で、平成26（2014）年と比べて"
            "1,682事業所（3.9%）減少しました。") in texts
    assert "「卸売業，小売業」が21.6%で最も大きく" in texts
    assert "業況DIは△12.4（前期から10.3ポイント改善）" in texts
    assert "288機関" in texts
    assert "（平成30年6月28日公表）" in texts  # the census the report is based on
    tables = [i for i in items if isinstance(i, document.Table)]
    assert tables[0].caption == "図表 本市の事業所数（民営）の推移（実数、産業別構成比）"
    assert tables[0].rows[-1] == ("全産業", "42,616", "40,934", "100.0%", "100.0%")
    figure = next(i for i in items if isinstance(i, document.Figure))
    assert figure.data.startswith(b"<?xml") and figure.png.startswith(b"\x89PNG")
