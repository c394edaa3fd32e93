"""Builds the three documents (full report, summary, press release) from ReportData."""

from collections import Counter, defaultdict

from shisaku.lib import richtext
from shisaku.lib.charts import rating_chart
from shisaku.lib.era import format_date, format_fy
from shisaku.sheets.achievement import RATING_ORDER, ActualStatus, rating_labels
from shisaku.sheets.presentation import actual_text, cells, number

from .data import ReportData
from .document import Box, Cover, Document, Figure, Heading, PageBreak, Para, Rich, Table, Toc

REPORT_TITLE = "中小企業活性化施策実施状況報告書"


def _rich(text: str) -> Rich | None:
    if not (text or "").strip():
        return None
    return Rich(tuple(richtext.parse_stored(text)))


def _add_section(doc: Document, title: str, text: str) -> None:
    rich = _rich(text)
    if rich is None:
        return
    doc.add(Heading(title, level=4, in_toc=False), rich)


def _ordinance_title(data: ReportData) -> str:
    return data.ordinance.title if data.ordinance else "中小企業活性化条例"


def _publication(data: ReportData) -> str:
    return format_date(data.as_of, "month") if data.cycle.published_on else "（未公表）"


def _indicator_tables(doc: Document, sheet, data: ReportData) -> None:
    fy = data.fiscal_year
    years = [fy - 1, fy]
    indicators = list(sheet.project.indicators.all())
    if not indicators:
        doc.add(Para("成果・活動指標は登録されていません。", "note"))
        doc.warnings.append(f"{sheet.project.name}: 成果・活動指標が未登録")
        return
    for indicator in indicators:
        row_cells = cells(indicator, years, data.cycle.bands)
        unit = f"（{indicator.unit}）" if indicator.unit else ""
        rows = []
        if not indicator.is_reference:
            rows.append(("目標" + unit,) + tuple(
                number(c.value.target) if c.value else "" for c in row_cells))
        label = ("【参考】" if indicator.is_reference else "") + "実績" + unit
        rows.append((label,) + tuple(actual_text(c.value) for c in row_cells))
        if not indicator.is_reference:
            rows.append(("達成率",) + tuple(c.rate_text if c.value else "" for c in row_cells))
            labels = rating_labels()
            rows.append(("評価",) + tuple(labels[c.rating] if c.value else "" for c in row_cells))
        doc.add(Table(("",) + tuple(format_fy(y, "short") for y in years), tuple(rows),
                      widths=(2, 3, 3), numeric=frozenset({1, 2}),
                      caption=f"・{indicator.name}"))


def _check_action(doc: Document, opinions, title_suffix: str = "") -> None:
    if not opinions:
        return
    next_fy = format_fy(opinions[0].cycle.fiscal_year + 1, "era")
    rows = []
    for opinion in opinions:
        response = getattr(opinion, "response", None)
        rows.append((opinion.label, opinion.text,
                     f"{response.label}{response.text}" if response else "（対応未記入）"))
    doc.add(Heading(f"主な検証意見 Check ／ {next_fy}以降の対応 Action{title_suffix}", level=4,
                    in_toc=False),
            Table(("番号", "主な検証意見", "対応"), tuple(rows), widths=(1, 8, 8)))


def _sheet(doc: Document, sheet, data: ReportData, closes_group: bool,
           new_page: bool = True) -> None:
    fy = data.fiscal_year
    doc.add(Heading(sheet.project.heading, level=3, label=f"p-{sheet.project_id}",
                    page_break=new_page))
    _add_section(doc, "施策における目標", sheet.goal)
    _add_section(doc, "事業計画 Plan", sheet.plan)
    _add_section(doc, "主な取組", sheet.activities)
    doc.add(Heading("主な成果・活動指標", level=4, in_toc=False))
    _indicator_tables(doc, sheet, data)
    _add_section(doc, "主な成果・活動指標に関する補足事項", sheet.indicator_notes)
    _add_section(doc, f"事業の実施状況 Do（{format_fy(fy, 'era')}の実績）", sheet.do_text)
    if data.final_year:
        _add_section(doc, "実行プログラムの実績・成果　①主な実績・成果", sheet.program_results)
        _add_section(doc, "②課題", sheet.program_issues)
    _check_action(doc, data.opinions_by_sheet.get(sheet.pk, []))
    if closes_group:
        _check_action(doc, data.opinions_by_group.get(sheet.project.group, []),
                      f"（{sheet.project.group}）")
    _add_section(doc, f"{format_fy(fy + 1, 'era')}の実施計画", sheet.next_plan)
    if sheet.state != "published" and sheet.state != "confirmed":
        doc.warnings.append(f"{sheet.project.name}: シートが{sheet.get_state_display()}のまま")


