"""The statistics printed in the city's documents (../shared/seeds), transcribed as printed.

Only printed figures: what a document gives only as a chart, in words ("100件台") or as a
change without the base figure is not here, and is said so in the dataset's notes. Where a
document contradicts itself the printed figures are kept and the notes name the place.

Sources: 002 = 令和3年度 中小企業活性化施策実施状況報告書 (2022-08), section 2 and art. 19;
003 = 総務委員会資料 (2017-08-30); 000 = かわさき産業振興プラン(案)概要版.
"""

from datetime import date

CENSUS_SOURCE = "総務省「経済センサス」"
CENSUS_CAVEAT = (
    "平成18（2006）年以前は事業所・企業統計調査の数値で、平成21（2009）年以降の経済センサスとは"
    "単純比較できません。令和3（2021）年の経済センサスも、平成21〜28年の経済センサスとは数値の"
    "扱いが異なるため単純比較できません。"
)
DOC_002 = "令和3年度 中小企業活性化施策実施状況報告書（令和4年8月）"
DOC_003 = "総務委員会資料「かわさき産業振興プラン第2期実行プログラム策定に向けた基本的考え方（案）」（平成29年8月30日）"
DOC_000 = "かわさき産業振興プラン（案）概要版"

# (industry code, H26(2014), H28(2016)); ALL is the printed 全産業 / 合計.
CENSUS_002_ESTABLISHMENTS = [
    ("AB", 74, 64), ("C", 1, 0), ("D", 4078, 3829), ("E", 3299, 3034), ("F", 25, 23),
    ("G", 713, 678), ("H", 1347, 1330), ("I", 9114, 8844), ("J", 494, 469), ("K", 4360, 3853),
    ("L", 1762, 1716), ("M", 6057, 5827), ("N", 3581, 3476), ("O", 1417, 1407),
    ("P", 3943, 4178), ("Q", 149, 143), ("R", 2202, 2063), ("ALL", 42616, 40934),
]
CENSUS_002_EMPLOYEES = [
    ("AB", 782, 650), ("C", 43, 0), ("D", 31488, 30420), ("E", 83541, 68482),
    ("F", 835, 1626), ("G", 41078, 38364), ("H", 36336, 36745), ("I", 97891, 100393),
    ("J", 8733, 8893), ("K", 16697, 15772), ("L", 29375, 32983), ("M", 54426, 53534),
    ("N", 20696, 20298), ("O", 21112, 21819), ("P", 67807, 71516), ("Q", 4328, 3524),
    ("R", 39589, 38793), ("ALL", 554757, 543812),
]
# 003 prints no 情報通信業 row in this table, though its totals include it.
CENSUS_003_ESTABLISHMENTS = [
    ("AB", 74, 65), ("C", 1, 1), ("D", 4078, 3852), ("E", 3299, 3015), ("F", 25, 25),
    ("H", 1347, 1331), ("I", 9114, 8843), ("J", 494, 474), ("K", 4360, 3853),
    ("L", 1762, 1689), ("M", 6057, 5854), ("N", 3581, 3510), ("O", 1417, 1399),
    ("P", 3943, 4152), ("Q", 149, 149), ("R", 2202, 2133), ("ALL", 42616, 41028),
]
# The first row is printed 「農業、林業」 (JSIC A), though its figure equals 002's 農業，林業，漁業.
CENSUS_003_EMPLOYEES = [
    ("A", 782, 653), ("C", 43, 46), ("D", 31486, 32010), ("E", 83541, 77525),
    ("F", 835, 992), ("G", 41078, 38661), ("H", 36336, 35819), ("I", 97891, 95528),
    ("J", 8733, 8871), ("K", 16697, 15758), ("L", 29375, 26580), ("M", 54526, 54892),
    ("N", 20696, 20866), ("O", 21112, 21895), ("P", 67807, 70841), ("Q", 4328, 3539),
    ("R", 39589, 40304), ("ALL", 554757, 544782),
]

