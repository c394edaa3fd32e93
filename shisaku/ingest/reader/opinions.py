"""The numbered items of Check (主な検証意見) and Action (対応): ①… opinions and the
responses that answer them (one response may answer ①～③), and their numbering checked."""

from __future__ import annotations

import re

from .lines import Numbered, circled_number, join, mark
from .model import Item, ParsedReport
from .narrative import DASH_BULLET, DOT_BULLET

_ITEM_RE = re.compile(
    r"^(?:[-‐－・･•]\s*)?(?P<nums>[①-⑳](?:\s*[～〜~\-－、・,]?\s*[①-⑳])*)\s*(?P<text>.*)$")


def _numbers(spec: str) -> list[int]:
    numbers: list[int] = []
    pending_range = False
    for ch in spec:
        n = circled_number(ch)
        if n is None:
            if ch in "～〜~-－":
                pending_range = True
            continue
        if pending_range and numbers:
            numbers.extend(range(numbers[-1] + 1, n + 1))
        else:
            numbers.append(n)
        pending_range = False
    return numbers


def read_items(lines: Numbered, what: str, report: ParsedReport) -> list[Item]:
    items: list[Item] = []
    for number, raw in lines:
        text = raw.strip()
        if not text:
            continue
        match = _ITEM_RE.match(text)
        if match:
            items.append(Item(_numbers(match.group("nums")), match.group("text").strip(), number))
            continue
        bullet = DASH_BULLET.match(text) or DOT_BULLET.match(text)
        if bullet or not items:
            following = (max(n for i in items for n in i.numbers) + 1) if items else 1
            report.warn(number, f"{what}の行に番号（①…）がありません。{following}番目の{what}として"
                                "読みました。")
            items.append(Item([following], (bullet.group("text") if bullet else text).strip(),
                              number))
            continue
        items[-1].text = join(items[-1].text, text)
    return [i for i in items if i.text or i.numbers]



def check_numbering(opinions: list[Item], responses: list[Item], where: str,
                     report: ParsedReport) -> None:
    seen: set[int] = set()
    expected = 1
    for item in opinions:
        n = item.numbers[0]
        if len(item.numbers) > 1:
            report.warn(item.line, f"{where}の検証意見に番号が複数あります。最初の番号だけを使います。")
        if n in seen:
            report.warn(item.line, f"{where}の検証意見{mark(n)}が重複しています。")
        elif n != expected:
            report.warn(item.line, f"{where}の検証意見の番号が{mark(expected)}ではなく"
                                   f"{mark(n)}から続いています（印刷どおりに登録します）。")
        seen.add(n)
        expected = n + 1
    answered = {n for r in responses for n in r.numbers}
    for item in opinions:
        if item.numbers[0] not in answered:
            report.warn(item.line, f"{where}の検証意見{mark(item.numbers[0])}に"
                                   "対応（Action）がありません。")
    for item in responses:
        extra = [n for n in item.numbers if n not in seen]
        if extra:
            report.warn(item.line, f"{where}の対応{''.join(mark(n) for n in extra)}に"
                                   "当たる検証意見がありません。")


# --------------------------------------------------------------------------- the parser
