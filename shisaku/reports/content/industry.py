"""Section 2 of the annual report (市内産業の現状) as document items, in the city's order.

    items = section_items(2021, date(2022, 8, 31))   # [] when no statistics are registered

(1) 産業構造 — ① 事業所数 and ② 従業者数 over the census years (charts), ③ 業種別事業所数 and
④ 業種別従業者数 (tables of the two latest years with shares); (2) 市内中小企業の景況感 — the
DIs by quarter (chart, and by industry when stored); (3) 倒産件数の動向 (chart by fiscal
year); (4) 川崎市の求人・求職状況 (chart by fiscal year and area); (5) the R&D survey with
its four parts 1 調査結果 / 2 調査の概要 / 3 機関数の分析 / 4 アンケートの回答.

Only figures released by the report's date are used (``shisaku.stats.report``, read once
for the whole section inside ``data.reading_once()``). The words
are written from the figures; a part whose figures are not registered is left out. Charts
are drawn through ``shisaku.stats.drawing`` (the chart code the web pages use) without a
title of their own: the caption above the chart is the title.
"""

from __future__ import annotations

from datetime import date

from shisaku.lib.era import format_date, format_fy
from shisaku.stats import census, periods, series, vocab
from shisaku.stats import report as data
from shisaku.stats.drawing import bar_chart, line_chart
from shisaku.stats.models import Dataset, Question
from shisaku.stats.presentation import _fiscal_axis, caveat_for
from shisaku.stats.ratios import number, pct_text, percent
from shisaku.stats.survey import answer_rows

from .. import document


def _fy_axis(found):
    """The fiscal-year axis of the web page's chart (gaps kept), with short tick labels
    ("H27(2015)"; the caption says 年度) so that a long series needs no rotated labels."""
    labels, slots, breaks = _fiscal_axis(found)
    keys = sorted(int(p.key) for p in found)
    if keys and len(slots) == keys[-1] - keys[0] + 1:
        labels = [periods.year_label(keys[0] + i) for i in range(len(slots))]
    return labels, slots, breaks

CHART_CM = 15.0
CHART_HEIGHT_CM = 7.0


def _doc():
    return document


def _figure(name: str, caption: str, draw) -> object:
    return _doc().Figure(f"stats-{name}.svg", caption=caption, draw=draw, width_cm=CHART_CM)


def _source(dataset: Dataset | None) -> list:
    return [_doc().Para(f"出所：{dataset.source}", "note")] if dataset and dataset.source else []


def _sub(text: str) -> object:
    return _doc().Heading(text, level=4, in_toc=False)


# --- (1) 産業構造 ------------------------------------------------------------------------------

_MEASURES = (("establishments", "事業所", "事業所数"), ("employees", "人", "従業者数"))


def _change_text(name: str, unit: str, table) -> str:
    a, b = (periods.year_prose(int(p.key)) for p in table.periods)
    total = table.row("ALL")
    text = f"{b}の{name}は{number(total.values[1])}{unit}で、{a}と比べて"
    if total.change:
        rate = f"（{abs(total.change_rate.rounded())}%）" if total.change_rate else ""
        text += (f"{number(abs(total.change))}{unit}{rate}"
                 f"{'減少' if total.change < 0 else '増加'}しました。")
    else:
        text += "横ばいでした。"
    return text


def _totals_chart(measure: str, name: str, unit: str, fy: int, as_of) -> list:
    doc = _doc()
    points, caveat = data.census_totals(measure, until=fy, as_of=as_of)
    if len(points) < 2:
        return []
    labels = [p.label for p in points]
    values = [p.value for p in points]
    breaks = periods.break_positions([p.group for p in points])
    items = [_figure(f"census-{measure}", f"図表 本市の{name}（民営、全産業（公務を除く））の推移",
                     lambda fmt: bar_chart(labels, [(name, values)], title="", unit=unit,
                                           breaks=breaks, fmt=fmt, height_cm=CHART_HEIGHT_CM))]
    if caveat:
        items.append(doc.Para(f"※ {caveat}", "note"))
    sources = dict.fromkeys(p.dataset.source for p in points if p.dataset.source)
    items.append(doc.Para(f"出所：{'、'.join(sources)}", "note"))
    return items


def _industry_table(table, name: str):
    """The city's table: each industry and 全産業, the two years' counts and shares."""
    doc = _doc()
    labels = [p.label for p in table.periods]
    rows = [r for r in table.rows if r.level == "item"] + [table.row("ALL")]
    places = table.dataset.percent_places
    body = tuple((r.label, *(number(v) for v in r.values),
                  *(pct_text(s, places) for s in r.shares)) for r in rows)
    header = ("業種大分類", *(f"{name} {lab}" for lab in labels),
              *(f"構成比 {lab}" for lab in labels))
    return doc.Table(header, body, numeric=frozenset(range(1, len(header))),
                     caption=f"図表 本市の{name}（民営）の推移（実数、産業別構成比）")


