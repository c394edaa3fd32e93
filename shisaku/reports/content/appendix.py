"""The ordinance printed as the report's appendix."""

from ..data import ReportData
from ..document import Document, Heading, Para


def appendix(doc: Document, data: ReportData) -> None:
    if data.ordinance is None:
        return
    doc.add(Heading(f"（参考）{data.ordinance.title}", level=1, page_break=True))
    for article in data.ordinance.articles.all():
        doc.add(Para(f"（{article.title}）", "small"),
                Para(article.text or f"第{article.number}条", "body"))