def _project_list(doc: Document, data: ReportData) -> None:
    rows, labels = [], []
    for article in data.articles:
        sheets = [s for s in data.verified if data.article_of(s) == article]
        if article.number == 19 and data.cycle.verify_procurement:
            rows.append((f"{article.number}条", article.title, "本市の調達等の取組", ""))
            labels.append("art-19")
        for index, sheet in enumerate(sheets):
            rows.append((f"{article.number}条" if index == 0 else "",
                         article.title if index == 0 else "", sheet.project.heading, ""))
            labels.append(f"p-{sheet.project_id}")
    doc.add(Table(("条文", "中小企業活性化施策", "検証対象事業", "頁"), tuple(rows),
                  widths=(1.2, 4, 6, 1), numeric=frozenset({3}), caption="図表 中小企業活性化施策一覧",
                  page_refs={3: "row"}, row_labels=tuple(labels)))


def _main_opinions(doc: Document, data: ReportData) -> None:
    rows = []
    for article in data.articles:
        texts = [m.text for m in data.main_opinions.get(article.pk, [])]
        rows.append((f"{article.number}条", article.title, "\n".join(texts) or "—"))
    doc.add(Heading("条文ごとの主な検証意見", level=2),
            Table(("条文", "中小企業活性化施策", "主な検証意見"), tuple(rows), widths=(1.2, 3.5, 11)))
    if not any(data.main_opinions.values()):
        doc.warnings.append("条文ごとの主な検証意見が未登録")


def _stats_section(doc: Document, data: ReportData) -> None:
    try:
        from shisaku.stats import report as stats_report
    except ImportError:
        stats_report = None
    builder = getattr(stats_report, "report_section", None) if stats_report else None
    items = builder(data.fiscal_year) if builder else None
    if items:
        doc.add(*items)
        return
    doc.add(Para("※ 市内産業の統計データが登録されていないため、この節は掲載していません。"
                 "統計（経済センサス等）を登録すると自動で掲載されます。", "note"))
    doc.warnings.append("市内産業の現状（統計）が未登録")


def _procurement(doc: Document, data: ReportData) -> None:
    doc.add(Heading("第19条 受注機会の増大等", level=2, label="art-19", page_break=True))
    try:
        from shisaku.stats import report as stats_report
    except ImportError:
        stats_report = None
    builder = getattr(stats_report, "procurement_section", None) if stats_report else None
    items = builder(data.fiscal_year) if builder else None
    if items:
        doc.add(*items)
    else:
        doc.add(Para("※ 調達実績（契約件数・金額）が登録されていないため、表は掲載していません。",
                     "note"))
        doc.warnings.append("第19条の調達実績が未登録")


def _others(doc: Document, data: ReportData) -> None:
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


def _rosters(doc: Document, data: ReportData) -> None:
    month = format_date(data.as_of, "month")
    for committee, memberships in data.rosters:
        rows = []
        previous = None
        for m in memberships:
            category = m.member.get_category_display()
            role = f"（{m.get_role_display()}）" if m.role != "member" else ""
            rows.append((category if category != previous else "", str(m.order),
                         m.member.affiliation + role, m.member.name))
            previous = category
        doc.add(Table(("区分", "No.", "所属・役職", "氏名"), tuple(rows), widths=(3, 1, 8, 3),
                      caption=f"図表 「{committee.name}」委員名簿（{month}現在）"))
        if not rows:
            doc.warnings.append(f"{committee.name}: 名簿が空")