def _structure(fy: int, as_of) -> list:
    doc = _doc()
    tables = {m: data.latest_structure(fy, m, as_of) for m, _, _ in _MEASURES}
    totals, breakdowns = [], []
    for number_mark, (measure, unit, name) in zip("①②", _MEASURES, strict=True):
        table = tables[measure]
        chart = _totals_chart(measure, name, unit, fy, as_of)
        if table is None and not chart:
            continue
        totals.append(_sub(f"{number_mark} {name}"))
        if table is not None:
            totals.append(doc.Para(_change_text(name, unit, table)))
        totals += chart
    for number_mark, (measure, _unit, name) in zip("③④", _MEASURES, strict=True):
        table = tables[measure]
        if table is None:
            continue
        items = [_sub(f"{number_mark} 業種別{name}")]
        top = census.ranking(table, 1)
        if top:
            year = periods.year_prose(int(table.periods[1].key))
            items.append(doc.Para(
                f"{year}の産業別の構成比は、「{top[0].label}」が{top[0].shares[1]}で最も大きく、"
                + "、".join(f"「{r.label}」（{r.shares[1]}）" for r in top[1:])
                + "の順です。"))
        items.append(_industry_table(table, name))
        items += [doc.Para(f"※ {c}", "note") for c in table.checks]
        if table.spans_groups:
            items.append(doc.Para(f"※ {caveat_for(table.dataset, table.periods)}", "note"))
        items += _source(table.dataset)
        breakdowns += items
    if not totals and not breakdowns:
        return []
    items = [doc.Heading("(1) 産業構造", level=2)]
    basis = next((t for t in tables.values() if t is not None), None)
    if basis is not None:
        dataset, year = basis.dataset, periods.year_prose(int(basis.periods[1].key))
        published = (f"（{format_date(dataset.published_on)}公表）"
                     if dataset.published_on else "")
        items.append(doc.Para(f"{dataset.series or dataset.source}の結果{published}をもとに、"
                              f"{year}の市内の事業所数と従業者数の状況をまとめました。"))
    return items + totals + breakdowns


# --- (2) 景況感 -------------------------------------------------------------------------------

def _di_text(points) -> str:
    parts = []
    for p in points:
        text = f"{vocab.DI_KIND.label(p.kind)}は{series._signed(p.value)}"
        if p.change is not None:
            word = "改善" if p.change > 0 else "悪化" if p.change < 0 else "横ばい"
            text += f"（前期から{abs(p.change):.1f}ポイント{word}）"
        parts.append(text)
    return "、".join(parts)


def _sentiment(fy: int, as_of) -> list:
    doc = _doc()
    latest = data.business_sentiment(fy, as_of)
    if not latest:
        return []
    dataset = data.latest_released(Dataset.Kind.DI, as_of)
    points = data.sentiment_series(fy, as_of)
    quarters = sorted({p.period for p in points}, key=lambda p: p.order)
    labels = [q.label for q in quarters]
    breaks = periods.break_positions([q.group for q in quarters])
    items = [doc.Heading("(2) 市内中小企業の景況感", level=2),
             doc.Para(f"{dataset.source}の{latest[0].period.label}の結果では、市内中小企業"
                      f"（全業種）の{_di_text(latest)}となりました（△はマイナス）。")]
    every = {(p.period.pk, p.industry, p.kind): p.value for p in points}
    kinds = [(k, lab) for k, lab in vocab.DI_KIND.items
             if any((q.pk, "all", k) in every for q in quarters)]
    di_series = [(lab, [every.get((q.pk, "all", k)) for q in quarters]) for k, lab in kinds]
    items.append(_figure("di", "図表 各DIの推移", lambda fmt: line_chart(
        labels, di_series, title="", unit="ポイント", breaks=breaks, fmt=fmt,
        height_cm=CHART_HEIGHT_CM)))
    items += _source(dataset)
    industries = [(c, lab) for c, lab in vocab.DI_INDUSTRY.items if c != "all"
                  and any((q.pk, c, "business") in every for q in quarters)]
    if industries:
        by_industry = [(lab, [every.get((q.pk, c, "business")) for q in quarters])
                       for c, lab in industries]
        items.append(_figure("di-industry", "図表 業種別業況DIの推移", lambda fmt: line_chart(
            labels, by_industry[:4], title="", unit="ポイント", breaks=breaks, fmt=fmt,
            height_cm=CHART_HEIGHT_CM)))
        items += _source(dataset)
    return items


