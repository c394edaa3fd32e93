"""Demo data: Kawasaki City's industrial-promotion plan, ordinance and projects.

Plain Python, no Django: the loader (``shisaku.demo.loader``) turns it into rows.
Facts and figures (names, codes, titles, dates, address) come from the city's
documents in ``/work/shared/seeds/``; each block names its seed:

- seed 000: 000_plan_2026_overview.txt (new plan FY2026-2037, draft summary)
- seed 001: 001_plan_2016_ch3_program1_results.txt (first plan, 1st program)
- seed 002: 002_report_fy2021_excerpt.txt (FY2021 implementation-status report)

The seeds' narrative sentences are not copied: descriptions are written anew in
short plain Japanese, or left empty. Nothing here is a figure the seeds do not give.
The ordinance's structure (articles, captions, paragraphs, items) is the city's; its texts
are short summaries written for the demo, marked as such (ORDINANCE_SUMMARISED).
"""

from datetime import date

# --------------------------------------------------------------------------------------------
# City settings — seed 002, colophon at the end of the report (編集・発行 …)
# --------------------------------------------------------------------------------------------

CITY = {
    "city_name": "川崎市",
    "bureau_name": "経済労働局",
    "planning_division": "産業政策部企画課",
    "address": "〒210-0007 川崎市川崎区駅前本町11-2 川崎フロンティアビル10階",
    "phone": "044-200-2332",
    "fax": "044-200-3920",
    "email": "",
    # Seed 004 (press release of the FY2024 report, 令和7年8月): its contact phone and the
    # page where the report and its summary are published.
    "press_phone": "044-200-2360",
    "report_url": "https://www.city.kawasaki.jp/280/page/0000073236.html",
}

# --------------------------------------------------------------------------------------------
# Bureaus and responsible sections (所管課)
# --------------------------------------------------------------------------------------------
# The seeds name the bureau (経済労働局, seed 002 colophon) and 企画課, and mark some action
# items of program 4 as belonging to another bureau (※, seed 000 4-1). They do NOT name the
# section of each project: the sections below and the project → section assignments are
# ILLUSTRATIVE (assigned by subject), not facts from the seeds.

KEIZAI = "経済労働局"
RINKAI = "臨海部国際戦略本部"

BUREAUS = [
    # (name, order)
    (KEIZAI, 1),
    (RINKAI, 2),
]

KIKAKU = "企画課"
KOKUSAI = "国際経済推進室"
KANKO = "観光プロモーション推進課"
INNOVATION = "イノベーション推進室"
KINYU = "金融課"
KOGYO = "工業振興課"
SHOGYO = "商業振興課"
NOGYO = "農業振興課"
ROUDOU = "労働雇用課"
# The other bureau's unit for the ※ action item (臨海部における新産業の創出); illustrative.
RINKAI_SEICHO = "成長戦略推進部"

SECTIONS = [
    # (bureau, department, name, order) — section names are unique across the demo bureaus
    (KEIZAI, "産業政策部", KIKAKU, 1),
    (KEIZAI, "産業政策部", KOKUSAI, 2),
    (KEIZAI, "産業政策部", KANKO, 3),
    (KEIZAI, "", INNOVATION, 4),
    (KEIZAI, "産業振興部", KINYU, 5),
    (KEIZAI, "産業振興部", KOGYO, 6),
    (KEIZAI, "産業振興部", SHOGYO, 7),
    (KEIZAI, "都市農業振興センター", NOGYO, 8),
    (KEIZAI, "労働雇用部", ROUDOU, 9),
    (RINKAI, "", RINKAI_SEICHO, 1),
]

# --------------------------------------------------------------------------------------------
# The ordinance — seed 002 (1 はじめに; appendix (参考) at the end of the report)
# --------------------------------------------------------------------------------------------
# Enacted in 平成27(2015)年12月 (seed 002, 1 はじめに) but the day is not given: enacted_on
# stays empty. In force 平成28年4月1日 (附則).

ORDINANCE = {
    "title": "川崎市中小企業活性化のための成長戦略に関する条例",
    "short_title": "中小企業活性化条例",
    "enacted_on": None,
    "in_force_on": date(2016, 4, 1),
}

# Article kinds, as the values of ordinance.Article.Kind
MEASURE = "measure"
VERIFICATION = "verification"
PUBLICATION = "publication"
OTHER = "other"

# The ordinance's structure is the city's (seed 002's appendix: 前文 of 9 paragraphs, the side
# labels grouping the articles, 24 articles with their captions, paragraph and item counts,
# 附則), its sentences are NOT: every text below is a short summary written for the demo
# (the ordinance is then stored with summarised=True and the report's appendix says 要約).
# The structure is checked against the seed's text by shisaku/ordinance/tests.

