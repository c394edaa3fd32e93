"""What every section of the documents shares: the report's title, narrative text."""

from shisaku.lib import richtext
from shisaku.lib.era import format_date

from ..data import ReportData
from ..document import Document, Heading, Rich

REPORT_TITLE = "中小企業活性化施策実施状況報告書"

def rich(text: str) -> Rich | None:
    if not (text or "").strip():
        return None
    return Rich(tuple(richtext.parse_stored(text)))

def add_section(doc: Document, title: str, text: str) -> None:
    narrative = rich(text)
    if narrative is None:
        return
    doc.add(Heading(title, level=4, in_toc=False), narrative)

def ordinance_title(data: ReportData) -> str:
    return data.ordinance.title if data.ordinance else "中小企業活性化条例"

def publication(data: ReportData) -> str:
    return format_date(data.as_of, "month") if data.cycle.published_on else "（未公表）"