CENSUS_NOTES_003_ESTABLISHMENTS = (
    "資料の表に「情報通信業」の行がありません。合計・第三次産業の記載値はこの業種を含むため、"
    "登録した行から計算した第三次産業（2014年 34,451、2016年 33,412）は記載値（35,164、34,095）と"
    "一致しません（差は2014年713、2016年683）。表記「混合サービス事業」は複合サービス事業として登録。"
)
CENSUS_NOTES_003_EMPLOYEES = (
    "記載値のまま登録しています。資料内の不整合: 建設業の2014年は31,486と印刷されていますが、"
    "増減数522・第二次産業115,072・確報の値からは31,488です。宿泊業，飲食サービス業の2014年は"
    "54,526と印刷されていますが、増減数466・増減割合0.9%・確報の値からは54,426です。"
    "生活関連サービス業，娯楽業の増減数は172と印刷されていますが、記載の両年の差は170です"
    "（第三次産業の2016年434,548からは2016年が20,868と考えられます）。"
    "第一次産業の行は「農業、林業」と表記されています（値は確報の「農業，林業，漁業」と同じ）。"
)

# Release dates (公表日): a report prints only figures released by its date. The 2016 census
# (経済センサス‐活動調査) results: preliminary 2017-05-31 (003: 「本年5月末公表」), final
# 2018-06-28 (002: 「平成30（2018）年6月28日公表」), which also carry the 2014 figures the
# tables compare with. The 2021 census (令和3年経済センサス‐活動調査) figures 000 quotes
# are its final results, released 2023-06-27: after the FY2021 report (2022-08), which
# therefore uses the 2016 census.
CENSUS_2016_PRELIMINARY_RELEASED = date(2017, 5, 31)
CENSUS_2016_FINAL_RELEASED = date(2018, 6, 28)
CENSUS_2021_FINAL_RELEASED = date(2023, 6, 27)
CENSUS_TOTALS_RELEASED = {2014: CENSUS_2016_FINAL_RELEASED, 2016: CENSUS_2016_FINAL_RELEASED,
                          2021: CENSUS_2021_FINAL_RELEASED}

CENSUS_DATASETS = [
    {
        "slug": "census-2016-final-establishments", "order": 10,
        "title": "事業所数（民営）の推移 平成26年・平成28年（確報）",
        "measure": "establishments", "unit": "事業所", "release": "final",
        "series": "経済センサス‐基礎調査（平成26年）・経済センサス‐活動調査（平成28年）",
        "published_on": CENSUS_2016_FINAL_RELEASED, "document": f"{DOC_002} 2(1)③",
        "values": CENSUS_002_ESTABLISHMENTS, "notes": "",
    },
    {
        "slug": "census-2016-final-employees", "order": 11,
        "title": "従業者数（民営）の推移 平成26年・平成28年（確報）",
        "measure": "employees", "unit": "人", "release": "final",
        "series": "経済センサス‐基礎調査（平成26年）・経済センサス‐活動調査（平成28年）",
        "published_on": CENSUS_2016_FINAL_RELEASED, "document": f"{DOC_002} 2(1)④",
        "values": CENSUS_002_EMPLOYEES, "notes": "",
    },
    {
        "slug": "census-2016-preliminary-establishments", "order": 12,
        "title": "業種別事業所数の推移 2014年・2016年（速報）",
        "measure": "establishments", "unit": "事業所", "release": "preliminary",
        "series": "経済センサス‐基礎調査（平成26年）・経済センサス‐活動調査（平成28年）速報",
        "published_on": CENSUS_2016_PRELIMINARY_RELEASED,
        "document": f"{DOC_003}【業種別事業所数推移】",
        "values": CENSUS_003_ESTABLISHMENTS,
        "notes": "平成28年経済センサス‐活動調査の速報結果（平成29年5月末公表と記載）。"
                 + CENSUS_NOTES_003_ESTABLISHMENTS,
    },
    {
        "slug": "census-2016-preliminary-employees", "order": 13,
        "title": "業種別従業者数の推移 2014年・2016年（速報）",
        "measure": "employees", "unit": "人", "release": "preliminary",
        "series": "経済センサス‐基礎調査（平成26年）・経済センサス‐活動調査（平成28年）速報",
        "published_on": CENSUS_2016_PRELIMINARY_RELEASED,
        "document": f"{DOC_003}【業種別従業者数推移】",
        "values": CENSUS_003_EMPLOYEES,
        "notes": "平成28年経済センサス‐活動調査の速報結果（平成29年5月末公表と記載）。"
                 + CENSUS_NOTES_003_EMPLOYEES,
    },
    {
        "slug": "census-totals-establishments", "order": 14,
        "title": "事業所数（全産業）の推移",
        "measure": "establishments", "unit": "事業所", "release": "final",
        "series": "経済センサス", "published_on": None,
        "document": f"2014年・2016年: {DOC_002} 2(1)③、2021年: {DOC_000} 2-1(1)",
        "values": [("ALL", 42616, 40934, 41223)], "years": (2014, 2016, 2021),
        "released": CENSUS_TOTALS_RELEASED,
        "notes": "2021年は全産業の値のみ記載（業種別の値は図のみのため未登録）。",
    },
    {
        "slug": "census-totals-employees", "order": 15,
        "title": "従業者数（全産業）の推移",
        "measure": "employees", "unit": "人", "release": "final",
        "series": "経済センサス", "published_on": None,
        "document": f"2014年・2016年: {DOC_002} 2(1)④、2021年: {DOC_000} 2-1(1)",
        "values": [("ALL", 554757, 543812, 547471)], "years": (2014, 2016, 2021),
        "released": CENSUS_TOTALS_RELEASED,
        "notes": "2021年は全産業の値のみ記載（業種別の値は図のみのため未登録）。",
    },
]

