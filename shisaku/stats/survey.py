"""Business surveys: the response table (回答率) and each question's answer shares.

Response rate = 回答件数 / 発送件数 per row and for the total (sums of the rows); a row with
no sample (「不明」) counts in the total responses only. An answer's share = count / n of its
question; single-answer counts should add up to n, multiple-answer ones may exceed it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Question, Survey
from .ratios import Percent, number, pct_text, percent
from .tabular import Row, StatTable


@dataclass(frozen=True)
class ResponseRow:
    label: str
    sent: int | None
    responses: int
    rate: Percent | None
    level: str = "item"


def response_rows(survey: Survey) -> list[ResponseRow]:
    places = survey.dataset.percent_places
    strata = list(survey.strata.all())
    rows = [ResponseRow(s.label, s.sent, s.responses, percent(s.responses, s.sent, places))
            for s in strata]
    sent = sum(s.sent for s in strata if s.sent is not None)
    responses = sum(s.responses for s in strata)
    if len(strata) > 1:
        rows.append(ResponseRow("合計", sent, responses, percent(responses, sent, places), "total"))
    return rows


def response_table(survey: Survey) -> StatTable:
    rows = [Row((r.label, number(r.responses), number(r.sent) if r.sent is not None else "",
                 pct_text(r.rate) if r.rate else ""), r.level)
            for r in response_rows(survey)]
    return StatTable("回答状況", ("区分", "回答件数", "発送件数", "回答率"), rows, "件")


@dataclass(frozen=True)
class AnswerRow:
    label: str
    count: int
    share: Percent | None


def answer_rows(question: Question, places: int = 1) -> list[AnswerRow]:
    return [AnswerRow(o.label, o.count, percent(o.count, question.n, places))
            for o in question.options.all()]


def question_notes(question: Question) -> list[str]:
    total = sum(o.count for o in question.options.all())
    if question.kind == Question.Kind.MULTIPLE:
        return ["複数回答のため、割合の合計は100%を超えることがあります。"]
    if total != question.n:
        return [f"回答数の合計 {total:,} が n={question.n:,} と一致しません。"]
    return []


def question_table(question: Question, places: int = 1) -> StatTable:
    base = f"（{question.base}）" if question.base else ""
    caption = f"{question.text}（{question.get_kind_display()}）{base} n={question.n:,}"
    rows = [Row((a.label, number(a.count), pct_text(a.share, places)))
            for a in answer_rows(question, places)]
    return StatTable(caption, ("選択肢", "回答数", "割合"), rows, "件", question_notes(question))
