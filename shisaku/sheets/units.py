"""Units an indicator may be measured in. A unit outside this list is a typo until added here."""

# Units that count things: a negative actual or target is refused for them.
COUNT_UNITS = [
    "件", "回", "人", "社", "者", "団体", "事業所", "店舗", "箇所", "か所", "施設", "校", "本",
    "個", "組", "台", "品目", "点", "区画", "戸", "棟", "人日", "日", "時間", "名", "業者",
    "商店街", "プロジェクト", "テーマ", "製品", "事業", "案件",
]
AMOUNT_UNITS = ["円", "千円", "万円", "百万円", "億円", "ha", "a", "㎡", "m²", "t", "kg"]
RATIO_UNITS = ["%", "倍", "ポイント", "点数"]

UNITS = COUNT_UNITS + AMOUNT_UNITS + RATIO_UNITS
UNIT_CHOICES = [(u, u) for u in UNITS]


def is_count(unit: str) -> bool:
    return unit in COUNT_UNITS or unit in AMOUNT_UNITS
