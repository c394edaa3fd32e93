"""Industry major groups (日本標準産業分類 大分類, JSIC rev. 13/14) as the census tables print them.

Codes are the JSIC letters, plus ``AB`` for the merged 農業，林業，漁業 row that city tables
print, and ``ALL`` for the published 全産業 figure. Subtotals (第一次/第二次/第三次産業) are
never stored: they are summed from the rows (see ``shisaku.stats.census``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ALL = "ALL"


@dataclass(frozen=True)
class Industry:
    code: str
    name: str
    sector: int  # 1, 2, 3: 第一次/第二次/第三次産業


INDUSTRIES: tuple[Industry, ...] = (
    Industry("AB", "農業，林業，漁業", 1),
    Industry("A", "農業，林業", 1),
    Industry("B", "漁業", 1),
    Industry("C", "鉱業，採石業，砂利採取業", 2),
    Industry("D", "建設業", 2),
    Industry("E", "製造業", 2),
    Industry("F", "電気・ガス・熱供給・水道業", 3),
    Industry("G", "情報通信業", 3),
    Industry("H", "運輸業，郵便業", 3),
    Industry("I", "卸売業，小売業", 3),
    Industry("J", "金融業，保険業", 3),
    Industry("K", "不動産業，物品賃貸業", 3),
    Industry("L", "学術研究，専門・技術サービス業", 3),
    Industry("M", "宿泊業，飲食サービス業", 3),
    Industry("N", "生活関連サービス業，娯楽業", 3),
    Industry("O", "教育，学習支援業", 3),
    Industry("P", "医療，福祉", 3),
    Industry("Q", "複合サービス事業", 3),
    Industry("R", "サービス業（他に分類されないもの）", 3),
    Industry("S", "公務（他に分類されるものを除く）", 3),
)
BY_CODE: dict[str, Industry] = {i.code: i for i in INDUSTRIES}
ORDER: dict[str, int] = {i.code: n for n, i in enumerate(INDUSTRIES)}

SECTORS: dict[int, str] = {1: "第一次産業", 2: "第二次産業", 3: "第三次産業"}
TOTAL_NAME = "全産業"

# AB is the sum of A and B: a table holds either the merged row or its parts.
OVERLAPS: dict[str, frozenset[str]] = {"AB": frozenset({"A", "B"})}

CHOICES = [(i.code, f"{i.code} {i.name}") for i in INDUSTRIES] + [(ALL, TOTAL_NAME)]

# Spellings seen in the seeds and in e-Stat tables, after _key() folding.
_ALIASES = {
    "農林漁業": "AB",
    "農業,林業,漁業": "AB",
    "農林業": "A",
    "公務": "S",
    "全産業": ALL,
    "合計": ALL,
    "総数": ALL,
    "計": ALL,
    "全産業(公務を除く)": ALL,
    "全産業(s公務を除く)": ALL,
}
_SUBTOTALS = {"第一次産業": 1, "第二次産業": 2, "第三次産業": 3, "第1次産業": 1, "第2次産業": 2,
              "第3次産業": 3}

# "A 農業，林業", "Ａ農業、林業", "E製造業": a leading JSIC letter is allowed.
_LETTER_PREFIX = re.compile(r"^(?P<letter>[A-S])(?:[\s.:]|(?=[^\x00-\x7f]))\s*(?P<rest>.*)$")


def _key(text: str) -> str:
    """Fold width, punctuation and spacing so 「卸売業、小売業」 and 「卸売業，小売業」 match."""
    s = unicodedata.normalize("NFKC", text).strip()
    s = re.sub(r"[、，,・･]", ",", s)
    s = re.sub(r"\s+", "", s)
    return s.lower()


_BY_KEY: dict[str, str] = {_key(i.name): i.code for i in INDUSTRIES}
_BY_KEY.update({_key(k): v for k, v in _ALIASES.items()})


def parse_industry(text: str) -> str:
    """Name, alias or letter → code (``ALL`` for totals). ValueError with a Japanese message.

    Subtotal rows raise ``SubtotalRow`` so an importer can skip them and check them instead.
    """
    raw = (text or "").strip()
    if not raw:
        raise ValueError("業種が空欄です")
    folded = unicodedata.normalize("NFKC", raw).strip()
    if folded.upper() in BY_CODE or folded.upper() == ALL:
        return folded.upper()
    if _key(folded) in _SUBTOTALS:
        raise SubtotalRow(_SUBTOTALS[_key(folded)])
    m = _LETTER_PREFIX.match(folded)
    if m and m["rest"]:
        code = _BY_KEY.get(_key(m["rest"]))
        if code is not None and code != m["letter"] and not (
            code == "AB" and m["letter"] == "A"
        ):
            raise ValueError(f"「{raw}」: 分類記号{m['letter']}と業種名が一致しません")
        if code is not None:
            return code
    code = _BY_KEY.get(_key(folded))
    if code is None:
        raise ValueError(f"「{raw}」は業種大分類として読み取れません")
    return code


class SubtotalRow(ValueError):
    """A 第一次/第二次/第三次産業 row: derived, so never stored."""

    def __init__(self, sector: int):
        super().__init__(f"{SECTORS[sector]}は小計のため読み込みません（内訳から計算します）")
        self.sector = sector


def name(code: str) -> str:
    return TOTAL_NAME if code == ALL else BY_CODE[code].name


def overlap_errors(codes: set[str]) -> list[str]:
    """Rows that would be counted twice (AB together with A or B)."""
    errors = []
    for whole, parts in OVERLAPS.items():
        both = parts & codes
        if whole in codes and both:
            listed = "・".join(name(c) for c in sorted(both))
            errors.append(f"「{name(whole)}」と「{listed}」を同じ表に含めることはできません（二重計上）")
    return errors
