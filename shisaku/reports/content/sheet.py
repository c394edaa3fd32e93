"""A verified project's pages: plan, indicators, Do, program results, Check and Action.

The headings are the city's own (seed 002): 事業の実施状況 Do, 第2期実行プログラムの実績・成果
〔平成30（2018）年度～令和3（2021）年度〕 with ①主な実績・成果 and ②課題, then 主な検証意見
Check and 令和4年度以降の対応 Action as two numbered sections. Achievement and rating rows
are printed only when the city's report profile says so (Kawasaki never published them).
"""

from shisaku.lib.era import format_fy
from shisaku.sheets import sections
from shisaku.sheets.achievement import rating_labels
from shisaku.sheets.presentation import actual_text, cells, target_text

from ..data import ReportData
from ..document import Document, Heading, Para, Table
from ..models import ReportProfile
from .common import add_section, rich

CHECK = "主な検証意見 Check"


def has_content(sheet) -> bool:
    """Whether the sheet carries anything to print (a text or an indicator)."""
    texts = (getattr(sheet, name) for name in sections.PAGE_FIELDS)
    return any((t or "").strip() for t in texts) or bool(sheet.project.indicators.all())


def indicator_tables(doc: Document, sheet, data: ReportData, profile: ReportProfile) -> None:
    fy = data.fiscal_year
    years = [fy - 1, fy]
    indicators = list(sheet.project.indicators.all())
    if not indicators:
        doc.add(Para("成果・活動指標は登録されていません。", "note"))
        doc.warnings.append(f"{sheet.project.name}: 成果・活動指標が未登録")
        return
    ratings = profile.shows("achievement")
    for indicator in indicators:
        row_cells = cells(indicator, years, data.cycle.bands)
        unit = f"（{indicator.unit}）" if indicator.unit else ""
        rows = []
        if not indicator.is_reference:
            rows.append(("目標" + unit,) + tuple(target_text(c.value, "report") for c in row_cells))
        label = ("【参考】" if indicator.is_reference else "") + "実績" + unit
        rows.append((label,) + tuple(actual_text(c.value, "report") for c in row_cells))
        if ratings and not indicator.is_reference:
            rows.append(("達成率",) + tuple(c.rate_text if c.value else "" for c in row_cells))
            labels = rating_labels()
            rows.append(("評価",) + tuple(labels[c.rating] if c.value else "" for c in row_cells))
        doc.add(Table(("",) + tuple(format_fy(y, "short") for y in years), tuple(rows),
                      widths=(2, 3, 3), numeric=frozenset({1, 2}),
                      caption=f"・{indicator.name}"))


def check_action(doc: Document, opinions, profile: ReportProfile, title_suffix: str = "") -> None:
    """The council's opinions and the responses: two numbered sections (the city's layout),
    or one table side by side when the profile asks for it."""
    if not opinions:
        return
    next_fy = format_fy(opinions[0].cycle.fiscal_year + 1, "era")
    action = f"{next_fy}以降の対応 Action"
    if profile.shows("side_by_side"):
        rows = []
        for opinion in opinions:
            response = getattr(opinion, "response", None)
            rows.append((opinion.label, opinion.text,
                         f"{response.label}{response.text}" if response else "（対応未記入）"))
        doc.add(Heading(f"{CHECK} ／ {action}{title_suffix}", level=4, in_toc=False),
                Table(("番号", "主な検証意見", "対応"), tuple(rows), widths=(1, 8, 8)))
        return
    doc.add(Heading(f"{CHECK}{title_suffix}", level=4, in_toc=False),
            *(Para(f"{opinion.label}{opinion.text}") for opinion in opinions))
    doc.add(Heading(f"{action}{title_suffix}", level=4, in_toc=False))
    for opinion in opinions:
        response = getattr(opinion, "response", None)
        if response is None:
            doc.add(Para(f"{opinion.label}（対応未記入）", "note"))
        else:
            doc.add(Para(f"{response.label}{response.text}"))


def program_heading(program) -> str:
    """第2期実行プログラムの実績・成果〔平成30（2018）年度～令和3（2021）年度〕"""
    if program is None:
        return "実行プログラムの実績・成果"
    return (f"{program.name}の実績・成果〔{format_fy(program.first_fy)}～"
            f"{format_fy(program.last_fy)}〕")


def sheet_pages(doc: Document, sheet, data: ReportData, closes_group: bool,
                new_page: bool = True, *, profile: ReportProfile, program=None) -> None:
    """`program`: the execution program ending this FY (its results print in its last year)."""
    fy = data.fiscal_year
    doc.add(Heading(sheet.project.heading, level=3, label=f"p-{sheet.project_id}",
                    page_break=new_page))
    if not has_content(sheet):
        # A verified sheet nobody filled in: marked in the preview, and it blocks publication.
        doc.add(Para("【未入力】このシートには内容が入力されていません。"
                     "公表するには、所管課の入力と企画課の確認が必要です。", "note"))
        doc.warnings.append(f"{sheet.project.name}: 検証対象のシートが未入力（公表できません）")
    else:
        for name in sections.TEXTS_BEFORE_GRID:
            add_section(doc, sections.heading(name, fy), getattr(sheet, name))
        doc.add(Heading("主な成果・活動指標", level=4, in_toc=False))
        indicator_tables(doc, sheet, data, profile)
        add_section(doc, sections.heading("indicator_notes"), sheet.indicator_notes)
        if (sheet.do_text or "").strip():
            doc.add(Heading(sections.heading("do_text"), level=4, in_toc=False),
                    Para(f"{format_fy(fy, 'era')}の実績", "lead"))
            doc.add(*_rich(sheet.do_text))
        if data.final_year and ((sheet.program_results or "").strip()
                                or (sheet.program_issues or "").strip()):
            doc.add(Heading(program_heading(program), level=4, in_toc=False))
            for name in sections.FINAL_YEAR_FIELDS:
                _numbered_part(doc, sections.heading(name), getattr(sheet, name))
    check_action(doc, data.opinions_by_sheet.get(sheet.pk, []), profile)
    if closes_group:
        check_action(doc, data.opinions_by_group.get(sheet.project.group, []), profile,
                     f"（{sheet.project.group}）")
    add_section(doc, sections.heading("next_plan", fy), sheet.next_plan)
    if sheet.state != "published" and sheet.state != "confirmed":
        doc.warnings.append(f"{sheet.project.name}: シートが{sheet.get_state_display()}のまま")


def _rich(text: str) -> tuple:
    narrative = rich(text)
    return (narrative,) if narrative is not None else ()


def _numbered_part(doc: Document, label: str, text: str) -> None:
    narrative = _rich(text)
    if narrative:
        doc.add(Para(label, "lead"), *narrative)
