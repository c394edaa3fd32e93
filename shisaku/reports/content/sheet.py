"""A verified project's pages: plan, indicators, Do, Check and Action."""

from shisaku.lib.era import format_fy
from shisaku.sheets.achievement import rating_labels
from shisaku.sheets.presentation import actual_text, cells, number

from ..data import ReportData
from ..document import Document, Heading, Para, Table
from .common import add_section


def indicator_tables(doc: Document, sheet, data: ReportData) -> None:
    fy = data.fiscal_year
    years = [fy - 1, fy]
    indicators = list(sheet.project.indicators.all())
    if not indicators:
        doc.add(Para("成果・活動指標は登録されていません。", "note"))
        doc.warnings.append(f"{sheet.project.name}: 成果・活動指標が未登録")
        return
    for indicator in indicators:
        row_cells = cells(indicator, years, data.cycle.bands)
        unit = f"（{indicator.unit}）" if indicator.unit else ""
        rows = []
        if not indicator.is_reference:
            rows.append(("目標" + unit,) + tuple(
                number(c.value.target) if c.value else "" for c in row_cells))
        label = ("【参考】" if indicator.is_reference else "") + "実績" + unit
        rows.append((label,) + tuple(actual_text(c.value) for c in row_cells))
        if not indicator.is_reference:
            rows.append(("達成率",) + tuple(c.rate_text if c.value else "" for c in row_cells))
            labels = rating_labels()
            rows.append(("評価",) + tuple(labels[c.rating] if c.value else "" for c in row_cells))
        doc.add(Table(("",) + tuple(format_fy(y, "short") for y in years), tuple(rows),
                      widths=(2, 3, 3), numeric=frozenset({1, 2}),
                      caption=f"・{indicator.name}"))

def check_action(doc: Document, opinions, title_suffix: str = "") -> None:
    if not opinions:
        return
    next_fy = format_fy(opinions[0].cycle.fiscal_year + 1, "era")
    rows = []
    for opinion in opinions:
        response = getattr(opinion, "response", None)
        rows.append((opinion.label, opinion.text,
                     f"{response.label}{response.text}" if response else "（対応未記入）"))
    doc.add(Heading(f"主な検証意見 Check ／ {next_fy}以降の対応 Action{title_suffix}", level=4,
                    in_toc=False),
            Table(("番号", "主な検証意見", "対応"), tuple(rows), widths=(1, 8, 8)))

def sheet_pages(doc: Document, sheet, data: ReportData, closes_group: bool,
           new_page: bool = True) -> None:
    fy = data.fiscal_year
    doc.add(Heading(sheet.project.heading, level=3, label=f"p-{sheet.project_id}",
                    page_break=new_page))
    add_section(doc, "施策における目標", sheet.goal)
    add_section(doc, "事業計画 Plan", sheet.plan)
    add_section(doc, "主な取組", sheet.activities)
    doc.add(Heading("主な成果・活動指標", level=4, in_toc=False))
    indicator_tables(doc, sheet, data)
    add_section(doc, "主な成果・活動指標に関する補足事項", sheet.indicator_notes)
    add_section(doc, f"事業の実施状況 Do（{format_fy(fy, 'era')}の実績）", sheet.do_text)
    if data.final_year:
        add_section(doc, "実行プログラムの実績・成果　①主な実績・成果", sheet.program_results)
        add_section(doc, "②課題", sheet.program_issues)
    check_action(doc, data.opinions_by_sheet.get(sheet.pk, []))
    if closes_group:
        check_action(doc, data.opinions_by_group.get(sheet.project.group, []),
                      f"（{sheet.project.group}）")
    add_section(doc, f"{format_fy(fy + 1, 'era')}の実施計画", sheet.next_plan)
    if sheet.state != "published" and sheet.state != "confirmed":
        doc.warnings.append(f"{sheet.project.name}: シートが{sheet.get_state_display()}のまま")