ORDINANCE_SUMMARISED = True

ORDINANCE_PREAMBLE = [
    "立地を生かした多様な産業の集積と企業の成長による、産業都市としての歩み。",
    "公害の克服を通じて蓄積された環境技術。",
    "市の産業を発展させてきた原動力としてのイノベーションと企業家精神。",
    "イノベーションを支え、地域経済と市民生活に貢献してきた中小企業。",
    "国際競争の激化や国内需要の低迷など、中小企業を取り巻く厳しい環境。",
    "中小企業者の自主的な挑戦、関係者の連携による環境づくり、投資と立地の好循環の必要性。",
    "中小企業憲章や中小企業基本法などが示す国の考え方と、地方公共団体の役割。",
    "地域の経済界が主体となって重ねてきた成長戦略の議論。",
    "中小企業が力を発揮できる環境と好循環をつくり、市の持続的な発展につなげるための制定。",
]

ORDINANCE_SUPPLEMENTARY = "平成28年4月1日から施行。"

# The side labels (区分) of the appendix and the first article of each.
ORDINANCE_PARTS = [
    ("目的、定義、基本理念", 1),
    ("各主体の責務・役割", 4),
    ("計画", 11),
    ("中小企業活性化施策の8つの柱と施策における考慮", 12),
    ("調査研究、施策検証、公表、財政措置", 21),
]

# (number, caption, kind, lines) — the caption as printed; each line is a paragraph ("2 …"
# from the second on) or an item ("(1) …") of the paragraph above it, summarised.
ARTICLES = [
    (1, "目的", OTHER, (
        "基本理念と各主体の責務・役割、施策の基本事項を定め、中小企業の活性化を総合的・計画的に"
        "進めて、市内経済の発展と市民生活の向上につなげる。",
    )),
    (2, "定義", OTHER, (
        "条例で使う用語の意味。",
        "(1) 中小企業者: 中小企業基本法の中小企業者のうち、市内に事務所・事業所があるもの",
        "(2) 大企業者: 中小企業者以外の会社・個人事業者のうち、市内に事務所・事業所があるもの",
        "(3) 大学等: 市内に施設がある大学などの研究機関",
        "(4) 金融機関: 市内に営業所・事務所がある銀行などの金融機関",
        "(5) 関係団体等: 中小企業に関する団体と、(2)から(4)まで",
    )),
    (3, "基本理念", OTHER, (
        "中小企業の活性化を進める際の3つの基本理念。",
        "(1) 経営の改善・向上に向けた中小企業者の自主的な取組の促進",
        "(2) 国内外からの投資と企業立地による地域の活性化",
        "(3) 市・国・関係自治体・中小企業者・関係団体等・市民の連携",
    )),
    (4, "市の責務", OTHER, (
        "関係部局の連携の下で、施策を総合的・計画的に策定し実施する。",
        "2 国・関係自治体・中小企業者・関係団体等と連携し、施策を効果的に実施する。",
        "3 施策への理解と協力を得るため、広報に努める。",
    )),
    (5, "中小企業者の役割", OTHER, (
        "自ら経営の改善・向上に努める。",
        "2 中小企業団体への加入などにより、団体と連携する。",
        "3 市の施策に協力する。",
    )),
    (6, "中小企業に関する団体の役割", OTHER, (
        "中小企業者の経営の改善・向上を積極的に支援する。",
        "2 運営の状況を示すなどして加入しやすくし、中小企業者・大企業者と連携する。",
        "3 市の施策に協力する。",
    )),
    (7, "大企業者の役割", OTHER, (
        "市の施策に協力する。",
        "2 中小企業団体への加入などにより、団体と連携する。",
    )),
    (8, "大学等の役割", OTHER, (
        "人材の育成と研究・成果の普及を通じて、市の施策に協力する。",
    )),
    (9, "金融機関の役割", OTHER, (
        "事業内容に応じた融資と経営の相談・助言を通じて、市の施策に協力する。",
    )),
    (10, "市民の役割", OTHER, (
        "中小企業の活性化の意義を理解し、協力する。",
    )),
    (11, "産業の振興に関する計画", OTHER, (
        "市長は、施策を総合的・計画的に進めるため、産業振興の計画に次の事項を定める。",
        "(1) 基本方針と長期的な目標",
        "(2) 基本的な施策",
        "(3) 施策を進めるために必要なその他の事項",
        "2 定めるときは、地域の特性を考慮する。",
        "3 定めるときは、中小企業者や関係団体などの意見を聴く。",
    )),
    (12, "創業、経営の革新等の促進", MEASURE, (
        "創業や経営の革新など、意欲的な取組を促すための施策。",
        "(1) 創業の環境づくり",
        "(2) 経営の革新に関する情報提供",
        "(3) 技術力の向上の支援",
        "(4) 新しい製品・技術の販路拡大の支援",
    )),
    (13, "連携の促進", MEASURE, (
        "中小企業者と大企業者が知的財産などの経営資源で連携する機会をつくる。",
    )),
    (14, "研究及び開発の支援", MEASURE, (
        "大企業者や大学等の人材・技術を中小企業者が生かせるよう、共同の研究・製品開発を支援する。",
    )),
    (15, "経営基盤の強化及び小規模企業者の事情の考慮", MEASURE, (
        "経営基盤を強くするための施策。",
        "(1) 経営資源の確保についての相談",
        "(2) 資金の円滑な供給",
        "2 経営資源の確保が特に難しい小規模企業者の事情を考慮する。",
    )),
    (16, "地域の活性化の促進", MEASURE, (
        "中小企業の活性化につながる地域の活性化のための施策。",
        "(1) 地域の特性を生かした新事業の創出の支援",
        "(2) 地域の経済活動の拠点づくり",
    )),
    (17, "人材の確保及び育成", MEASURE, (
        "人材の確保が難しい中小企業者のための施策。",
        "(1) 若者・女性・高齢者など、働きたい人に合わせた就業の支援",
        "(2) 青少年の職業体験の機会",
    )),
    (18, "海外市場の開拓等の促進", MEASURE, (
        "海外市場の開拓などに役立つ情報の提供と相談。",
    )),
    (19, "受注機会の増大等", MEASURE, (
        "市の工事・物品・役務の発注で、分離・分割などにより市内中小企業者の受注機会を増やす。",
        "2 発注にあたり、中小企業者の社会貢献の取組をしん酌する。",
        "3 指定管理者の指定で、中小企業者の参入機会を増やす。",
    )),
    (20, "施策における考慮", OTHER, (
        "市の他の施策でも、中小企業の活性化への影響を考慮する。",
    )),
    (21, "調査及び研究", OTHER, (
        "施策を効果的に行うための情報収集と調査研究。",
    )),
    (22, "施策の検証等", VERIFICATION, (
        "市長は、施策の実施状況を産業振興協議会の意見を聴いて検証し、結果を施策に反映する。",
    )),
    (23, "実施状況の公表", PUBLICATION, (
        "市長は、毎年度、施策の実施状況をまとめて公表する。",
    )),
    (24, "財政上の措置", OTHER, (
        "必要な財政上の措置に努める。",
    )),
]

