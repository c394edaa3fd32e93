"""The summary (概要版)."""

from shisaku.lib.era import format_fy

from ..data import ReportData
from ..document import Document, Heading, Para, Table
from .common import REPORT_TITLE, ordinance_title
from .ratings import rating_figure


def build_summary(data: ReportData) -> Document:
    fy = data.fiscal_year
    doc = Document(title=f"{format_fy(fy, 'era')} {REPORT_TITLE}【概要版】", kind="summary",
                   fiscal_year=fy, header=f"{REPORT_TITLE}【概要版】")
    doc.add(Heading(f"{format_fy(fy, 'era')} {REPORT_TITLE}【概要版】", level=1, in_toc=False),
            Para(f"「{ordinance_title(data)}」第23条に基づき、{format_fy(fy)}の中小企業活性化施策の"
                 f"実施状況をまとめました。検証対象は{len(data.verified)}事業です。", "lead"),
            rating_figure(data))
    for article in data.articles:
        mains = data.main_opinions.get(article.pk, [])
        if not mains:
            continue
        rows = []
        for main in mains:
            response = getattr(main.opinion, "response", None) if main.opinion else None
            rows.append((main.text, response.text if response else "—"))
        doc.add(Heading(f"第{article.number}条 {article.title}", level=2),
                Table(("主な検証意見", "本市の対応"), tuple(rows), widths=(1, 1)))
    if not any(data.main_opinions.values()):
        doc.add(Para("※ 条文ごとの主な検証意見が登録されていません。", "note"))
        doc.warnings.append("条文ごとの主な検証意見が未登録")
    return doc
