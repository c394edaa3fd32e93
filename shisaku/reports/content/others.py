"""その他の事業: the projects not verified this year, grouped by article."""

from collections import defaultdict

from shisaku.lib.era import format_fy

from ..data import ReportData
from ..document import Document, Heading, Para, Table


def other_projects(doc: Document, data: ReportData) -> None:
    fy = data.fiscal_year
    doc.add(Heading("その他の事業（第12条から第18条）", level=2, page_break=True))
    if not data.others:
        doc.add(Para("該当する事業はありません。", "note"))
        return
    by_article = defaultdict(list)
    for sheet in data.others:
        by_article[data.article_of(sheet)].append(sheet)
    for article in [a for a in data.articles if a in by_article] + (
            [None] if None in by_article else []):
        title = f"{article.number}条 {article.title}" if article else "条文未設定"
        rows = tuple((s.project.name, s.summary_next or "—", s.summary_results or "—")
                     for s in by_article[article])
        doc.add(Table(("事務事業名", f"{format_fy(fy + 1, 'era')}の概要",
                       f"{format_fy(fy, 'era')}の実績"), rows, widths=(3, 6, 6), caption=title))