# --------------------------------------------------------------------------------------------
# Plan 1: かわさき産業振興プラン FY2016-2025 — seed 001 (programs 1), seed 002 / DOMAIN
# (program 2: 平成30(2018)－令和3(2021)年度), seed 002 <参考> (総合計画第3期実施計画,
# 令和4(2022)～令和7(2025)年度)
# --------------------------------------------------------------------------------------------

PLAN1_LEVELS = [
    # (order, name, in_tree)
    (1, "政策", True),
    (2, "施策", True),
    (3, "基本戦略", True),
]

# Program 1's hierarchy as printed in seed 001 lines 1-150 (施策体系 table; lines broken by
# the PDF extraction are joined). (code, title, children)
PROGRAM1_TREE = [
    ("1", "安全に暮らせるまちをつくる", [
        ("1-1", "防犯対策の推進", [
            ("1-1-1", "消費生活の安全を守る"),
        ]),
    ]),
    ("2", "緑と水の豊かな環境をつくりだす", [
        ("2-1", "農地の保全・活用と「農」とのふれあいの推進", [
            ("2-1-1", "多面的な機能を有する農地の保全と活用"),
            ("2-1-2", "「農」とのふれあいによる農業への理解促進"),
        ]),
    ]),
    ("3", "川崎の発展を支える産業の振興", [
        ("3-1", "アジアを中心とした海外での事業展開支援の強化", [
            ("3-1-1", "経済の国際化への対応"),
            ("3-1-2", "環境産業のグローバル化の促進"),
            ("3-1-3", "アジア起業家村構想の推進"),
        ]),
        ("3-2", "魅力と活力のある商業地域の形成", [
            ("3-2-1", "地域特性に応じた商業の振興"),
            ("3-2-2", "活力ある商業の促進"),
            ("3-2-3", "安全安心な食料品等の安定供給"),
        ]),
        ("3-3", "中小企業の競争力強化と活力ある産業集積の形成", [
            ("3-3-1", "オープンイノベーションの推進"),
            ("3-3-2", "ものづくり技術の高度化"),
            ("3-3-3", "販路拡大・開拓の支援"),
            ("3-3-4", "中小企業の育成"),
            ("3-3-5", "中小企業の経営安定"),
            ("3-3-6", "戦略的な産業立地誘導"),
            ("3-3-7", "インバウンド型の国際化への対応"),
            ("3-3-8", "企業の立地・活動環境の向上"),
            ("3-3-9", "デザインを活かした産業の振興"),
        ]),
        ("3-4", "都市農業の強みを活かした農業経営の強化", [
            ("3-4-1", "都市的立地を活かした健全な農業経営の推進と創造"),
        ]),
    ]),
    ("4", "新たな産業の創出と革新的な技術による生活利便性の向上", [
        ("4-1", "ベンチャー支援、起業・創業の促進", [
            ("4-1-1", "ベンチャー支援・新産業支援"),
            ("4-1-2", "インキュベーション機能の充実"),
        ]),
        ("4-2", "地域を支える産業の育成・市内事業者等の新分野への進出支援", [
            ("4-2-1", "福祉産業の振興"),
            ("4-2-2", "コミュニティビジネスの振興"),
            ("4-2-3", "環境産業の普及・促進"),
            ("4-2-4", "コンテンツ産業の振興"),
            ("4-2-5", "新エネルギー分野の事業創出・育成"),
        ]),
        ("4-3", "科学技術を活かした研究開発基盤の強化", [
            ("4-3-1", "先端科学技術の振興"),
            ("4-3-2", "科学技術を学ぶ場づくり"),
            ("4-3-3", "産業活動・交流の促進"),
        ]),
    ]),
    ("5", "生き生きと働き続けられる環境をつくる", [
        ("5-1", "人材を活かすしくみづくり", [
            ("5-1-1", "就業の支援"),
            ("5-1-2", "産業人材の育成と活用"),
            ("5-1-3", "技術・技能の振興奨励"),
        ]),
        ("5-2", "働きやすい環境づくり", [
            ("5-2-1", "勤労者の福祉の充実"),
        ]),
    ]),
    ("6", "臨海部を活性化する", [
        ("6-1", "臨海部の戦略的な産業集積と基盤整備", [
            ("6-1-1", "臨海部の国際競争力強化に向けた企業間連携の促進"),
        ]),
    ]),
    ("7", "戦略的なシティプロモーション", [
        ("7-1", "川崎の特性を活かした観光の振興", [
            ("7-1-1", "観光・集客型産業の育成"),
            ("7-1-2", "観光資源の創出・育成"),
        ]),
    ]),
]