# 003: 市内事業所アンケート: (JSIC code or "", label as printed, 回答件数, 発送件数 or None)
BUSINESS_SURVEY_STRATA = [
    ("A", "A 農業、林業", 3, 12), ("C", "C 鉱業、採石業、砂利採取業", 0, 1),
    ("D", "D 建設業", 89, 468), ("E", "E 製造業", 132, 455),
    ("F", "F 電気・ガス・熱供給・水道業", 1, 11), ("G", "G 情報通信業", 25, 99),
    ("H", "H 運輸業、郵便業", 32, 162), ("I", "I 卸売業、小売業", 135, 1060),
    ("J", "J 金融業、保険業", 14, 74), ("K", "K 不動産業、物品賃貸業", 70, 502),
    ("L", "L 学術研究、専門・技術サービス業", 43, 212), ("M", "M 宿泊業、飲食サービス業", 74, 672),
    ("N", "N 生活関連サービス業、娯楽業", 56, 385), ("O", "O 教育、学習支援業", 25, 158),
    ("P", "P 医療、福祉", 85, 429), ("Q", "Q 複合サービス事業", 9, 20),
    ("R", "R サービス業（他に分類されないもの）", 35, 198), ("", "不明", 9, None),
]

SURVEYS = [
    {
        "slug": "survey-2017-business", "order": 30,
        "title": "市内事業所アンケート調査（平成29年）回答状況",
        "source": "川崎市経済労働局", "document": f"{DOC_003}【市内産業の実態・ニーズ等】",
        "population": "市内の事業所4,918件（平成26年経済センサス基礎調査のデータから全産業の"
                      "市内全事業所の約1割を無作為抽出）",
        "method": "調査票の郵送によるアンケート調査",
        "fielded_from": None, "fielded_to": None, "responses_as_of": date(2017, 8, 10),
        "strata": BUSINESS_SURVEY_STRATA, "questions": [],
        "notes": "学術研究、専門・技術サービス業の回答率は10.3%と印刷されていますが、"
                 "43÷212は20.3%です（記載の件数を登録し、回答率は計算しています）。"
                 "設問ごとの回答は図のみのため未登録。",
    },
    {
        "slug": "survey-2021-rd", "order": 31,
        "title": "市内における研究開発に関する調査（令和3年度）アンケート調査",
        "source": "川崎市", "document": f"{DOC_002} 2(5)",
        "population": "市内企業1,117者（民間企業）", "method": "調査依頼状を郵送し、Webまたは紙の"
                                                          "調査票によるアンケート調査",
        "fielded_from": date(2021, 7, 1), "fielded_to": date(2021, 8, 10),
        "responses_as_of": None,
        "strata": [("", "市内企業（民間企業）", 456, 1117)],
        "questions": [
            ("研究開発業務の有無", "single", 456, "", [("有", 221), ("無", 235)]),
            ("研究開発「有」と回答した企業の業種", "single", 221, "研究開発「有」と回答した企業",
             [("製造", 142), ("学術研究", 27), ("情報通信", 21), ("卸売・小売", 13), ("建設", 3),
              ("その他", 13), ("無回答", 2)]),
        ],
        "notes": "研究開発の種類・課題・求める支援策などの設問は図または概数（約13%など）のみのため未登録。",
    },
]