# --- (3) 倒産件数 -----------------------------------------------------------------------------

def _bankruptcy(fy: int, as_of) -> list:
    doc = _doc()
    points = data.bankruptcies(fy, as_of)
    if not points:
        return []
    dataset = data.latest_released(Dataset.Kind.BANKRUPTCY, as_of)
    last = points[-1]
    text = (f"市内の負債総額1,000万円以上の企業倒産は、{format_fy(int(last.period.key))}に"
            f"{number(last.count)}件でした")
    if last.change is not None:
        text += f"（前年度から{number(abs(last.change))}件の{'減少' if last.change < 0 else '増加'}）"
    text += "。"
    if len(points) > 1:
        low = min(points, key=lambda p: p.count)
        high = max(points, key=lambda p: p.count)
        text += (f"登録されている{format_fy(int(points[0].period.key))}以降では、"
                 f"最多が{format_fy(int(high.period.key))}の{number(high.count)}件、"
                 f"最少が{format_fy(int(low.period.key))}の{number(low.count)}件です。")
    counts = {p.period.pk: p.count for p in points}
    labels, slots, breaks = _fy_axis([p.period for p in points])
    values = [counts[p.pk] if p else None for p in slots]
    return [doc.Heading("(3) 倒産件数の動向", level=2), doc.Para(text),
            _figure("bankruptcies", "図表 川崎市内の倒産件数（負債総額1,000万円以上）の推移",
                    lambda fmt: bar_chart(labels, [("倒産件数", values)], title="", unit="件",
                                          breaks=breaks, fmt=fmt, height_cm=CHART_HEIGHT_CM)),
            *_source(dataset)]


# --- (4) 求人・求職 ---------------------------------------------------------------------------

def _job_offers(fy: int, as_of) -> list:
    doc = _doc()
    ratios = data.job_offer_ratios(fy, as_of)
    found, values = data.job_offer_series(fy, as_of)
    if not found:
        return []
    dataset = data.latest_released(Dataset.Kind.JOB_OFFER, as_of)
    items = [doc.Heading("(4) 川崎市の求人・求職状況", level=2)]
    if ratios:
        text = "、".join(f"{vocab.AREA.label(a)}{r:.2f}倍" for a, r in ratios.items())
        items.append(doc.Para(f"{format_fy(fy)}の有効求人倍率は、{text}です。"))
    labels, slots, breaks = _fy_axis(found)
    lines = [(label, [values.get((p.pk, area)) if p else None for p in slots])
             for area, label in vocab.AREA.items if any((p.pk, area) in values for p in found)]
    items.append(_figure("job-offers", "図表 川崎市・神奈川県の求人倍率の推移",
                         lambda fmt: line_chart(labels, lines, title="", unit="倍",
                                                breaks=breaks, fmt=fmt,
                                                height_cm=CHART_HEIGHT_CM)))
    return items + _source(dataset)


# --- (5) 研究開発に関する調査 ---------------------------------------------------------------------

def _yes_no(s) -> tuple[Question | None, int | None, int | None]:
    for q in s.questions.all():
        counts = {o.label: o.count for o in q.options.all()}
        if "有" in counts and "無" in counts:
            return q, counts["有"], counts["無"]
    return None, None, None


def _result_table(grid, total: int, s) -> object:
    doc = _doc()
    city = {}
    for kinds in grid.values():
        for kind, count in kinds.items():
            city[kind] = city.get(kind, 0) + count
    header, cells = [], []
    if s is not None:
        strata = list(s.strata.all())
        _, yes, _ = _yes_no(s)
        header += ["調査対象（企業数）", "回収数（企業数）"]
        cells += [number(sum(x.sent or 0 for x in strata)), number(sum(x.responses for x in strata))]
        if yes is not None:
            header.append("研究開発「有」と回答した企業数")
            cells.append(number(yes))
    for kind, label in vocab.RD_KIND.items:
        header.append(f"{label}（機関数）")
        cells.append(number(city.get(kind)))
    header.append("研究開発機関数（①＋②＋③＋④）")
    cells.append(number(total))
    return doc.Table(tuple(header), (tuple(cells),), numeric=frozenset(range(len(header))),
                     caption="図表 研究開発機関数の調査結果")


