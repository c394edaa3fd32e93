"""A fictional town's report layout, defined here alone: other headings, other article
numbers (第N条 cells, procurement under art. 7), other group marks (Ⓐ Ⓑ …), another roster
title and role, other words for an actual without a figure (取りやめ), for a reference
indicator (〔参考〕) and for the month of issue (刊行). The reader reads it without a change
to its code."""

import re
from dataclasses import replace

from shisaku.ingest.reader import KAWASAKI, Layout

KAKU = replace(
    KAWASAKI,
    name="架空町 産業振興条例 点検結果報告書",
    title_word="点検結果報告書",
    ordinance_name=re.compile(r"「([^「」]{2,80}条例)」"),
    published=re.compile(r"令和(元|\d+)年\d+月刊行"),
    issue_word="刊行",
    sheet_title=re.compile(r"^(?P<group>\S.*?)\s*(?P<pos>[Ⓐ-Ⓩ])\s*(?P<name>\S.*)$"),
    position_marks="ⒶⒷⒸⒹⒺⒻⒼⒽⒾⒿ",
    group_heading=re.compile(r"\S{2,40}事業群"),
    headings={"ねらい": "goal", "今年度の計画": "plan", "取組内容": "activities",
              "点検指標": "indicators", "指標の注記": "notes", "実施結果": "do",
              "会議の意見": "check", "意見への対応": "action"},
    heading_patterns=((re.compile(r"^(?P<fy>.{2,20}?年度)の予定$"), "next_plan"),),
    indicator_row=re.compile(
        r"^\s*(?P<ref>【参考】)?\s*(?P<label>計画値|実績値)\s*(?:\((?P<unit>[^()]{0,10})\))?"
        r"(?P<rest>(?:\s.*)?)$"),
    target_word="計画",
    status_words=(("取りやめ", "cancelled"), ("未着手", "not_done"), ("集計中", "pending")),
    reference_mark="〔参考",
    reference_name=re.compile(r"^〔参考〕\s*(?P<inner>)(?P<after>.*)$"),
    region_heading=re.compile(r"^第(?P<n>[1-9])章\s*(?P<title>\S.{0,58})$"),
    region_titles=(("点検の体制", "system"), ("事業の状況", "status")),
    region_labels={"front": "表紙", "system": "第1章", "status": "第2章"},
    appendix=re.compile(r"^附録.*条例"),
    other_projects_title="そのほかの事業",
    list_header_word="事業名",
    verified_list_title="点検対象事業",
    article_cell=re.compile(r"^第(?P<n>\d{1,2})条$"),
    own_article=re.compile(r"[(（]第(\d{1,2})条[)）]$"),
    main_opinions_header=("条", "会議の主な意見"),
    measure_words=frozenset({"創業の支援", "販路の開拓", "町内事業者への発注"}),
    roster_title=re.compile(r"(?P<name>\S+会議)名簿[（(](?P<asof>[^）)]*?)現在[）)]"),
    roster_header_word="氏名",
    subcommittee_word="分科会",
    role_marks=(("議長", "chair"),),
    procurement_title="町内事業者への発注",
    procurement_article=7,
)
assert isinstance(KAKU, Layout)

DOCUMENT = """架空町 点検結果報告書
令和5年度
「架空町産業振興条例」に基づく点検
令和6年3月刊行

第1章 点検の体制

架空町産業振興会議名簿（令和5年7月現在）
区分\t番号\t役職\t氏名
学識経験者\t1\t架空大学教授（議長）\t山田 一郎
\t2\t架空信用金庫理事\t川田 花子

第2章 事業の状況

点検対象事業
条\t施策\t事業名\t頁
第3条\t創業の支援\t起業相談事業\t3-4
第4条\t販路の開拓\t販路開拓事業群 見本市出展事業 商談会事業（第5条）\t5-8

起業相談事業

ねらい

町内で起業する人を増やす。

今年度の計画

- 相談窓口を月2回開く。

点検指標

- 相談件数

R4 (2022) 年度\tR5 (2023) 年度
計画値 (件)\t40\t50
実績値 (件)\t38\t55

〔参考〕窓口の利用者数

R4 (2022) 年度\tR5 (2023) 年度
実績値 (人) 120 取りやめ

会議の意見

①相談後の追跡が必要である。

意見への対応

①半年後に連絡を取る仕組みを作る。

令和6年度の予定

- 窓口を週1回に増やす。

販路開拓事業群 Ⓐ見本市出展事業

ねらい

町の製品を町外に知らせる。

実施結果

○出展
見本市に2回出展した。

販路開拓事業群 Ⓑ商談会事業

ねらい

町内事業者の取引を増やす。

会議の意見

①二つの事業の連携を強めること。

意見への対応

①合同で案内を出す。

町内事業者への発注

今年度の計画

- 町内事業者への発注を優先する。

会議の意見

①発注の実績を公表すること。

意見への対応

①年度ごとに公表する。
"""