# Programs 2 and 3 get their levels but no items: the seeds do not give their trees.
PLAN1 = {
    "name": "かわさき産業振興プラン",
    "first_fy": 2016,
    "last_fy": 2025,
    "purpose": "",
    "position": "",
    "vision": "",
    "vision_states": [],
    "programs": [
        {
            "ordinal": 1,
            "first_fy": 2016,
            "last_fy": 2017,
            "comprehensive_plan_period": "総合計画第1期実施計画",
            "levels": PLAN1_LEVELS,
            "tree": PROGRAM1_TREE,
        },
        {
            "ordinal": 2,
            "first_fy": 2018,
            "last_fy": 2021,
            "comprehensive_plan_period": "総合計画第2期実施計画",
            "levels": PLAN1_LEVELS,
            "tree": [],
        },
        {
            "ordinal": 3,
            "first_fy": 2022,
            "last_fy": 2025,
            "comprehensive_plan_period": "総合計画第3期実施計画",
            "levels": PLAN1_LEVELS,
            "tree": [],
        },
    ],
}

# --------------------------------------------------------------------------------------------
# Plan 2: かわさき産業振興プラン FY2026-2037 — seed 000 (1-2 (2) 計画期間, 3-2 めざす姿,
# 3-3 6つのポイント・基本施策, 4-1 取組項目一覧, 4-2 取組内容)
# --------------------------------------------------------------------------------------------

PROGRAM4_LEVELS = [
    (1, "ポイント", False),
    (2, "基本施策", True),
    (3, "取組項目", True),
]

