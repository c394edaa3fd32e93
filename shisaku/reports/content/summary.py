"""The summary (概要版): the report's substance on a few pages.

What the city verified and what it will do: the ordinance and the verification set-up, the
meetings of the year, the verified projects per article, and per article the main opinions
with the city's answer (今後の取組). No rating chart: the city never published one (optional
content, see the report profile).
"""

from shisaku.lib.era import format_date, format_fy

from ..data import ReportData
from ..document import Document, Heading, Para, Table
from .common import REPORT_TITLE, ordinance_title
from .press import main_efforts


def build_summary(data: ReportData) -> Document:
    fy = data.fiscal_year
    doc = Document(title=f"{format_fy(fy, 'era')} {REPORT_TITLE}【概要版】", kind="summary",
                   fiscal_year=fy, header=f"{REPORT_TITLE}【概要版】")
    procurement = "と受注機会の増大等の取組" if data.cycle.verify_procurement else ""
    doc.add(Heading(f"{format_fy(fy, 'era')} {REPORT_TITLE}【概要版】", level=1, in_toc=False),
            Para(f"「{ordinance_title(data)}」第23条に基づき、{format_fy(fy)}の中小企業活性化施策の"
                 f"実施状況と、附属機関による検証の結果、それを受けた今後の取組をまとめました。"
                 f"検証の対象は{len(data.verified)}事業{procurement}です。", "lead"))
    _verification(doc, data)
    _projects(doc, data)
    _opinions(doc, data)
    return doc


def _verification(doc: Document, data: ReportData) -> None:
    doc.add(Heading("1 検証の体制", level=2),
            Para("産業振興協議会の中小企業活性化専門部会が、事業を所管する課へのヒアリングや"
                 "現場の視察を通じて施策の実施状況を検証し、協議会がその結果を意見として"
                 "まとめました。"))
    if data.meetings:
        # The agenda column only when some meeting has one (the demo's have none).
        agenda = any(m.agenda.strip() for m in data.meetings)
        rows = tuple((format_date(m.held_on) if m.held_on else "—", str(m))
                     + ((m.agenda.replace("\n", " "),) if agenda else ())
                     for m in data.meetings)
        doc.add(Table(("開催日", "会議") + (("内容",) if agenda else ()), rows,
                      widths=(2.2, 4, 6) if agenda else (1, 3)))

def _projects(doc: Document, data: ReportData) -> None:
    rows = []
    for article in data.articles:
        names = main_efforts(data, article)
        if names:
            rows.append((article.label, article.title, str(len(names)), "\n".join(names)))
    doc.add(Heading("2 検証した事業", level=2))
    if rows:
        doc.add(Table(("条文", "施策", "事業数", "検証した事業"), tuple(rows),
                      widths=(1.3, 2.6, 1, 6), numeric=frozenset({2})))
    else:
        doc.add(Para("※ この年度には検証対象の事業シートがありません。", "note"))
        doc.warnings.append("検証対象の事業シートがない")


def summary_rows(data: ReportData) -> list[tuple]:
    """Per main opinion: (article, order, opinion text, the city's answer or "")."""
    rows = []
    for article in data.articles:
        for index, main in enumerate(data.main_opinions.get(article.pk, []), 1):
            response = getattr(main.opinion, "response", None) if main.opinion else None
            rows.append((article, index, main.text, response.text if response else ""))
    return rows


def _opinions(doc: Document, data: ReportData) -> None:
    doc.add(Heading("3 条文ごとの主な検証意見と今後の取組", level=2))
    rows = summary_rows(data)
    if not rows:
        doc.add(Para("※ 条文ごとの主な検証意見が登録されていません。", "note"))
        doc.warnings.append("条文ごとの主な検証意見が未登録")
        return
    for article in data.articles:
        mine = [(text, answer or "—") for a, _i, text, answer in rows if a == article]
        if mine:
            doc.add(Heading(f"{article.label} {article.title}", level=3),
                    Table(("主な検証意見", "今後の取組"), tuple(mine), widths=(1, 1)))
