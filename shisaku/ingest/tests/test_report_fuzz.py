"""Fuzzing the past-report importer: random, mangled and truncated input never raises an
unhandled error, and an import either writes everything or nothing."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shisaku.ingest import reader as rp
from shisaku.ingest import report_import
from shisaku.projects.models import Project
from shisaku.sheets.models import Cycle, Indicator, IndicatorValue, Sheet
from shisaku.verification.models import Opinion, Response

from .test_report_expected import SEED

FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def _seed() -> bytes:
    return SEED.read_bytes() if SEED.exists() else b""


SEED_BYTES = _seed()
SEED_LINES = SEED_BYTES.decode("utf-8").split("\n") if SEED_BYTES else []
# The first three sheets (起業化総合支援事業 … 知的財産戦略の推進) with the cover: small and
# complete, so that importing a mangled copy stays fast.
EXCERPT = "\n".join(SEED_LINES[:12] + SEED_LINES[444:808]) if SEED_LINES else ""
needs_seed = pytest.mark.skipif(not SEED_BYTES, reason="../shared/seeds がありません")

# Lines that look like the report: headings, rows, bullets, numbers, HTML, tabs.
REPORT_LINES = st.sampled_from([
    "施策における目標", "事業計画 Plan", "主な取組", "主な成果・活動指標", "事業の実施状況 Do",
    "令和3年度の実績", "主な検証意見 Check", "令和4年度以降の対応 Action", "令和4年度の実施計画",
    "\tR2 (2020) 年度\tR3 (2021) 年度", "目標 (件)\t95\t100", "実績 (件)\t中止\t59 (新規38件・変更21件)",
    "【参考】実績 (件)\t2\t3", "- ①意見", "①②対応", "工業振興関連事業 ②内陸部操業環境保全対策事業",
    "その他の事業", "12条 創業、経営の革新等の促進", "令和4年度の概要\t令和3年度の実績",
    "<ul><li>項目</li></ul>\t<p>(1) 見出し</p>", "- ※3 内陸部操業環境保全対策事業と統合の上、事務事業名を操業環境保全対策事業に変更",
    "図表 「川崎市産業振興協議会」委員名簿（令和 4 年 8 月現在）", "学識者\t1\t教授（会長）\t氏名 一",
    "令和3年度実績：規模等・種別契約実績割合（単位：件、百万円）", "令和2年度\t市 大企業\t1\t1%\t2\t2%",
    "", "", "|a|b|", "○", "◆", "・", "-", "⑳", "１，２３４", "\x00", "\u2028",
])


@given(st.text(max_size=3000))
@FAST
def test_random_text_never_raises(text):
    report = rp.parse(text, 2021)
    report.to_json()


@given(st.binary(max_size=3000))
@FAST
def test_random_bytes_are_read_or_refused_with_a_report_error(data):
    try:
        rp.parse_bytes(data, 2021).to_json()
    except rp.ReportError as exc:
        assert exc.message


@given(st.lists(REPORT_LINES, max_size=80), st.integers(2019, 2023))
@FAST
def test_report_like_lines_in_any_order_never_raise(lines, fy):
    rp.parse("\n".join(lines), fy).to_json()


@needs_seed
@given(st.integers(0, len(SEED_BYTES)))
@settings(max_examples=40, deadline=None)
def test_the_excerpt_truncated_anywhere_is_read_or_refused(cut):
    try:
        report = rp.parse_bytes(SEED_BYTES[:cut], 2021)
    except rp.ReportError:
        return
    report.to_json()


def _counts():
    return [m.objects.count() for m in (Cycle, Project, Sheet, Indicator, IndicatorValue,
                                        Opinion, Response)]


def _import_all_or_nothing(text: str) -> None:
    """Import inside a savepoint that is rolled back, so every example starts empty."""
    with transaction.atomic():
        before = _counts()
        try:
            report = rp.parse(text, 2021)
            result = report_import.import_report(report, fiscal_year=2021)
        except rp.ReportError as exc:
            assert exc.message
            assert _counts() == before  # nothing written
        else:
            # Everything written: what the result says was created is all there.
            after = dict(zip(("cycle", "project", "sheet", "indicator", "value", "opinion",
                              "response"), (a - b for a, b in zip(_counts(), before,
                                                                   strict=True)), strict=True))
            created = result.created
            assert after["sheet"] == created["sheet"] + created["summary"]
            for kind in ("project", "indicator", "value", "opinion", "response"):
                assert after[kind] == created[kind], kind
            assert len(report.sheets) == 0 or after["sheet"] >= 1
        transaction.set_rollback(True)


@needs_seed
@pytest.mark.django_db
@given(st.integers(0, len(EXCERPT)))
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_importing_a_truncated_report_writes_all_or_nothing(cut):
    _import_all_or_nothing(EXCERPT[:cut])


@needs_seed
@pytest.mark.django_db
@given(st.lists(st.integers(0, max(0, EXCERPT.count("\n"))), max_size=40), st.randoms())
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_importing_a_mangled_report_writes_all_or_nothing(dropped, rnd):
    lines = EXCERPT.split("\n")
    kept = [line for i, line in enumerate(lines) if i not in set(dropped)]
    if kept and rnd.random() < 0.5:
        i, j = rnd.randrange(len(kept)), rnd.randrange(len(kept))
        kept[i], kept[j] = kept[j], kept[i]
    _import_all_or_nothing("\n".join(kept))


@pytest.mark.django_db
@given(st.lists(REPORT_LINES, max_size=60))
@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_importing_report_like_noise_writes_all_or_nothing(lines):
    _import_all_or_nothing("令和3年度\n\nノイズ事業\n\n施策における目標\n\n" + "\n".join(lines))