# 6つのポイント: (code, title, description). Titles from seed 000 3-3 (1); the one-line
# descriptions are our own words. Which point informs which basic policy (Node.informs) is
# NOT stated in the seeds (only "6つのポイントを考慮し、基本施策を策定"), so it is left empty.
PROGRAM4_POINTS = [
    ("【1】", "イノベーション・エコシステムの形成",
     "起業家や企業がつながり、新しい技術や事業が生まれ続ける環境をつくる。"),
    ("【2】", "社会的課題解決",
     "事業の成長を社会の課題の解決に結びつける。"),
    ("【3】", "稼ぐ力の向上",
     "市内の産業が収益を高め、地域経済の好循環につなげる。"),
    ("【4】", "誘客・交流",
     "市の内外から人を呼び込み、交流からにぎわいと商機を生む。"),
    ("【5】", "安心でうるおいのある豊かな市民生活",
     "市民が暮らしを楽しめる快適な空間や環境を整える。"),
    ("【6】", "雇用創出",
     "さまざまな人が働きやすく、力を発揮できる職場を広げる。"),
]

# 5つの基本施策 → 19の取組項目 → 主な事務事業, from seed 000 4-1 (table) checked against
# 4-2 (text). The extracted 4-1 table is misaligned for 基本施策4; the projects below follow
# the 4-2 text: (1) holds the first three, (2) 農環境保全・生産基盤維持管理事業,
# (3) 農とのふれあい推進事業.
# (basic-policy code, title, [(action-item number, title, other_bureau, [project names])])
# An action item's node code is "<basic-policy code> <number>", e.g. "基本施策1 (4)".
PROGRAM4_TREE = [
    ("基本施策1", "イノベーションを創出する環境整備", [
        ("(1)", "イノベーション・エコシステムの構築", False,
         ["スタートアップ支援事業", "イノベーション・エコシステム構築推進事業"]),
        ("(2)", "産業集積の促進・高度人材の育成", False,
         ["新川崎・創造のもり推進事業", "量子イノベーションパーク推進事業"]),
        ("(3)", "社会課題の解決", False,
         ["サステナビリティ関連事業者支援事業"]),
        # ※ 経済労働局以外の取組項目 (seed 000 4-1)
        ("(4)", "臨海部における新産業の創出", True,
         ["殿町国際戦略拠点推進事業", "大規模土地利用転換推進事業"]),
    ]),
    ("基本施策2", "中小企業の競争力強化と活力ある産業集積の形成", [
        ("(1)", "中小企業の経営力強化", False,
         ["中小企業経営基盤強化事業", "産業支援機関連携事業"]),
        ("(2)", "中小企業の立地促進と操業環境の保全", False,
         ["産業集積・操業環境保全事業"]),
        ("(3)", "中小企業の経営安定", False,
         ["中小企業融資支援事業"]),
        ("(4)", "海外展開・対内投資の促進", False,
         ["海外展開促進事業"]),
    ]),
    ("基本施策3", "誘客・交流促進と商業地域の活性化", [
        ("(1)", "誘客・交流の促進", False,
         ["誘客・交流促進事業"]),
        ("(2)", "商業力の強化・商店街の活性化", False,
         ["商業振興事業"]),
        ("(3)", "安定的かつ効率的な生鮮食料品等の供給と市場の機能更新", False,
         ["卸売市場機能更新事業"]),
        ("(4)", "持続可能で市民に親しまれる競輪場づくり", False,
         ["競輪開催・競輪場管理運営事業"]),
        ("(5)", "消費者被害の救済と未然防止", False,
         ["消費生活相談・啓発育成事業"]),
    ]),
    ("基本施策4", "都市農業の経営の強化及び農地の保全・活用", [
        ("(1)", "持続的な農業経営の推進", False,
         ["農の担い手育成支援事業", "農業経営・技術向上支援事業",
          "農業技術支援センター機能更新事業"]),
        ("(2)", "多面的な機能を有する農地の保全と活用", False,
         ["農環境保全・生産基盤維持管理事業"]),
        ("(3)", "農業への理解促進", False,
         ["農とのふれあい推進事業"]),
    ]),
    ("基本施策5", "多様な人材が活躍できる環境づくり", [
        ("(1)", "多様な求職者の就業支援と企業の人材確保支援", False,
         ["雇用労働対策・就業支援事業"]),
        ("(2)", "勤労者福祉の向上", False,
         ["勤労者福祉共済事業", "勤労者福祉対策事業"]),
        ("(3)", "技術・技能職者の振興・継承支援", False,
         ["技能奨励事業", "生活文化会館管理運営事業"]),
    ]),
]

