"""The press release (報道発表資料), modelled on the city's own (seed 004).

Its parts, in the city's order: the label, date and issuing bureau; a title and a lead with
the number of projects verified; the ordinance's features and its verification cycle; the
eight measures of the ordinance; per article, the year's main efforts, the main verification
opinion and what the city will do next (主な取組 / 主な検証意見 / 今後の取組); where the
report is published; the contact. Only what the report itself holds is printed: a follow-up
recorded in a later year is not part of this year's release.
"""

from shisaku.lib.era import format_date, format_fy

from ..data import ReportData
from ..document import Box, Document, Heading, Para, Table
from .common import REPORT_TITLE, ordinance_title

MAIN_EFFORTS = 4  # the city lists a few efforts per article, then 等
PROCUREMENT = "本市の調達等の取組"

CYCLE = (
    ("Plan", "総合計画と連動した産業振興の計画で、中小企業活性化の施策を定めます。"),
    ("Do", "計画に沿って施策を進めます。"),
    ("Check", "産業振興協議会が施策の実施状況を検証します。"),
    ("Action", "検証結果をもとに改善し、翌年度以降の事業に反映します。"),
)


def _fy(data: ReportData, fiscal_year: int | None = None) -> str:
    return format_fy(fiscal_year or data.fiscal_year, "era")


def build_press(data: ReportData) -> Document:
    fy = data.fiscal_year
    doc = Document(title=f"{_fy(data)}{REPORT_TITLE}を作成しました", kind="press",
                   fiscal_year=fy, header="報道発表資料")
    _masthead(doc, data)
    _features(doc, data)
    _measures(doc, data)
    _article_table(doc, data)
    _where_and_who(doc, data)
    return doc


def _masthead(doc: Document, data: ReportData) -> None:
    city = data.city
    issuer = f"{city.city_name}（{city.bureau_name}）" if city else ""
    count = len(data.verified)
    themes = [a.title for a in data.articles
              if any(data.article_of(s) == a for s in data.verified)][:3]
    themes_text = f"{'、'.join(themes)}等に関する" if themes else ""
    procurement = "と受注機会の増大等の取組" if data.cycle.verify_procurement else ""
    doc.add(Para(format_date(data.as_of), "right"),
            Para("報道発表資料", "right"),
            Para(issuer, "right"),
            Heading(doc.title, level=1, in_toc=False),
            Para(f"「{ordinance_title(data)}」に基づいて{_fy(data)}に実施した中小企業活性化施策"
                 "について、実施状況、附属機関による検証の結果、それを受けた今後の対応を"
                 f"報告書にまとめました。{_fy(data)}は、{themes_text}全{count}事業{procurement}"
                 "を検証しました。", "lead"),
            Para("附属機関の意見は、今後の施策に反映していきます。", "lead"))


def _features(doc: Document, data: ReportData) -> None:
    ordinance = data.ordinance
    since = (f"{format_date(ordinance.in_force_on, 'month')}に施行した"
             if ordinance and ordinance.in_force_on else "")
    city = data.city.city_name if data.city else "本市"
    doc.add(Heading(f"「{ordinance_title(data)}」の特徴と取組", level=2, in_toc=False),
            Para(f"{city}は、中小企業を地域経済の担い手と位置付け、市・事業者・市民が協力して"
                 f"その活性化を進めるため、{since}この条例に基づいて施策を体系的に進めています。"),
            Para("条例が掲げる中小企業活性化施策の実施状況は、学識者と市内の産業関係団体が"
                 "参加する附属機関「産業振興協議会」が毎年度検証し、市はその結果を施策の改善に"
                 "生かしています。"),
            Table(("段階", "内容"), CYCLE, widths=(1, 5)))


def _measures(doc: Document, data: ReportData) -> None:
    if not data.articles:
        return
    doc.add(Para(f"※ 条例が定める{len(data.articles)}つの中小企業活性化施策", "small"),
            Table(None, tuple((a.label, a.title) for a in data.articles), widths=(1, 5)))


def main_efforts(data: ReportData, article) -> list[str]:
    """The year's verified projects under `article`, as the release lists them."""
    names = [s.project.name for s in data.verified if data.article_of(s) == article]
    if article.is_procurement and data.cycle.verify_procurement:
        names.append(PROCUREMENT)
    return names


def main_opinion(data: ReportData, article):
    """The article's first main opinion that has the city's answer; else its first one."""
    mains = data.main_opinions.get(article.pk, [])
    answered = [m for m in mains if m.opinion and getattr(m.opinion, "response", None)]
    return (answered or mains or [None])[0]


def press_rows(data: ReportData) -> list[tuple]:
    """Per article with a main opinion: (article, efforts, opinion text, the city's answer)."""
    rows = []
    for article in data.articles:
        main = main_opinion(data, article)
        if main is None:
            continue
        response = getattr(main.opinion, "response", None) if main.opinion else None
        rows.append((article, main_efforts(data, article), main.text,
                     response.text if response else ""))
    return rows


def _bullets(names: list[str]) -> str:
    shown = names[:MAIN_EFFORTS]
    text = "\n".join(f"・{name}" for name in shown)
    return text + (" 等" if len(names) > len(shown) else "")


def _article_table(doc: Document, data: ReportData) -> None:
    fy = data.fiscal_year
    doc.add(Heading("中小企業活性化条例に基づく施策の主な取組", level=2, in_toc=False))
    rows = press_rows(data)
    if not rows:
        doc.add(Para("※ 条文ごとの主な検証意見が登録されていません。", "note"))
        doc.warnings.append("報道発表に載せる条文ごとの主な検証意見がない")
        return
    doc.add(Table(
        ("条文", "施策", f"{_fy(data)}の主な取組", "主な検証意見", f"{_fy(data, fy + 1)}以降の取組"),
        tuple((a.label, a.title, _bullets(efforts), opinion, answer or "—")
              for a, efforts, opinion, answer in rows),
        widths=(1.2, 1.6, 2.4, 3, 3)))
    if any(not answer for *_rest, answer in rows):
        doc.warnings.append("報道発表の主な検証意見に対応が記入されていないものがある")


def _where_and_who(doc: Document, data: ReportData) -> None:
    city = data.city
    if city and city.report_url:
        doc.add(Para("報告書と概要版は、次のページで御覧いただけます。"),
                Para(city.report_url))
    if not city:
        doc.warnings.append("市の設定（問合せ先）が未登録")
        return
    contact = city.press_contact or f"{city.bureau_name}{city.planning_division}"
    phone = city.press_phone or city.phone
    doc.add(Box((Para("問合せ先", "body"),
                 Para(f"{city.city_name}{contact}", "body"),
                 Para(f"電話 {phone}" if phone else "", "body"))))
