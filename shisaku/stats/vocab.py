"""The closed vocabularies of the statistics other than industries: code → Japanese label.

Each vocabulary reads the labels printed in the city's documents (and a few short forms)
back to its codes; see ``Vocabulary.parse``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


def _key(text: str) -> str:
    s = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"[\s、，,・･]", "", s).lower()


@dataclass(frozen=True)
class Vocabulary:
    name: str  # what a column of this vocabulary is called: "地域"
    items: tuple[tuple[str, str], ...]  # (code, label), in display order
    aliases: tuple[tuple[str, str], ...] = ()  # (spelling, code)

    @property
    def choices(self) -> list[tuple[str, str]]:
        return list(self.items)

    def label(self, code: str) -> str:
        return dict(self.items)[code]

    def order(self, code: str) -> int:
        return [c for c, _ in self.items].index(code)

    def parse(self, text: str) -> str:
        """Label, alias or code → code; ValueError naming the accepted labels otherwise."""
        wanted = _key(text)
        for code, label in self.items:
            if wanted in (_key(label), _key(code)):
                return code
        for spelling, code in self.aliases:
            if wanted == _key(spelling):
                return code
        accepted = "、".join(label for _, label in self.items)
        shown = (text or "").strip()
        if not shown:
            raise ValueError(f"{self.name}が空欄です（{accepted}）")
        raise ValueError(f"「{shown}」は{self.name}として読み取れません（{accepted}）")


# 川崎信用金庫「中小企業動向調査」: the industries its DI is published for.
DI_INDUSTRY = Vocabulary("業種", (
    ("all", "全業種"), ("manufacturing", "製造業"), ("wholesale", "卸売業"),
    ("retail", "小売業"), ("construction", "建設業"), ("transport", "運輸業"),
    ("real_estate", "不動産業"), ("services", "サービス業"),
), aliases=(("全体", "all"), ("総合", "all")))

DI_KIND = Vocabulary("DIの種類", (
    ("business", "業況DI"), ("sales", "売上額DI"), ("profit", "収益DI"),
), aliases=(("業況", "business"), ("売上額", "sales"), ("売上", "sales"), ("収益", "profit")))

# 有効求人倍率: the city and the two public employment offices' areas, and the prefecture.
AREA = Vocabulary("地域", (
    ("city", "川崎市"), ("south", "川崎（南部）"), ("north", "川崎北（北部）"),
    ("prefecture", "神奈川県"),
), aliases=(("南部", "south"), ("川崎南部", "south"), ("北部", "north"), ("川崎北", "north"),
            ("市", "city"), ("県", "prefecture")))

WARD = Vocabulary("区", (
    ("", "市全体"), ("kawasaki", "川崎区"), ("saiwai", "幸区"), ("nakahara", "中原区"),
    ("takatsu", "高津区"), ("miyamae", "宮前区"), ("tama", "多摩区"), ("asao", "麻生区"),
    ("unknown", "住所無回答"),
), aliases=(("全市", ""), ("市内", ""), ("不明", "unknown")))

# 研究開発機関数 = ① + ② + ③ + ④ (市内における研究開発に関する調査).
RD_KIND = Vocabulary("機関の種類", (
    ("surveyed", "①市内立地の研究開発機関（アンケート）"),
    ("added", "②追加で研究開発機関として認定した民間企業"),
    ("public", "③公的機関"),
    ("university", "④大学等"),
), aliases=(("①", "surveyed"), ("②", "added"), ("③", "public"), ("④", "university"),
            ("市内立地の研究開発機関", "surveyed"), ("アンケート", "surveyed"),
            ("追加認定", "added"), ("公的機関", "public"), ("大学等", "university")))

# Art. 19 procurement: company category (規模等) × contract type (種別).
COMPANY = Vocabulary("企業区分", (
    ("large", "市内大企業"), ("sme", "市内中小企業"), ("other", "その他"),
    ("outside", "準市内・市外"),
), aliases=(("大企業", "large"), ("中小企業", "sme"), ("市外", "outside")))

CONTRACT = Vocabulary("契約種別", (
    ("goods", "物品"), ("works", "工事"), ("services", "委託"),
))

MEASURE = Vocabulary("項目", (
    ("count", "契約件数"), ("amount", "契約金額"),
), aliases=(("件数", "count"), ("金額", "amount")))

# Contracts placed by subsidised projects (補助金等交付事業に係る発注).
SUBSIDY_SCOPE = Vocabulary("範囲", (
    ("all", "全体"), ("local_sme", "うち市内中小企業"),
), aliases=(("市内中小企業", "local_sme"), ("合計", "all")))
