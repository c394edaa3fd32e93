"""The section on the city's industry: statistics registered for the year."""

from ..data import ReportData
from ..document import Document, Para
from .industry import section_items


def statistics_section(doc: Document, data: ReportData) -> None:
    # The report's date: only figures released on or before it are printed.
    items = section_items(data.fiscal_year, data.as_of)
    if items:
        doc.add(*items)
        return
    doc.add(Para("※ 市内産業の統計データが登録されていないため、この節は掲載していません。"
                 "統計（経済センサス等）を登録すると自動で掲載されます。", "note"))
    doc.warnings.append("市内産業の現状（統計）が未登録")