def _meetings(doc: Document, data: ReportData) -> None:
    if not data.meetings:
        doc.add(Para("※ 検証の会議は登録されていません。", "note"))
        return
    rows = tuple((format_date(m.held_on) if m.held_on else "—", str(m), m.get_kind_display(),
                  m.agenda.replace("\n", " ")) for m in data.meetings)
    doc.add(Table(("開催日", "会議", "種別", "内容"), rows, widths=(3, 5, 2, 7),
                  caption="図表 施策検証作業の実施状況"))


def _introduction(doc: Document, data: ReportData) -> None:
    title = _ordinance_title(data)
    in_force = (format_date(data.ordinance.in_force_on)
                if data.ordinance and data.ordinance.in_force_on else "")
    doc.add(Heading("はじめに", level=1),
            Para(f"本市は、中小企業の活性化を市内経済の発展の柱と位置付け、"
                 f"{in_force + '、' if in_force else ''}「{title}」を施行しました。"
                 "この条例は、市・中小企業者・関係団体・市民がそれぞれの役割を持ち寄って中小企業の"
                 "活性化に取り組むことを定めています。"),
            Para("条例は、次の8つの施策を柱とし、産業振興プランを実施計画として位置付けています。"
                 "また、毎年度、施策の実施状況を産業振興協議会の意見を聴いて検証し（第22条）、"
                 "その結果を公表する（第23条）ことを定めています。本書はこの公表にあたるものです。"),
            Table(("条文", "中小企業活性化施策"),
                  tuple((f"第{a.number}条", a.title) for a in data.articles), widths=(1, 6)))


def build_full(data: ReportData) -> Document:
    fy = data.fiscal_year
    city = data.city.city_name if data.city else ""
    doc = Document(title=f"{format_fy(fy, 'era')} {REPORT_TITLE}", kind="full", fiscal_year=fy,
                   header=f"{format_fy(fy, 'era')} {REPORT_TITLE}")
    doc.add(Cover((format_fy(fy, "era"), f"「{_ordinance_title(data)}」に基づく"), REPORT_TITLE,
                  _publication(data), city), Toc())
    _introduction(doc, data)
    doc.add(Heading("市内産業の現状", level=1, page_break=True))
    _stats_section(doc, data)
    doc.add(Heading("中小企業活性化施策の検証体制等", level=1, page_break=True),
            Para("施策の検証は、産業振興協議会と、その中に置かれた中小企業活性化専門部会が担います。"
                 "専門部会がヒアリングや現場視察を通じて検証し、その内容を協議会に報告して"
                 "協議会としての意見をまとめます。"))
    _rosters(doc, data)
    _meetings(doc, data)
    doc.add(Heading(f"{format_fy(fy)}中小企業活性化施策の実施状況", level=1, page_break=True),
            Para(f"{format_fy(fy, 'era')}は、{len(data.verified)}事業"
                 f"{'と受注機会の増大等に関する取組' if data.cycle.verify_procurement else ''}"
                 "を検証の対象としました。条文ごとの検証対象事業と掲載頁は次のとおりです。"))
    if not data.verified:
        doc.add(Para("※ この年度には検証対象の事業シートがありません。", "note"))
        doc.warnings.append("検証対象の事業シートがない")
    _project_list(doc, data)
    doc.add(_rating_figure(data))
    _main_opinions(doc, data)
    sheets = data.verified
    for index, sheet in enumerate(sheets):
        article = data.article_of(sheet)
        starts_article = index == 0 or data.article_of(sheets[index - 1]) != article
        if starts_article and article is not None:
            doc.add(Heading(f"第{article.number}条 {article.title}", level=2, page_break=True))
        group = sheet.project.group
        closes_group = bool(group) and (index + 1 == len(sheets)
                                        or sheets[index + 1].project.group != group)
        # The article heading opens the page; its first sheet follows on the same page.
        _sheet(doc, sheet, data, closes_group, new_page=not (starts_article and article))
    if data.cycle.verify_procurement:
        _procurement(doc, data)
    _others(doc, data)
    _appendix(doc, data)
    _colophon(doc, data)
    return doc


