"""はじめに: the ordinance and the measures it names."""

from shisaku.lib.articles import format_article
from shisaku.lib.era import format_date

from ..data import ReportData
from ..document import Document, Heading, Para, Table
from .common import ordinance_title


def introduction(doc: Document, data: ReportData, heading: str = "はじめに") -> None:
    title = ordinance_title(data)
    in_force = (format_date(data.ordinance.in_force_on)
                if data.ordinance and data.ordinance.in_force_on else "")
    doc.add(Heading(heading, level=1),
            Para(f"本市は、中小企業の活性化を市内経済の発展の柱と位置付け、"
                 f"{in_force + '、' if in_force else ''}「{title}」を施行しました。"
                 "この条例は、市・中小企業者・関係団体・市民がそれぞれの役割を持ち寄って中小企業の"
                 "活性化に取り組むことを定めています。"),
            Para("条例は、次の8つの施策を柱とし、産業振興プランを実施計画として位置付けています。"
                 "また、毎年度、施策の実施状況を産業振興協議会の意見を聴いて検証し（第22条）、"
                 "その結果を公表する（第23条）ことを定めています。本書はこの公表にあたるものです。"),
            Table(("条文", "中小企業活性化施策"),
                  tuple((format_article(a.number), a.title) for a in data.articles), widths=(1, 6)))
