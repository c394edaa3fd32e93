"""The page on article 19 (orders from the city to SMEs)."""

from ..data import ReportData
from ..document import Document, Heading, Para


def procurement_page(doc: Document, data: ReportData) -> None:
    doc.add(Heading("第19条 受注機会の増大等", level=2, label="art-19", page_break=True))
    try:
        from shisaku.stats import report as stats_report
    except ImportError:
        stats_report = None
    builder = getattr(stats_report, "procurement_section", None) if stats_report else None
    items = builder(data.fiscal_year) if builder else None
    if items:
        doc.add(*items)
    else:
        doc.add(Para("※ 調達実績（契約件数・金額）が登録されていないため、表は掲載していません。",
                     "note"))
        doc.warnings.append("第19条の調達実績が未登録")
