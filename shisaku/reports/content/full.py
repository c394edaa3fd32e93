"""The full report, section by section in the order and with the headings of the city's
report profile (Kawasaki's by default: seed 002's contents list)."""

from dataclasses import replace

from shisaku.lib.era import format_fy
from shisaku.sheets.years import program_for

from .. import profile as report_profile
from ..data import ReportData
from ..document import Cover, Document, Heading, Para, Toc
from ..models import ReportProfile
from .appendix import appendix
from .colophon import colophon
from .common import REPORT_TITLE, ordinance_title, publication
from .council import meetings, rosters
from .introduction import introduction
from .others import other_projects
from .procurement import procurement_page
from .project_list import counted_projects, main_opinions, project_list
from .ratings import rating_figure
from .sheet import sheet_pages
from .statistics import statistics_section


def build_full(data: ReportData, profile: ReportProfile | None = None) -> Document:
    profile = profile or report_profile.current()
    fy = data.fiscal_year
    city = data.city.city_name if data.city else ""
    doc = Document(title=f"{format_fy(fy, 'era')} {REPORT_TITLE}", kind="full", fiscal_year=fy,
                   header=f"{format_fy(fy, 'era')} {REPORT_TITLE}")
    doc.add(Cover((format_fy(fy, "era"), f"「{ordinance_title(data)}」に基づく"), REPORT_TITLE,
                  publication(data), city), Toc())
    for section in report_profile.plan(profile, fy):
        SECTIONS[section.key](doc, data, section.heading, profile)
    colophon(doc, data)
    return doc


def _introduction(doc: Document, data: ReportData, heading: str, profile) -> None:
    introduction(doc, data, heading)


def _statistics(doc: Document, data: ReportData, heading: str, profile) -> None:
    doc.add(Heading(heading, level=1, page_break=True))
    start = len(doc.items)
    statistics_section(doc, data)
    # The contents list numbers the parts of this chapter: (1) 産業構造 … (5).
    index = 0
    for position in range(start, len(doc.items)):
        item = doc.items[position]
        if isinstance(item, Heading) and item.level == 2:
            index += 1
            doc.items[position] = replace(
                item, text=report_profile.numbered_subheading(profile, index, item.text))


def _council(doc: Document, data: ReportData, heading: str, profile) -> None:
    doc.add(Heading(heading, level=1, page_break=True),
            Para("施策の検証は、産業振興協議会と、その中に置かれた中小企業活性化専門部会が担います。"
                 "専門部会がヒアリングや現場視察を通じて検証し、その内容を協議会に報告して"
                 "協議会としての意見をまとめます。"))
    rosters(doc, data)
    meetings(doc, data)


def _implementation(doc: Document, data: ReportData, heading: str, profile) -> None:
    fy = data.fiscal_year
    doc.add(Heading(heading, level=1, page_break=True),
            Para(f"{format_fy(fy, 'era')}は、{counted_projects(data)}事業"
                 f"{'と受注機会の増大等に関する取組' if data.cycle.verify_procurement else ''}"
                 "を検証の対象としました。条文ごとの検証対象事業と掲載頁は次のとおりです。"))
    if not data.verified:
        doc.add(Para("※ この年度には検証対象の事業シートがありません。", "note"))
        doc.warnings.append("検証対象の事業シートがない")
    project_list(doc, data)
    if profile.shows("ratings"):
        doc.add(rating_figure(data))
    main_opinions(doc, data)
    articles(doc, data, profile)
    if data.cycle.verify_procurement:
        procurement_page(doc, data, profile)
    other_projects(doc, data)


def articles(doc: Document, data: ReportData, profile: ReportProfile) -> None:
    """One heading per article, its verified sheets after it. A sheet the year's source
    (a past report brought in) did not carry is named plainly, never printed empty."""
    program = program_for(data.fiscal_year) if data.final_year else None
    sheets = data.verified
    last_of_group = {s.project.group: i for i, s in enumerate(sheets) if not s.source_missing}
    page_open = False  # an article heading opened the page: its first sheet follows on it
    for index, sheet in enumerate(sheets):
        article = data.article_of(sheet)
        starts_article = index == 0 or data.article_of(sheets[index - 1]) != article
        if starts_article:
            if article is not None:
                doc.add(Heading(f"{article.label} {article.title}", level=2,
                                page_break=True))
            page_open = article is not None
            lacking = [s.project.heading for s in sheets
                       if s.source_missing and data.article_of(s) == article]
            if lacking:
                doc.add(Para(source_lacks(data, lacking), "note"))
        if sheet.source_missing:
            continue
        group = sheet.project.group
        # The group's Check and Action follow its last printed sheet.
        closes_group = bool(group) and last_of_group.get(group) == index
        sheet_pages(doc, sheet, data, closes_group, new_page=not page_open,
                    profile=profile, program=program)
        page_open = False


def source_lacks(data: ReportData, names: list[str]) -> str:
    source = data.cycle.recorded_from or "この年度の記録の出典"
    return (f"※ 次の検証対象事業のシートは、{source}に掲載されていないため、本書には載せていません："
            + "、".join(names))


def _appendix(doc: Document, data: ReportData, heading: str, profile) -> None:
    appendix(doc, data)


SECTIONS = {"introduction": _introduction, "statistics": _statistics, "council": _council,
            "implementation": _implementation, "appendix": _appendix}