def _appendix(doc: Document, data: ReportData) -> None:
    if data.ordinance is None:
        return
    doc.add(Heading(f"（参考）{data.ordinance.title}", level=1, page_break=True))
    for article in data.ordinance.articles.all():
        doc.add(Para(f"（{article.title}）", "small"),
                Para(article.text or f"第{article.number}条", "body"))


def _colophon(doc: Document, data: ReportData) -> None:
    city = data.city
    if city is None:
        doc.warnings.append("市の設定（連絡先）が未登録")
        return
    lines = [f"{format_fy(data.fiscal_year, 'era')} {REPORT_TITLE}", f"{_publication(data)}発行",
             f"編集・発行 {city.city_name}{city.bureau_name}{city.planning_division}",
             city.address, " ".join(x for x in (f"電話 {city.phone}" if city.phone else "",
                                                f"FAX {city.fax}" if city.fax else "") if x)]
    doc.add(PageBreak(), Box(tuple(Para(line, "small") for line in lines if line)))


def rating_counts(data: ReportData) -> list[tuple[str, dict[str, int]]]:
    """Per article: {rating code: number of this FY's indicator values}, codes in RATING_ORDER."""
    per_article: dict[int, Counter] = defaultdict(Counter)
    fy = data.fiscal_year
    for sheet in data.verified + data.others:
        article = data.article_of(sheet)
        if article is None:
            continue
        for indicator in sheet.project.indicators.all():
            for value in indicator.values.all():
                if value.fiscal_year == fy:
                    value.indicator = indicator
                    per_article[article.pk][value.rating(data.cycle.bands).value] += 1
    return [(f"第{a.number}条", {r.value: per_article[a.pk][r.value] for r in RATING_ORDER})
            for a in data.articles if a.number != 19]


def _rating_figure(data: ReportData) -> Figure:
    rows = rating_counts(data)
    labels = rating_labels()  # the document's language, fixed when it is built
    title = f"{format_fy(data.fiscal_year, 'era')} 条文別の指標の達成状況"
    return Figure("ratings.svg", caption=title,
                  draw=lambda fmt: rating_chart(rows, title=title, fmt=fmt, labels=labels))


def build_summary(data: ReportData) -> Document:
    fy = data.fiscal_year
    doc = Document(title=f"{format_fy(fy, 'era')} {REPORT_TITLE}【概要版】", kind="summary",
                   fiscal_year=fy, header=f"{REPORT_TITLE}【概要版】")
    doc.add(Heading(f"{format_fy(fy, 'era')} {REPORT_TITLE}【概要版】", level=1, in_toc=False),
            Para(f"「{_ordinance_title(data)}」第23条に基づき、{format_fy(fy)}の中小企業活性化施策の"
                 f"実施状況をまとめました。検証対象は{len(data.verified)}事業です。", "lead"),
            _rating_figure(data))
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


def build_press(data: ReportData) -> Document:
    fy = data.fiscal_year
    city = data.city
    doc = Document(title=f"{format_fy(fy, 'era')} {REPORT_TITLE}の公表について", kind="press",
                   fiscal_year=fy, header="報道発表資料")
    doc.add(Para(f"{format_date(data.as_of)}", "right"),
            Para(f"{city.city_name}{city.bureau_name}" if city else "", "right"),
            Heading(f"「{format_fy(fy, 'era')} {REPORT_TITLE}」を公表します", level=1, in_toc=False),
            Para(f"本市では「{_ordinance_title(data)}」に基づき、中小企業活性化施策の実施状況を"
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


BUILDERS = {"full": build_full, "summary": build_summary, "press": build_press}
__all__ = ["BUILDERS", "ActualStatus", "PageBreak"]