PLAN2 = {
    "name": "かわさき産業振興プラン",
    "first_fy": 2026,
    "last_fy": 2037,
    # 策定趣旨 and 位置づけ (seed 000 1-1, 1-2 (1)): the facts of the seed, in our own words.
    "purpose": (
        "平成28(2016)年度から続けてきた産業振興の取組を引き継ぎつつ、人口構成の変化、"
        "デジタル化の広がり、臨海部の土地利用の転換といった本市を取り巻く変化に応えるため、"
        "今後12年間の産業振興の方向性をまとめます。総合計画が掲げる「力強い産業都市づくり」に"
        "向けて、限られた資源で施策を効果的に進めることをねらいとしています。"),
    "position": (
        "本プランは、川崎市総合計画のもとで産業振興の分野を受け持つ個別の計画です。また、"
        "川崎市中小企業活性化のための成長戦略に関する条例が定める中小企業の活性化に関する"
        "施策を実施するための計画でもあります。"),
    "vision": "多様な人材や産業が共創し、イノベーションを生み出すまち",
    # めざす姿が実現している状態 (seed 000 3-2)
    "vision_states": [
        (1, "多様な人材や産業が連携・共創し、新たな価値を生み出している"),
        (2, "川崎の強み・ポテンシャルを活かし、変化をとらえながら挑戦することで成長し続けている"),
    ],
    "programs": [
        {
            "ordinal": 4,
            "first_fy": 2026,
            "last_fy": 2029,
            "comprehensive_plan_period": "総合計画第4期実施計画",
            "levels": PROGRAM4_LEVELS,
            "points": PROGRAM4_POINTS,
            "tree": PROGRAM4_TREE,
        },
        # Programs 5 and 6: periods from seed 000 1-2 (2); their contents are not planned yet.
        {
            "ordinal": 5,
            "first_fy": 2030,
            "last_fy": 2033,
            "comprehensive_plan_period": "総合計画第5期実施計画",
        },
        {
            "ordinal": 6,
            "first_fy": 2034,
            "last_fy": 2037,
            "comprehensive_plan_period": "総合計画第6期実施計画",
        },
    ],
}

PLANS = [PLAN1, PLAN2]

# --------------------------------------------------------------------------------------------
# Projects (事務事業)
# --------------------------------------------------------------------------------------------
# One name = one project. Keys: name, section (illustrative, see above), articles (ordinance
# article numbers), group/position (as the report prints the sheet heading), first_fy,
# last_fy (None = unknown / still running). No descriptions: left empty.


def _p(name, section, articles=(), group="", position=None, first_fy=None, last_fy=None):
    return {
        "name": name,
        "section": section,
        "articles": tuple(articles),
        "group": group,
        "position": position,
        "first_fy": first_fy,
        "last_fy": last_fy,
    }


# FY2021 report, projects verified (検証対象事業) — seed 002 図表 中小企業活性化施策一覧 and the
# sheet headings. The group/position are those of the headings (①→1 …). The report lists
# them as 11 projects: each group counts once.
FY2021_VERIFIED = [
    _p("起業化総合支援事業", INNOVATION, [12]),
    _p("ウェルフェアイノベーション推進事業", INNOVATION, [12]),
    # Seed 000 (3-1 table) calls it 知的財産戦略推進事業; the FY2021 report's name is kept.
    _p("知的財産戦略の推進", INNOVATION, [13]),
    _p("新産業創造支援事業", INNOVATION, [14], "新川崎・創造のもり推進事業", 1),
    _p("新川崎・創造のもり推進事業", INNOVATION, [14], "新川崎・創造のもり推進事業", 2),
    _p("ものづくり中小企業経営支援事業", KOGYO, [14], "工業振興関連事業", 1),
    # ※3: merged into 操業環境保全対策事業 from FY2022.
    _p("内陸部操業環境保全対策事業", KOGYO, [15], "工業振興関連事業", 2, last_fy=2021),
    _p("生産性向上推進事業", KOGYO, [15]),
    _p("商店街課題対応事業", SHOGYO, [16], "商業振興関連事業", 1),
    _p("商業力強化事業", SHOGYO, [16], "商業振興関連事業", 2),
    _p("地域連携事業", SHOGYO, [16], "商業振興関連事業", 3),
    _p("まちづくり連動事業", SHOGYO, [16], "商業振興関連事業", 4),
    # Printed without a circled number. Taken as a predecessor in the ※4 merge (see LINEAGE).
    _p("多様な連携推進事業", NOGYO, [16], "農業振興関連事業", last_fy=2021),
    # One sheet, one name, as the report prints it (seed 000 lists the two parts separately).
    _p("観光振興事業・産業観光推進事業", KANKO, [16]),
    _p("雇用労働対策・就業支援事業", ROUDOU, [17], "雇用労働対策関連事業", 1),
    _p("勤労者福祉対策事業", ROUDOU, [17], "雇用労働対策関連事業", 2),
    _p("海外販路開拓事業", KOKUSAI, [18], "海外展開関連事業", 1),
    _p("国際環境産業推進事業", KOKUSAI, [18], "海外展開関連事業", 2),
]