def _outline(s, grid) -> list:
    doc = _doc()
    items = [_sub("2 調査の概要")]
    if s is not None:
        strata = list(s.strata.all())
        sent = sum(x.sent or 0 for x in strata)
        responses = sum(x.responses for x in strata)
        rate = percent(responses, sent, s.dataset.percent_places)
        lines = ["(1) アンケート調査"]
        if s.method:
            lines.append(f"調査方法：{s.method}")
        if s.population:
            lines.append(f"調査対象：{s.population}")
        if s.fielded_from and s.fielded_to:
            lines.append(f"調査期間：{format_date(s.fielded_from)}から"
                         f"{format_date(s.fielded_to)}まで")
        lines.append(f"回答状況：有効回答{number(responses)}件"
                     + (f"（回答率{pct_text(rate)}）" if rate else ""))
        items += [doc.Para(line) for line in lines]
    kinds = {}
    for ward_kinds in grid.values():
        for kind, count in ward_kinds.items():
            kinds[kind] = kinds.get(kind, 0) + count
    others = [(label, kinds[k]) for k, label in vocab.RD_KIND.items if k != "surveyed" and k in kinds]
    if others:
        items.append(doc.Para("(2) データ比較調査"))
        items.append(doc.Para(
            "アンケートの回答とは別に、次の機関を研究開発機関として数えています。"
            + "、".join(f"{label} {number(count)}機関" for label, count in others) + "。"))
    return items


def _institutions(period, grid, total: int, dataset: Dataset) -> list:
    items = [_sub(f"3 研究開発機関数（{number(total)}機関）に関する分析結果")]
    wards = [w for w, _ in vocab.WARD.items if w and w in grid]
    if wards:
        items.append(_table_item(series.rd_table(dataset, period, grid),
                                 "図表 区別の研究開発機関数"))
    kinds = [(label, sum(g.get(k, 0) for g in grid.values())) for k, label in vocab.RD_KIND.items]
    names = [label for label, _ in kinds]
    counts = [count for _, count in kinds]
    items.append(_figure("rd-kinds", "図表 種類別の研究開発機関数", lambda fmt: bar_chart(
        names, [(period.label, counts)], title="", unit="機関", horizontal=True, fmt=fmt,
        height_cm=6.0)))
    return items + _source(dataset)


def _table_item(stat, caption: str = ""):
    return document.Table(stat.header, tuple(stat.texts()), numeric=stat.numeric_columns,
                          caption=caption or stat.caption)


def _answers(s) -> list:
    doc = _doc()
    question, yes, no = _yes_no(s)
    rest = [q for q in s.questions.all() if q != question]
    if question is None and not rest:
        return []
    items = [_sub("4 アンケート調査の回答に関する分析")]
    if question is not None:
        items.append(doc.Para(f"（回答数{number(question.n)}者（うち研究開発「有」{number(yes)}者、"
                              f"「無」{number(no)}者））"))
    places = s.dataset.percent_places
    for index, q in enumerate(rest, start=1):
        rows = answer_rows(q, places)
        header = ("選択肢", "回答数", "割合")
        body = tuple((r.label, number(r.count), pct_text(r.share, places)) for r in rows)
        kind = f"（{q.get_kind_display()}）" if q.kind == Question.Kind.MULTIPLE else ""
        items.append(doc.Table(header, body, numeric=frozenset({1, 2}),
                               caption=f"図表 {q.text}{kind}（n={number(q.n)}）"))
        labels = [r.label for r in rows]
        counts = [r.count for r in rows]
        items.append(_figure(f"rd-question-{index}", f"図表 {q.text}{kind}",
                             lambda fmt, labels=labels, counts=counts: bar_chart(
                                 labels, [("回答数", counts)], title="", unit="者",
                                 horizontal=True, fmt=fmt)))
    return items


def _rd(fy: int, as_of) -> list:
    doc = _doc()
    found = data.rd_institutions(fy, as_of)
    if found is None:
        return []
    period, grid, total = found
    dataset = data.latest_released(Dataset.Kind.RD, as_of)
    s = data.rd_survey(int(period.key), as_of)
    items = [doc.Heading(f"(5) 市内における研究開発に関する調査の結果"
                         f"（{format_fy(int(period.key), 'era')}実施）", level=2),
             _sub("1 調査結果"), _result_table(grid, total, s)]
    items += _source(dataset)
    items += _outline(s, grid)
    items += _institutions(period, grid, total, dataset)
    if s is not None:
        items += _answers(s)
    return items


def section_items(fy: int, as_of: date | None = None) -> list:
    """Section 2 of the report of `fy` dated `as_of`; [] when nothing was released."""
    with data.reading_once():
        return (_structure(fy, as_of) + _sentiment(fy, as_of) + _bankruptcy(fy, as_of)
                + _job_offers(fy, as_of) + _rd(fy, as_of))
