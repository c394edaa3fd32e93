"""The full report, section by section in the city's order."""

from shisaku.lib.era import format_fy

from ..data import ReportData
from ..document import Cover, Document, Heading, Para, Toc
from .appendix import appendix
from .colophon import colophon
from .common import REPORT_TITLE, ordinance_title, publication
from .council import meetings, rosters
from .introduction import introduction
from .others import other_projects
from .procurement import procurement_page
from .project_list import main_opinions, project_list
from .ratings import rating_figure
from .sheet import sheet_pages
from .statistics import statistics_section


def build_full(data: ReportData) -> Document:
    fy = data.fiscal_year
    city = data.city.city_name if data.city else ""
    doc = Document(title=f"{format_fy(fy, 'era')} {REPORT_TITLE}", kind="full", fiscal_year=fy,
                   header=f"{format_fy(fy, 'era')} {REPORT_TITLE}")
    doc.add(Cover((format_fy(fy, "era"), f"「{ordinance_title(data)}」に基づく"), REPORT_TITLE,
                  publication(data), city), Toc())
    introduction(doc, data)
    doc.add(Heading("市内産業の現状", level=1, page_break=True))
    statistics_section(doc, data)
    doc.add(Heading("中小企業活性化施策の検証体制等", level=1, page_break=True),
            Para("施策の検証は、産業振興協議会と、その中に置かれた中小企業活性化専門部会が担います。"
                 "専門部会がヒアリングや現場視察を通じて検証し、その内容を協議会に報告して"
                 "協議会としての意見をまとめます。"))
    rosters(doc, data)
    meetings(doc, data)
    doc.add(Heading(f"{format_fy(fy)}中小企業活性化施策の実施状況", level=1, page_break=True),
            Para(f"{format_fy(fy, 'era')}は、{len(data.verified)}事業"
                 f"{'と受注機会の増大等に関する取組' if data.cycle.verify_procurement else ''}"
                 "を検証の対象としました。条文ごとの検証対象事業と掲載頁は次のとおりです。"))
    if not data.verified:
        doc.add(Para("※ この年度には検証対象の事業シートがありません。", "note"))
        doc.warnings.append("検証対象の事業シートがない")
    project_list(doc, data)
    doc.add(rating_figure(data))
    main_opinions(doc, data)
    sheets = data.verified
    for index, sheet in enumerate(sheets):
        article = data.article_of(sheet)
        starts_article = index == 0 or data.article_of(sheets[index - 1]) != article
        if starts_article and article is not None:
            doc.add(Heading(f"第{article.number}条 {article.title}", level=2, page_break=True))
        group = sheet.project.group
        closes_group = bool(group) and (index + 1 == len(sheets)
                                        or sheets[index + 1].project.group != group)
        # The article heading opens the page; its first sheet follows on the same page.
        sheet_pages(doc, sheet, data, closes_group, new_page=not (starts_article and article))
    if data.cycle.verify_procurement:
        procurement_page(doc, data)
    other_projects(doc, data)
    appendix(doc, data)
    colophon(doc, data)
    return doc