SERIES = [
    {
        "slug": "di-kawashin", "order": 40, "kind": "di",
        "title": "市内中小企業の景況感DI（全業種）",
        "source": "川崎信用金庫「中小企業動向調査」", "document": f"{DOC_002} 2(2)",
        "unit": "ポイント",
        # (period key, DI industry, kind, value)
        "values": [("2022Q1", "all", "business", "-22.7"), ("2022Q2", "all", "business", "-12.4"),
                   ("2022Q2", "all", "sales", "-8.7"), ("2022Q2", "all", "profit", "-19.3")],
        "notes": "2022年4-6月期の売上額DIは前期比11.7ポイント増、収益DIは前期比9.9ポイント増と記載"
                 "（前期の値は記載がないため未登録）。業種別DIは図と増減の記述のみのため未登録。",
    },
    {
        "slug": "bankruptcies", "order": 41, "kind": "bankruptcy",
        "title": "川崎市内の倒産件数（負債総額1,000万円以上）",
        "source": "川崎市経済労働局産業振興部金融課、(株)東京商工リサーチ「企業倒産状況」",
        "document": f"{DOC_002} 2(3)", "unit": "件",
        "values": [("2015", 64), ("2021", 54)],
        "notes": "平成20〜22年度は「100件台」と記載（数値なし）。その他の年度は図のみのため未登録。",
    },
    {
        "slug": "job-offers", "order": 42, "kind": "job_offer",
        "title": "有効求人倍率（川崎市・エリア別・神奈川県）",
        "source": "神奈川県労働局職業安定部職業安定課、厚生労働省HP",
        "document": f"{DOC_002} 2(4)", "unit": "倍",
        "values": [("2018", "city", "1.01"), ("2021", "city", "0.68"), ("2021", "south", "1.05"),
                   ("2021", "north", "0.47"), ("2021", "prefecture", "0.80")],
        "notes": "令和3年度の川崎市は前年度比0.03ポイント減と記載（令和2年度の値は記載がないため未登録）。"
                 "「川崎（南部）」「川崎北（北部）」はエリア別の値。",
    },
    {
        "slug": "rd-institutions", "order": 43, "kind": "rd",
        "title": "市内の研究開発機関数",
        "source": "川崎市「市内における研究開発に関する調査」", "document": f"{DOC_002} 2(5)",
        "unit": "機関",
        # (survey FY, ward ("" = 市全体), kind, count)
        "values": [("2021", "", "surveyed", 247), ("2021", "", "added", 288),
                   ("2021", "", "public", 18), ("2021", "", "university", 9)],
        "notes": "区別の機関数（令和3年度調査・平成27年度調査）は図のみのため未登録。"
                 "令和3年度調査は住所無回答の3機関を含む。",
    },
]

# 002 art. 19: (category, contract type, 契約件数, 契約金額（百万円）)
PROCUREMENT = {
    "2020": [
        ("large", "goods", 279, 866), ("large", "works", 11, 4892), ("large", "services", 118, 1576),
        ("sme", "goods", 57407, 4434), ("sme", "works", 2739, 34663),
        ("sme", "services", 2511, 10386),
        ("other", "goods", 15, 8), ("other", "works", 0, 0), ("other", "services", 194, 6428),
        ("outside", "goods", 4588, 14338), ("outside", "works", 287, 41772),
        ("outside", "services", 1898, 22551),
    ],
    "2021": [
        ("large", "goods", 212, 850), ("large", "works", 9, 31), ("large", "services", 93, 1239),
        ("sme", "goods", 56465, 4578), ("sme", "works", 2461, 33264),
        ("sme", "services", 2643, 9791),
        ("other", "goods", 14, 2), ("other", "works", 0, 0), ("other", "services", 239, 14536),
        ("outside", "goods", 2884, 7567), ("outside", "works", 209, 3942),
        ("outside", "services", 1918, 22206),
    ],
}
PROCUREMENT_NOTES = (
    "各数値は当該年度の本市契約実績（企業会計を除く）。「その他」は官公需法による区分に当てはまらない"
    "法人（各種財団法人、社会福祉法人、NPO法人等）。資料内の不整合: 令和2年度の準市内・市外の合計欄の"
    "割合は90.33%・44.57%と印刷されていますが、6,773÷70,047は9.67%、78,661÷141,914は55.43%です"
    "（印刷値は100%からの残り）。"
)

# 002 art. 19: contracts over 1 million yen of subsidised projects: (scope, 契約件数, 契約金額)
SUBSIDISED = {
    "2020": [("all", 372, 14157), ("local_sme", 152, 9979)],
    "2021": [("all", 322, 37653), ("local_sme", 136, 4104)],
}
