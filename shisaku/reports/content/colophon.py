"""The colophon: who edits and publishes the report."""

from shisaku.lib.era import format_fy

from ..data import ReportData
from ..document import Box, Document, PageBreak, Para
from .common import REPORT_TITLE, publication


def colophon(doc: Document, data: ReportData) -> None:
    city = data.city
    if city is None:
        doc.warnings.append("市の設定（連絡先）が未登録")
        return
    lines = [f"{format_fy(data.fiscal_year, 'era')} {REPORT_TITLE}", f"{publication(data)}発行",
             f"編集・発行 {city.city_name}{city.bureau_name}{city.planning_division}",
             city.address, " ".join(x for x in (f"電話 {city.phone}" if city.phone else "",
                                                f"FAX {city.fax}" if city.fax else "") if x)]
    doc.add(PageBreak(), Box(tuple(Para(line, "small") for line in lines if line)))