# FY2021 report, その他の事業 (seed 002 table after the verified ones, checked against the
# per-article sections near the end of the report, whose table rows are garbled in the
# extraction). ※1-※7 mark the projects changed in FY2022 (see LINEAGE).
FY2021_OTHER = [
    # 第12条
    _p("医工連携等推進事業", INNOVATION, [12]),
    _p("ソーシャルビジネス振興事業", INNOVATION, [12]),
    _p("環境調和型まちづくり（エコタウン）推進事業", KOKUSAI, [12], last_fy=2021),  # ※1
    _p("環境調和型産業振興事業", KOKUSAI, [12]),
    _p("かわさき基準推進事業", INNOVATION, [12], last_fy=2021),  # ※2
    # 第13条
    _p("クリエイティブ産業活用促進事業", INNOVATION, [13]),
    # 第14条
    _p("産業立地地区活性化推進事業", KOGYO, [14]),
    _p("先端産業等立地促進事業", KOGYO, [14], last_fy=2021),  # ※3
    # 第15条
    _p("産業振興協議会等推進事業", KIKAKU, [15]),
    _p("川崎市産業振興財団運営支援事業", KIKAKU, [15]),
    _p("建設業振興事業", KOGYO, [15]),
    _p("住宅相談事業", KOGYO, [15]),
    _p("中小企業融資制度事業", KINYU, [15]),
    _p("金融相談・指導事業", KINYU, [15]),
    _p("担い手・後継者育成事業", NOGYO, [15], last_fy=2021),  # ※4
    _p("農業経営支援・研究事業", NOGYO, [15]),
    _p("農業生産基盤維持・管理事業", NOGYO, [15]),
    _p("援農ボランティア育成・活用事業", NOGYO, [15]),
    # 第16条
    _p("農環境保全・活用事業", NOGYO, [16]),
    _p("農業体験提供事業", NOGYO, [16], last_fy=2021),  # ※5
    _p("市民・「農」交流機会推進事業", NOGYO, [16]),
    _p("都市農業価値発信事業", NOGYO, [16]),
    _p("川崎市コンベンションホール管理運営事業", INNOVATION, [16]),
    _p("科学技術基盤の強化・連携事業", INNOVATION, [16]),
    # 第17条
    _p("技能奨励事業", ROUDOU, [17]),
    _p("生活文化会館の管理運営事業", ROUDOU, [17]),
    _p("産業人材育成事業", ROUDOU, [17], last_fy=2021),  # ※6
    _p("労働会館の管理運営事業", ROUDOU, [17]),
    _p("労働資料の調査及び刊行業務", ROUDOU, [17], last_fy=2021),  # ※7
    _p("勤労者福祉共済事業", ROUDOU, [17]),
    # 第18条
    _p("対内投資促進事業", KOKUSAI, [18]),
]

# Projects that the FY2022 changes created (seed 002 <参考> ※3, ※4). Their article is the
# one seed 000 (3-1 table, 第3期実行プログラム) lists them under.
FY2022_NEW = [
    _p("操業環境保全対策事業", KOGYO, [15], first_fy=2022),
    _p("担い手育成・多様な連携推進事業", NOGYO, [15], first_fy=2022),
]

# Program 4's projects not already listed above (seed 000 4-1). Names seen only in program
# 4 start in FY2026. The seeds give no article for them: none is set.
# Left with first_fy empty (unknown) although their names are new in the seeds:
# - 殿町国際戦略拠点推進事業, 大規模土地利用転換推進事業: another bureau's projects; the seeds
#   list no project of that bureau for earlier years, so their absence says nothing.
# - 卸売市場機能更新事業, 競輪開催・競輪場管理運営事業, 消費生活相談・啓発育成事業: not SME
#   measures, so the earlier lists (by ordinance article) could not contain them; seed 001
#   shows the market, keirin and consumer work already running in the 1st program.
# - 生活文化会館管理運営事業: seed 000 (3-1) lists 生活文化会館の管理運営事業 in the 3rd
#   program; the spelling differs by one character, so it stays a separate row here.
PROGRAM4_NEW = [
    _p("スタートアップ支援事業", INNOVATION, first_fy=2026),
    _p("イノベーション・エコシステム構築推進事業", INNOVATION, first_fy=2026),
    _p("量子イノベーションパーク推進事業", INNOVATION, first_fy=2026),
    _p("サステナビリティ関連事業者支援事業", INNOVATION, first_fy=2026),
    _p("殿町国際戦略拠点推進事業", RINKAI_SEICHO),
    _p("大規模土地利用転換推進事業", RINKAI_SEICHO),
    _p("中小企業経営基盤強化事業", KOGYO, first_fy=2026),
    _p("産業支援機関連携事業", KIKAKU, first_fy=2026),
    _p("産業集積・操業環境保全事業", KOGYO, first_fy=2026),
    _p("中小企業融資支援事業", KINYU, first_fy=2026),
    _p("海外展開促進事業", KOKUSAI, first_fy=2026),
    _p("誘客・交流促進事業", KANKO, first_fy=2026),
    _p("商業振興事業", SHOGYO, first_fy=2026),
    # No section: the demo's section list has no unit for the market, keirin or consumer work.
    _p("卸売市場機能更新事業", None),
    _p("競輪開催・競輪場管理運営事業", None),
    _p("消費生活相談・啓発育成事業", None),
    _p("農の担い手育成支援事業", NOGYO, first_fy=2026),
    _p("農業経営・技術向上支援事業", NOGYO, first_fy=2026),
    _p("農業技術支援センター機能更新事業", NOGYO, first_fy=2026),
    _p("農環境保全・生産基盤維持管理事業", NOGYO, first_fy=2026),
    _p("農とのふれあい推進事業", NOGYO, first_fy=2026),
    _p("生活文化会館管理運営事業", ROUDOU),
]

