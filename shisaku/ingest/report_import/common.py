"""What the importer's parts share: the kinds it counts, how names are compared, how
values are compared."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from shisaku.lib.era import parse_fy

from .. import reader as rp

Progress = Callable[[int, int], None]

KINDS = {
    "project": "事務事業", "lineage": "事業の変遷", "cycle": "年度サイクル",
    "article": "条文", "ordinance": "条例", "sheet": "事業シート", "summary": "その他の事業",
    "indicator": "指標", "value": "指標の値", "opinion": "検証意見", "response": "対応",
    "main_opinion": "主な検証意見", "committee": "会議体", "member": "委員",
    "membership": "名簿", "figure": "契約実績", "publication": "公表の記録",
    "document": "公表文書（市の報告書PDF）",
    "procurement_page": "第19条の頁",
}


def _fold(text: str) -> str:
    return rp.fold(text)


def _strip_paren(text: str) -> str:
    return re.sub(r"[(（][^()（）]*[)）]$", "", _fold(text))


_FROM_FY = re.compile(r"((?:令和|平成)\s*(?:元|\d{1,2})\s*(?:[(（]\s*\d{4}\s*[)）])?\s*年度)\s*(?:から|より)")


def _effective_fy(text: str) -> int | None:
    match = _FROM_FY.search(text)
    if not match:
        return None
    try:
        return parse_fy(match.group(1))
    except ValueError:
        return None


def _same(a, b) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        if a is None or b is None:
            return a is None and b is None
        return Decimal(a) == Decimal(b)
    return a == b


def _plain_breakdown(items: list[dict]) -> list[dict]:
    out = []
    for item in items or []:
        value = item.get("value")
        if isinstance(value, Decimal):
            value = rp.json_number(value)
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        out.append({"label": str(item.get("label", "")), "value": value})
    return out


def key_without_cycle(key: dict) -> dict:
    return {k: v for k, v in key.items() if k != "cycle"}
