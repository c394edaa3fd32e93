"""The press release (報道発表資料)."""

from shisaku.lib.era import format_date, format_fy

from ..data import ReportData
from ..document import Box, Document, Heading, Para, Table
from .common import REPORT_TITLE, ordinance_title


def build_press(data: ReportData) -> Document:
    fy = data.fiscal_year
    city = data.city
    doc = Document(title=f"{format_fy(fy, 'era')} {REPORT_TITLE}の公表について", kind="press",
                   fiscal_year=fy, header="報道発表資料")
    doc.add(Para(f"{format_date(data.as_of)}", "right"),
            Para(f"{city.city_name}{city.bureau_name}" if city else "", "right"),
            Heading(f"「{format_fy(fy, 'era')} {REPORT_TITLE}」を公表します", level=1, in_toc=False),
            Para(f"本市では「{ordinance_title(data)}」に基づき、中小企業活性化施策の実施状況を"
                 f"毎年度検証しています。{format_fy(fy, 'era')}は{len(data.verified)}事業"
                 f"{'と受注機会の増大等の取組' if data.cycle.verify_procurement else ''}を検証し、"
                 "その結果を報告書にまとめました。", "lead"),
            Heading("1 条文ごとの主な取組", level=2, in_toc=False))
    rows = []
    for article in data.articles:
        names = [s.project.name for s in data.verified if data.article_of(s) == article]
        if article.number == 19 and data.cycle.verify_procurement:
            names.append("本市の調達等の取組")
        if names:
            rows.append((f"第{article.number}条 {article.title}", "、".join(names)))
    doc.add(Table(("条文", "検証した主な事業"), tuple(rows), widths=(2, 3)))
    answered = [m for ms in data.main_opinions.values() for m in ms
                if m.opinion and getattr(m.opinion, "response", None)]
    # Prefer an opinion whose response was already followed up: it shows the cycle closing.
    example = next((m for m in answered if getattr(m.opinion.response, "follow_up", None)),
                   answered[0] if answered else None)
    doc.add(Heading("2 検証意見と本市の対応（例）", level=2, in_toc=False))
    if example:
        response = example.opinion.response
        follow = getattr(response, "follow_up", None)
        doc.add(Table(None, (("検証意見", example.text), ("本市の対応", response.text)) + (
            (("その後の取組", f"{follow.get_status_display()}　{follow.note}"),) if follow else ()),
            widths=(1, 4)))
    else:
        doc.add(Para("※ 対応の記入された主な検証意見がまだありません。", "note"))
        doc.warnings.append("報道発表に載せる意見と対応がない")
    if city:
        doc.add(Box((Para("問合せ先", "body"),
                     Para(f"{city.city_name}{city.bureau_name}{city.planning_division}", "body"),
                     Para(" ".join(x for x in (f"電話 {city.phone}" if city.phone else "",
                                               f"FAX {city.fax}" if city.fax else "") if x),
                          "body"))))
    return doc