PROJECTS = FY2021_VERIFIED + FY2021_OTHER + FY2022_NEW + PROGRAM4_NEW

# --------------------------------------------------------------------------------------------
# Lineage — seed 002 <参考> ※1-※7 (総合計画第3期実施計画における位置付け), all from FY2022.
# Kinds as the values of projects.LineageEvent.Kind. Notes are our own words.
# --------------------------------------------------------------------------------------------

MERGED = "merged"

LINEAGE = [
    {
        "kind": MERGED, "effective_fy": 2022,
        "predecessors": ["環境調和型まちづくり（エコタウン）推進事業"],
        "successors": ["環境調和型産業振興事業"],
        "note": "※1 総合計画第3期実施計画で環境調和型産業振興事業に一本化。",
    },
    {
        "kind": MERGED, "effective_fy": 2022,
        "predecessors": ["かわさき基準推進事業"],
        "successors": ["ウェルフェアイノベーション推進事業"],
        "note": "※2 総合計画第3期実施計画でウェルフェアイノベーション推進事業に一本化。",
    },
    {
        "kind": MERGED, "effective_fy": 2022,
        "predecessors": ["先端産業等立地促進事業", "内陸部操業環境保全対策事業"],
        "successors": ["操業環境保全対策事業"],
        "note": "※3 総合計画第3期実施計画で2事業を一本化し、事業名を改めた。",
    },
    {
        "kind": MERGED, "effective_fy": 2022,
        "predecessors": ["担い手・後継者育成事業", "多様な連携推進事業"],
        "successors": ["担い手育成・多様な連携推進事業"],
        "note": (
            "※4 総合計画第3期実施計画で担い手育成・多様な連携推進事業に一本化。"
            "報告書が挙げるのは担い手・後継者育成事業のみで、多様な連携推進事業を"
            "変更前に含めたのは事業名からの推定。"
        ),
    },
    {
        "kind": MERGED, "effective_fy": 2022,
        "predecessors": ["農業体験提供事業"],
        "successors": ["市民・「農」交流機会推進事業"],
        "note": "※5 総合計画第3期実施計画で市民・「農」交流機会推進事業に一本化。",
    },
    {
        "kind": MERGED, "effective_fy": 2022,
        "predecessors": ["産業人材育成事業"],
        "successors": ["雇用労働対策・就業支援事業"],
        "note": "※6 総合計画第3期実施計画で雇用労働対策・就業支援事業に一本化。",
    },
    {
        "kind": MERGED, "effective_fy": 2022,
        "predecessors": ["労働資料の調査及び刊行業務"],
        "successors": ["勤労者福祉対策事業"],
        "note": "※7 総合計画第3期実施計画で勤労者福祉対策事業に一本化。",
    },
]

# --------------------------------------------------------------------------------------------
# Demo users (fictional people). Password for all: DEMO_PASSWORD, set only on creation.
# --------------------------------------------------------------------------------------------

DEMO_PASSWORD = "shisaku-demo"

USERS = [
    # (username, role, last_name, first_name, section names)
    ("kikaku", "planning_admin", "企画", "太郎", []),
    ("kogyo", "section_editor", "工業", "次郎", [KOGYO]),
    ("shogyo", "section_editor", "商店", "花子", [SHOGYO, KANKO]),
    ("nogyo", "section_editor", "農園", "実", [NOGYO]),
    ("iin", "council_member", "委員", "和子", []),
    ("etsuran", "viewer", "閲覧", "一郎", []),
]
