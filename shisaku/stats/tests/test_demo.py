"""The demo statistics: idempotent, and exactly the figures printed in the seeds."""

import re
from pathlib import Path

import pytest

from shisaku.stats import demo_data
from shisaku.stats.demo import load_demo_stats
from shisaku.stats.models import CensusValue, Dataset, ProcurementFigure

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"


def test_a_second_run_creates_and_changes_nothing():
    created = load_demo_stats()
    assert created["stats.Dataset"] == 14
    snapshot = sorted(CensusValue.objects.values_list("period__dataset__slug", "period__key",
                                                      "industry", "value"))
    assert load_demo_stats() == {}
    assert sorted(CensusValue.objects.values_list("period__dataset__slug", "period__key",
                                                  "industry", "value")) == snapshot


def test_the_loader_reports_on_stdout():
    import io

    out = io.StringIO()
    load_demo_stats(stdout=out)
    load_demo_stats(stdout=out)
    assert out.getvalue().splitlines() == ["統計: 262件を作成しました。", "統計: すべて登録済みです。"]


def _seed(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"{path} がありません（../shared/seeds は開発環境にだけあります）")
    return path.read_text(encoding="utf-8")


def _numbers(line: str) -> list[int]:
    return [int(n.replace(",", "")) for n in re.findall(r"(?<![\d.])\d[\d,]*(?![\d.%])", line)]


@pytest.mark.parametrize("seed,table,rows", [
    ("002_report_fy2021_excerpt.txt", "事業所数", demo_data.CENSUS_002_ESTABLISHMENTS),
    ("002_report_fy2021_excerpt.txt", "従業者数", demo_data.CENSUS_002_EMPLOYEES),
    ("003_committee_2017_program2_basis.txt", "事業所数", demo_data.CENSUS_003_ESTABLISHMENTS),
    ("003_committee_2017_program2_basis.txt", "従業者数", demo_data.CENSUS_003_EMPLOYEES),
])
def test_demo_census_figures_are_the_seed_tables_figures(seed, table, rows):
    text = _seed(seed)
    start = text.index(f"業種大分類\t{table}")
    lines = text[start:].splitlines()[1:40]
    printed = [_numbers(line)[:2] for line in lines if "\t" in line and _numbers(line)]
    for code, a, b in rows:
        assert [a, b] in printed, f"{code}: {a}, {b} は {seed} の表にありません"


def test_demo_procurement_figures_are_the_seed_tables_figures():
    text = _seed("002_report_fy2021_excerpt.txt")
    block = text[text.index("令和3年度実績：規模等・種別契約実績割合"):]
    lines = [line for line in block.splitlines()[:16] if "\t" in line]
    names = {"large": "大企業", "sme": "中 小 企 業", "other": "そ の 他", "outside": "準市内・市外"}
    for fy, offset in (("2020", 0), ("2021", 5)):
        rows = [line for line in lines if re.search(r"\d", line)][offset:offset + 5]
        for category, label in names.items():
            line = next(r for r in rows if label in r)
            figures = _numbers(line.split(label, 1)[1])
            ours = [f for f in demo_data.PROCUREMENT[fy] if f[0] == category]
            expected = [n for _, _, count, amount in ours for n in (count, amount)]
            assert figures[:6] == expected, (fy, category)


def test_every_dataset_names_its_source_document():
    load_demo_stats()
    for dataset in Dataset.objects.all():
        assert dataset.source and dataset.document, dataset.slug
    assert ProcurementFigure.objects.count() == 24
