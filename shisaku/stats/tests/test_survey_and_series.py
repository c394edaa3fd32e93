"""Surveys, sentiment DI, bankruptcies, job offers and R&D institutions against the seeds."""

from decimal import Decimal

import pytest

from shisaku.stats import report, survey
from shisaku.stats.models import Question

pytestmark = pytest.mark.django_db

# 003 response table: label → (回答件数, 発送件数, 回答率 as printed)
PRINTED_RESPONSES = {
    "A 農業、林業": (3, 12, "25.0"), "C 鉱業、採石業、砂利採取業": (0, 1, "0.0"),
    "D 建設業": (89, 468, "19.0"), "E 製造業": (132, 455, "29.0"),
    "F 電気・ガス・熱供給・水道業": (1, 11, "9.1"), "G 情報通信業": (25, 99, "25.3"),
    "H 運輸業、郵便業": (32, 162, "19.8"), "I 卸売業、小売業": (135, 1060, "12.7"),
    "J 金融業、保険業": (14, 74, "18.9"), "K 不動産業、物品賃貸業": (70, 502, "13.9"),
    "L 学術研究、専門・技術サービス業": (43, 212, "10.3"),
    "M 宿泊業、飲食サービス業": (74, 672, "11.0"), "N 生活関連サービス業、娯楽業": (56, 385, "14.5"),
    "O 教育、学習支援業": (25, 158, "15.8"), "P 医療、福祉": (85, 429, "19.8"),
    "Q 複合サービス事業": (9, 20, "45.0"), "R サービス業（他に分類されないもの）": (35, 198, "17.7"),
    "不明": (9, None, None), "合計": (837, 4918, "17.0"),
}
# Seed inconsistency (003): 学術研究、専門・技術サービス業 is printed 10.3%, but 43 ÷ 212 = 20.3%.
KNOWN_RESPONSES = {"L 学術研究、専門・技術サービス業": (Decimal("20.3"), Decimal("10.3"))}


def test_business_survey_response_rates_reproduce_the_committee_table(demo):
    rows = report.survey_responses("survey-2017-business")
    assert [r.label for r in rows] == list(PRINTED_RESPONSES)
    found = {}
    for row in rows:
        responses, sent, rate = PRINTED_RESPONSES[row.label]
        assert (row.responses, row.sent) == (responses, sent)
        derived = row.rate.rounded() if row.rate else None
        if derived != (Decimal(rate) if rate else None):
            found[row.label] = (derived, Decimal(rate))
    assert found == KNOWN_RESPONSES


def test_rd_survey_response_rate_and_answers(demo):
    [row] = report.survey_responses("survey-2021-rd")
    assert (row.responses, row.sent, str(row.rate)) == (456, 1117, "40.8%")
    yes_no, industries = Question.objects.filter(survey__dataset__slug="survey-2021-rd")
    assert [(a.label, a.count) for a in survey.answer_rows(yes_no)] == [("有", 221), ("無", 235)]
    assert survey.question_notes(yes_no) == []  # single answer: the counts add up to n
    assert sum(a.count for a in survey.answer_rows(industries)) == industries.n == 221
    assert str(survey.answer_rows(industries)[0].share) == "64.3%"  # 製造 142 / 221


def test_rd_institutions_add_up_to_562(demo):
    period, grid, total = report.rd_institutions(2021)
    assert period.key == "2021" and total == 562
    assert grid[""] == {"surveyed": 247, "added": 288, "public": 18, "university": 9}
    assert report.rd_institutions(2020) is None


def test_business_sentiment_change_is_derived_only_where_the_previous_quarter_is_stored(demo):
    points = {p.kind: p for p in report.business_sentiment(2021)}
    assert points["business"].period.label == "2022年4-6月期"
    assert points["business"].value == Decimal("-12.4")
    assert points["business"].change == Decimal("10.3")  # 「前期業況DI △22.7と比較し10.3ポイント増」
    # 売上額DI 前期比11.7ポイント増 / 収益DI 9.9ポイント増 are printed without the base value
    assert points["sales"].value == Decimal("-8.7") and points["sales"].change is None
    assert points["profit"].value == Decimal("-19.3") and points["profit"].change is None


def test_bankruptcies_and_job_offer_ratios(demo):
    assert [(p.period.key, p.count, p.change) for p in report.bankruptcies(2021)] == [
        ("2015", 64, None), ("2021", 54, None)]  # not consecutive years: no change
    assert report.job_offer_ratios(2021) == {
        "city": Decimal("0.68"), "south": Decimal("1.05"), "north": Decimal("0.47"),
        "prefecture": Decimal("0.80")}
    assert report.job_offer_ratios(2018) == {"city": Decimal("1.01")}
    assert report.job_offer_ratios(2019) == {}
