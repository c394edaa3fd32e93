"""A city's way of printing its implementation-status report: every word, heading and
pattern the reader looks for. ``KAWASAKI`` is the one city read today; another city (or
another edition) is another ``Layout`` instance, with no change to the reader's code.

Headings are compared on their *key*: width-folded (full-width → ASCII) with every space
removed (``lines.key``). Patterns marked "on the key" see that form too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shisaku.lib.textnorm import normalize_ascii
from shisaku.sheets import sections

# A fiscal year as such reports print it: 令和3年度, R3(2021)年度, 2021年度, R3(2021).
FY_TOKEN = (r"(?:令和|平成|昭和|R|H|S)(?:元|\d{1,2})(?:\(\d{4}\))?年度"
            r"|\d{4}年度|(?:令和|平成|R|H)(?:元|\d{1,2})\(\d{4}\)")


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern)


@dataclass(frozen=True, kw_only=True)
class Layout:
    name: str

    # -- the cover
    title_word: str  # a line holding it (in the first 40) is the report's title
    ordinance_name: re.Pattern  # group 1: the ordinance the report is made under
    published: re.Pattern  # on the key: the month of issue (令和4年8月発行)
    issue_word: str  # after the month of issue (発行), dropped before reading the date

    # -- a project sheet
    # "<group> <position mark> <project>"; the marks, in order, give the position.
    sheet_title: re.Pattern  # groups: group, pos, name
    position_marks: str
    # on the key: a group's name printed without a position mark, alone on the line before
    # its project's (or glued before it): read as the group, checked against the list
    group_heading: re.Pattern
    # The sheet's parts: fixed headings on the key → part kind, then patterns on the key.
    # Kinds: goal plan activities indicators notes do check results issues / do_year
    # (group fy) program (groups name, rest) action next_plan (group fy, optional).
    headings: dict[str, str]
    heading_patterns: tuple[tuple[re.Pattern, str], ...]
    reference_mark: str  # 【参考…】: a reference indicator's name and table
    # An indicator table's rows: groups ref, label (target/actual word), unit, rest.
    indicator_row: re.Pattern
    target_word: str  # the label of the target row starts with it
    # A table cell's word for an actual with no figure → its status (cancelled, not_done,
    # pending); a target cell holding one is read as empty.
    status_words: tuple[tuple[str, str], ...]
    # A reference indicator's name line: 【参考】name or 【参考：name】 (groups inner, after).
    reference_name: re.Pattern

    # -- the regions outside the sheets ("1 はじめに" …)
    region_heading: re.Pattern  # groups n, title (on the line as printed)
    region_titles: tuple[tuple[str, str], ...]  # word in the title → region kind
    region_labels: dict[str, str]  # region kind → how a warning names it
    appendix: re.Pattern  # on the key: the ordinance's text printed at the end
    other_projects_title: str  # on the key: the その他の事業 region (and list)
    list_header_word: str  # on the key: a projects list's header row
    verified_list_title: str  # on the key: the list of verified projects

    # -- the status region: lists of projects per article, notes, main opinions
    article_cell: re.Pattern  # on the key: a cell that is an article (group n)
    own_article: re.Pattern  # a listed name's own article at its end (group 1)
    pages_cell: re.Pattern  # on the key: a page reference
    lineage_mark: re.Pattern  # a listed name's ※N mark (group n)
    main_opinions_header: tuple[str, str]  # on the key: the header row starts with / holds
    notes_titles: tuple[str, ...]  # on the key: <参考>, the notes under the lists
    lineage_note: re.Pattern  # groups n, text
    notes_skipped: tuple[str, ...]  # words of the plan's table printed with the notes
    notes_skipped_starts: tuple[str, ...]
    own_procurement_note: str  # a verified list's row about the city's own procurement
    measure_words: frozenset[str]  # the measures' names (a list cell that is no project)
    # Lineage sentences: (pattern, kind); groups succ, and other for a merger with another.
    lineage_sentences: tuple[tuple[re.Pattern, str], ...]

    # -- rosters
    roster_title: re.Pattern  # on the line without spaces: groups name, asof
    roster_header_word: str
    subcommittee_word: str  # in a committee's name: a subcommittee
    role_marks: tuple[tuple[str, str], ...]  # "(部会長)" after a title → role code

    # -- procurement (its own page among the sheets)
    procurement_title: str
    procurement_article: int  # the article whose page it is
    contracts_title: str  # on the key: in the contract table's title
    subsidised_title: str
    evaluation_title: str  # on the key: 【…主観評価項目】
    contract_types: dict[str, str]  # column header word → contract type code
    # row label word → category code, tried in order (大企業 before 中小企業 before その他)
    contract_categories: tuple[tuple[str, str], ...]
    contract_header_words: tuple[str, ...]  # header rows of the table (skipped)
    share_labels: dict[str, str]  # code → how a warning names it
    subsidised_scopes: tuple[tuple[str, str], ...]
    subsidised_header_word: str
    evaluation_header_words: tuple[str, ...]
    evaluation_group_word: str
    headings_printed_by_page: tuple[str, ...]  # on the key: 【参考】, 【…見直し】 (suffix)

    # -- その他の事業: a project line, then 「令和N年度の概要」 | 「令和N年度の実績」
    other_article: re.Pattern  # groups n, measure
    overview_header: re.Pattern  # on the key
    results_header: re.Pattern  # on the key
    merged_into: re.Pattern  # a ※ note: group name merged into this project

    # -- what a typeset edition adds (Shisaku's own report, see own_report)
    # lines printed on every page (running header, page number), on the line as printed:
    # dropped with the blank lines around them before anything is read
    page_lines: tuple[re.Pattern, ...] = ()
    # other printed titles of the procurement page (on the key): "第19条受注機会の増大等"
    procurement_headings: tuple[str, ...] = ()
    # the lists, the main opinions and その他の事業 are read only from rows whose cells are
    # tab-separated (a PDF's text runs a row's cells and wrapped lines together: not read)
    tabbed_lists: bool = False
    # on the key: the その他の事業 region's heading where it is more than other_projects_title
    other_projects_heading: re.Pattern | None = None


def _key(text: str) -> str:
    """lines.key (which imports this module): width-folded, without whitespace."""
    return re.sub(r"\s+", "", normalize_ascii(text))


def _year_pattern(heading: str) -> re.Pattern:
    """A printed heading with a fiscal year (%(fy)s), as a pattern on the key."""
    before, after = (re.escape(_key(part)) for part in heading.split("%(fy)s"))
    return _re(f"^{before}(?P<fy>.{{2,20}}?年度){after}$")


# The sheet's own headings are those of the table of sheet sections (what this system
# prints); beside them, the other wordings the city's reports have used.
_HEADINGS = {
    **{_key(heading): part for heading, part in sections.printed_headings().items()},
    "事業計画(Plan)": "plan", "事業計画": "plan",
    "主な取り組み": "activities",
    "主な成果・活動指標": "indicators", "成果・活動指標": "indicators",
    "主な成果指標": "indicators", "主な活動指標": "indicators",
    "補足事項": "notes",
    "事業の実施状況(Do)": "do", "事業の実施状況": "do",
    "主な検証意見Check": "check", "主な検証意見(Check)": "check", "主な検証意見": "check",
    "主な実績・成果": "results",
}

KAWASAKI = Layout(
    name="川崎市 中小企業活性化条例 実施状況報告書",
    title_word="報告書",
    ordinance_name=_re(r"「([^「」]{4,80}条例)」"),
    published=_re(r"(令和|平成)\s*(元|\d+)\s*年\s*\d+\s*月(発行)?"),
    issue_word="発行",
    sheet_title=_re(r"^(?P<group>\S.*?)\s*(?P<pos>[①-⑳])\s*(?P<name>\S.*)$"),
    position_marks="①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳",
    group_heading=_re(r"\S{2,40}関連事業"),
    headings=_HEADINGS,
    heading_patterns=(
        (_re(r"^(?P<fy>.{2,20}?年度)の実績$"), "do_year"),
        (_re(r"^(?P<name>第\d+期実行プログラム)の実績・成果(?P<rest>.*)$"), "program"),
        (_re(r"^(?P<fy>.{2,20}?年度)以降の対応(?:Action|\(Action\))?$"), "action"),
        (_re(r"^対応(?:Action|\(Action\))$"), "action"),
        (_year_pattern(sections.section("next_plan").heading), "next_plan"),
    ),
    reference_mark="【参考",
    indicator_row=_re(
        r"^\s*(?P<ref>【参考】)?\s*(?P<label>目標値?|実績値?)\s*(?:\((?P<unit>[^()]{0,10})\))?"
        r"(?P<rest>(?:\s.*)?)$"),
    target_word="目標",
    status_words=(("中止", "cancelled"), ("未実施", "not_done"), ("集計中", "pending")),
    reference_name=_re(r"^【参考[:：]?\s*(?P<inner>[^】]*)】\s*(?P<after>.*)$"),
    region_heading=_re(r"^(?P<n>[1-9])\s+(?P<title>\S.{0,58})$"),
    region_titles=(("はじめに", "intro"), ("市内産業の現状", "statistics"),
                   ("検証体制", "system"), ("実施状況", "status")),
    region_labels={"front": "表紙・目次", "intro": "1 はじめに", "statistics": "2 市内産業の現状",
                   "system": "3 検証体制", "status": "4 実施状況（事業シートの前）",
                   "appendix": "（参考）条例の本文・奥付"},
    appendix=_re(r"^[(（]参考[)）].*条例"),
    other_projects_title="その他の事業",
    list_header_word="事務事業名",
    verified_list_title="検証対象事業",
    article_cell=_re(r"^(?P<n>\d{1,2})\s*条$"),
    own_article=_re(r"[(（](\d{1,2})条[)）]$"),
    pages_cell=_re(r"^\d+(?:\s*[-－~～]\s*\d+)?$"),
    lineage_mark=_re(r"[(（]\s*※\s*(?P<n>\d+)\s*[)）]"),
    main_opinions_header=("条文", "主な検証意見"),
    notes_titles=("<参考>", "＜参考＞"),
    lineage_note=_re(r"^[-‐－・]?\s*※\s*(?P<n>\d+)\s*(?P<text>\S.*)$"),
    notes_skipped=("計画期間", "位置付け"),
    notes_skipped_starts=("川崎市総合計画", "における位置付け"),
    own_procurement_note="※本市の調達",
    measure_words=frozenset({
        "創業、経営の革新等の促進", "連携の促進", "研究及び開発の支援",
        "経営基盤の強化及び小規模企業者の事情の考慮", "地域の活性化の促進", "人材の確保及び育成",
        "海外市場の開拓等の促進", "受注機会の増大等",
    }),
    lineage_sentences=(
        (_re(r"^(?P<other>.+?)と統合の上、事務事業名を(?P<succ>.+?)に変更$"), "merged"),
        (_re(r"^(?P<succ>.+?)に統合$"), "merged"),
        (_re(r"^(?:事務事業名を)?(?P<succ>.+?)に(?:名称)?変更$"), "renamed"),
    ),
    roster_title=_re(r"「(?P<name>[^」]+)」委員名簿\s*[（(](?P<asof>[^）)]*?)現在[）)]"),
    roster_header_word="氏名",
    subcommittee_word="部会",
    role_marks=(("部会長", "subcommittee_chair"), ("副会長", "vice_chair"), ("会長", "chair")),
    procurement_title="受注機会の増大等",
    procurement_article=19,
    contracts_title="規模等・種別契約実績",
    subsidised_title="優先発注契約実績",
    evaluation_title="主観評価項目】",
    contract_types={"物品": "goods", "工事": "works", "委託": "services", "合計": "total"},
    contract_categories=(("大企業", "large"), ("中小企業", "sme"), ("その他", "other"),
                         ("市外", "outside"), ("合計", "total")),
    contract_header_words=("契約件数", "割合"),
    share_labels={"large": "市内大企業", "sme": "市内中小企業", "other": "その他",
                  "outside": "準市内・市外", "total": "合計", "goods": "物品", "works": "工事",
                  "services": "委託"},
    subsidised_scopes=(("中小企業", "local_sme"), ("全体", "all")),
    subsidised_header_word="契約件数",
    evaluation_header_words=("主観評価項目名", "主観点", "最大", "事業者申請項目"),
    evaluation_group_word="申請項目",
    headings_printed_by_page=("【参考】", "入札契約制度の見直し】"),
    other_article=_re(r"^(?P<n>\d{1,2})\s*条\s+(?P<measure>\S.*)$"),
    overview_header=_re(r"^(?:令和|R|平成).*年度の概要"),
    results_header=_re(r"^(?:令和|R|平成).{1,12}年度の実績$"),
    merged_into=_re(r"^※\s*(?P<name>.+?)は、?.{0,20}?から本事業に統合"),
)
