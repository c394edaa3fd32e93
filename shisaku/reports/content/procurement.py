"""The page on article 19 (受注機会の増大等: the city's orders to SMEs), in the city's order.

事業計画 Plan; 事業の実施状況 Do: the year's changes to the bidding and contract rules, the
主観評価項目 table in force, the text after it; 【参考】 the contract tables with their notes
on a landscape page of their own (seventeen columns do not fit a portrait page); the
council's opinions on the article (主な検証意見 Check) and the city's responses (Action).
"""

import datetime

from shisaku.lib.era import format_date, format_fy
from shisaku.sheets.models.procurement import short_date
from shisaku.sheets.procurement import maximum_points, page_content

from ..data import ReportData
from ..document import Document, GroupedTable, Heading, Landscape, Para
from .common import add_section, rich
from .sheet import check_action

TABLE_SIZE = 8  # points: the contract table's figures on a landscape A4 page
# 年度, 区分, then per contract type 契約件数 / 割合 / 契約金額 / 割合, in cm of a landscape
# A4 page (widest figures "141,914", "92.16%": room for a wider fallback font in Word)
CONTRACT_WIDTHS = (1.9, 2.2) + (1.45, 1.4, 1.45, 1.4) * 4


def procurement_page(doc: Document, data: ReportData, profile) -> None:
    fy = data.fiscal_year
    content = page_content(data.cycle)
    page = content.page
    doc.add(Heading("第19条 受注機会の増大等", level=2, label="art-19", page_break=True))
    if page is None:
        doc.warnings.append("第19条の事業計画・実施状況が未登録")
    else:
        add_section(doc, "事業計画 Plan", page.plan)
        do_parts = [rich(page.rule_changes), page.evaluation_title or content.items,
                    rich(page.evaluation_notes)]
        if any(do_parts):
            doc.add(Heading(f"事業の実施状況 Do（{format_fy(fy, 'era')}の実績）", level=4,
                            in_toc=False))
            if page.rule_changes:
                doc.add(Para(f"【{format_date(datetime.date(fy, 4, 1), 'month')}"
                             "以降実施の入札契約制度の見直し】"), rich(page.rule_changes))
            evaluation_table(doc, page, content.items, fy)
            if page.evaluation_notes:
                doc.add(rich(page.evaluation_notes))
    tables = contract_items(fy, page)
    if tables:
        doc.add(Landscape(tuple(tables)))
    else:
        doc.add(Para("※ 調達実績（契約件数・金額）が登録されていないため、表は掲載していません。",
                     "note"))
        doc.warnings.append("第19条の調達実績が未登録")
    check_action(doc, content.opinions, profile)
    if not content.opinions:
        doc.warnings.append("第19条の検証意見が未登録")


def evaluation_table(doc: Document, page, items, fy: int) -> None:
    """【…の主観評価項目】: each item's points, the maximum beside the first row and beside
    each item that raised it from its date (100点, then 110点（R4.3.1～）)."""
    if not items:
        return
    steps = maximum_points(items)
    maximum = {None: f"{steps[0][0]}点"}
    for total, day in steps[1:]:
        maximum[day] = f"{total}点（{short_date(day)}～）"
    rows = []
    previous_group = None
    for index, item in enumerate(items):
        group = item.group if item.group != previous_group else ""
        previous_group = item.group
        cell = maximum[None] if index == 0 else maximum.get(item.added_on, "") \
            if item.added_on else ""
        rows.append((group, item.name, f"{item.points}点", cell))
    title = page.evaluation_title or f"{format_date(datetime.date(fy, 4, 1), 'month')}以降の主観評価項目"
    # Fixed column widths (a GroupedTable without groups): Word keeps the names' column wide.
    doc.add(GroupedTable(("区分", "主観評価項目名", "主観点", "最大"), tuple(rows),
                         widths=(3, 9, 1.5, 3.4), numeric=frozenset({2}), caption=f"【{title}】"))


def _notes(text: str) -> list:
    block = rich(text)
    return [block] if block else []


def contract_items(fy: int, page) -> list:
    """【参考】 the contract table of the year and the one before, the subsidised projects'
    table, each with the notes the city prints under it (an empty list when no figures)."""
    from shisaku.stats import report as stats_report
    from shisaku.stats.procurement import CATEGORIES, CONTRACTS, TOTAL
    from shisaku.stats.ratios import number, pct_text
    from shisaku.stats.vocab import COMPANY, CONTRACT

    years = [t for t in (stats_report.procurement_table(y) for y in (fy - 1, fy)) if t]
    items: list = []
    if years:
        rows = []
        for table in years:
            for index, category in enumerate(CATEGORIES):
                label = "契約実績合計" if category == TOTAL else COMPANY.label(category)
                cells = [_year(table.period) if index == 0 else "", label]
                for contract in CONTRACTS:
                    c = table.cell(category, contract)
                    cells += [number(c.count), _share(c.count_share, table.places, pct_text),
                              number(c.amount), _share(c.amount_share, table.places, pct_text)]
                rows.append(tuple(cells))
        groups = (("年度", 1), ("種別・規模等", 1)) + tuple(
            ("合計" if contract == TOTAL else CONTRACT.label(contract), 4)
            for contract in CONTRACTS)
        header = ("年度", "種別・規模等") + ("契約件数", "割合", "契約金額", "割合") * len(CONTRACTS)
        items.append(Para("【参考】"))
        items.append(GroupedTable(
            header, tuple(rows), widths=CONTRACT_WIDTHS, numeric=frozenset(range(2, len(header))),
            caption=f"{format_fy(fy, 'era')}実績：規模等・種別契約実績割合（単位：件、百万円）",
            groups=groups, size=TABLE_SIZE))
        if page is not None:
            items.extend(_notes(page.contract_notes))
    subsidised = stats_report.subsidised_contracts(fy - 1) + stats_report.subsidised_contracts(fy)
    if subsidised:
        items.append(Para(f"{format_fy(fy, 'era')}実績：補助金等交付事業に係る市内中小企業者への"
                          "優先発注契約実績割合（単位：件、百万円）"))
        if page is not None:
            items.extend(_notes(page.subsidised_intro))
        rows, previous = [], None
        from shisaku.stats.vocab import SUBSIDY_SCOPE

        for r in subsidised:
            places = r.period.dataset.percent_places
            rows.append((_year(r.period) if r.period != previous else "",
                         SUBSIDY_SCOPE.label(r.scope), number(r.count),
                         _share(r.count_share, places, pct_text), number(r.amount),
                         _share(r.amount_share, places, pct_text)))
            previous = r.period
        items.append(GroupedTable(
            ("年度", "範囲", "", "割合", "", "割合"), tuple(rows),
            widths=(1.6, 2.6, 1.3, 1.1, 1.3, 1.1), numeric=frozenset({2, 3, 4, 5}),
            groups=(("年度", 1), ("範囲", 1), ("契約件数", 2), ("契約金額", 2)),
            size=TABLE_SIZE + 1))
        if page is not None:
            items.extend(_notes(page.subsidised_notes))
    return items


def _share(share, places: int, pct_text) -> str:
    # A column's own total prints as the city prints it: 100%.
    if share is not None and share.rounded(places) == 100:
        return "100%"
    return pct_text(share, places)


def _year(period) -> str:
    """令和3年度, as the city's tables name a fiscal year (the period's key is the FY)."""
    try:
        return format_fy(int(period.key), "era")
    except ValueError:
        return period.label
