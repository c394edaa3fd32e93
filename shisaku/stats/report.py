"""Statistics for the annual report (section 2 市内産業の現状, and art. 19), ready to print.

Functions return plain objects whose rows carry both the exact values and the printed text
(``Percent.rounded()`` / ``str()``), so a document builder formats nothing itself:

``industry_structure(year_a, year_b, *, measure="establishments", release=None)``
    The census table comparing two years: 全産業, 第一次/第二次/第三次産業 and each industry
    with 増減数, 増減割合, 構成比 and 構成比変化率 (``census.CensusTable``; ``.as_table()``
    gives printable rows, ``.checks`` the places where the figures do not add up,
    ``.spans_groups`` whether the caveat must be printed). Final figures (確報) are preferred
    over preliminary ones unless ``release`` says which; None when no dataset has both years.
``census_totals(measure="establishments", until=None)``
    全産業 per census year across datasets (final preferred), with the caveat text when the
    years belong to different comparability groups: ``(points, caveat)``.
``business_sentiment(fy)``
    The 全業種 DI (業況/売上額/収益) of the latest quarter up to April-June after the FY,
    with the change from the previous quarter where stored: list of ``series.DiPoint``.
``bankruptcies(fy)``
    Bankruptcies per fiscal year up to `fy`: list of ``series.CountPoint``.
``job_offer_ratios(fy)``
    {area code: ratio} of fiscal year `fy` (川崎市, 南部, 北部, 神奈川県).
``rd_institutions(fy)``
    The latest R&D survey up to `fy`: ``(period, {ward: {kind: count}}, total)`` or None.
``procurement_table(fy)``
    Art. 19: contracts by company category × contract type with shares and totals
    (``procurement.ProcurementTable``; ``.cell("sme", "works").count_share``), or None.
``subsidised_contracts(fy)``
    Contracts of subsidised projects: all and local SMEs, with shares (list of rows).
``survey_responses(slug)``
    The response table of a business survey (list of ``survey.ResponseRow``).
``report_section(fy)``
    The same, as items of ``shisaku.reports.document`` for the report builder; an empty list
    when nothing is registered.
"""

from __future__ import annotations

from dataclasses import dataclass

from shisaku.lib.era import format_fy

from . import census, periods, procurement, series, survey, vocab
from .drawing import bar_chart, line_chart  # noqa: F401
from .models import Dataset, Period, Survey
from .presentation import caveat_for
from .ratios import number

__all__ = [
    "bankruptcies", "business_sentiment", "census_totals", "industry_structure",
    "job_offer_ratios", "procurement_table", "rd_institutions",
    "report_section", "subsidised_contracts", "survey_responses",
]


def _preferred(qs):
    """Final before preliminary, then the most recently published."""
    datasets = list(qs.prefetch_related("periods"))
    return sorted(datasets, key=lambda d: (d.release != Dataset.Release.FINAL,
                                           -(d.published_on.toordinal() if d.published_on else 0),
                                           d.order))


def _latest(kind: str) -> Dataset | None:
    found = _preferred(Dataset.objects.of_kind(kind))
    return found[0] if found else None


# --- census --------------------------------------------------------------------------------

def industry_structure(year_a: int, year_b: int, *, measure: str = "establishments",
                       release: str | None = None) -> census.CensusTable | None:
    qs = Dataset.objects.census(measure)
    if release:
        qs = qs.filter(release=release)
    for dataset in _preferred(qs):
        by_key = {p.key: p for p in dataset.periods.all()}
        if str(year_a) in by_key and str(year_b) in by_key:
            table = census.build(dataset, [by_key[str(year_a)], by_key[str(year_b)]], (0, 1))
            if table.has_industries:
                return table
    return None


def _latest_structure(fy: int, measure: str) -> census.CensusTable | None:
    """The newest pair of census years up to `fy` that some dataset breaks down by industry."""
    for dataset in _preferred(Dataset.objects.census(measure)):
        years = sorted(int(p.key) for p in dataset.periods.all() if int(p.key) <= fy)
        if len(years) >= 2:
            table = industry_structure(years[-2], years[-1], measure=measure)
            if table is not None:
                return table
    return None


@dataclass(frozen=True)
class TotalPoint:
    year: int
    label: str
    value: int
    group: str
    dataset: Dataset


def census_totals(measure: str = "establishments", until: int | None = None
                  ) -> tuple[list[TotalPoint], str | None]:
    values = {}
    for dataset in reversed(_preferred(Dataset.objects.census(measure))):
        table = census.for_dataset(dataset)
        total = table.row("ALL")
        for period, value in zip(table.periods, total.values, strict=True):
            if value is not None and (until is None or int(period.key) <= until):
                values[int(period.key)] = (period, value, dataset)  # preferred ones win
    points = [TotalPoint(y, p.label, v, p.group, d) for y, (p, v, d) in sorted(values.items())]
    caveat = None
    if points:
        caveat = caveat_for(points[-1].dataset, [values[p.year][0] for p in points])
    return points, caveat


# --- series --------------------------------------------------------------------------------

def business_sentiment(fy: int) -> list[series.DiPoint]:
    dataset = _latest(Dataset.Kind.DI)
    if dataset is None:
        return []
    limit = (fy + 1) * 10 + 2  # April-June after the FY: when the report is compiled
    points = [p for p in series.di_points(dataset)
              if p.industry == "all" and p.period.order <= limit]
    if not points:
        return []
    last = max(p.period.order for p in points)
    return [p for p in points if p.period.order == last]


def bankruptcies(fy: int) -> list[series.CountPoint]:
    dataset = _latest(Dataset.Kind.BANKRUPTCY)
    if dataset is None:
        return []
    return [p for p in series.bankruptcy_points(dataset) if int(p.period.key) <= fy]


def job_offer_ratios(fy: int) -> dict:
    dataset = _latest(Dataset.Kind.JOB_OFFER)
    if dataset is None:
        return {}
    found, values = series.job_offer_grid(dataset)
    period = next((p for p in found if p.key == str(fy)), None)
    if period is None:
        return {}
    return {area: values[(period.pk, area)] for area, _ in vocab.AREA.items
            if (period.pk, area) in values}


def rd_institutions(fy: int) -> tuple[Period, dict, int] | None:
    dataset = _latest(Dataset.Kind.RD)
    if dataset is None:
        return None
    found = [p for p in dataset.periods.all() if int(p.key) <= fy]
    if not found:
        return None
    grid = series.rd_grids(dataset)[found[-1].pk]
    return found[-1], grid, series.rd_total(grid)


# --- art. 19 -------------------------------------------------------------------------------

def procurement_table(fy: int) -> procurement.ProcurementTable | None:
    dataset = _latest(Dataset.Kind.PROCUREMENT)
    if dataset is None:
        return None
    return next((t for t in procurement.tables(dataset) if t.period.key == str(fy)), None)


def subsidised_contracts(fy: int) -> list[procurement.SubsidisedRow]:
    dataset = _latest(Dataset.Kind.SUBSIDISED)
    if dataset is None:
        return []
    return [r for r in procurement.subsidised_rows(dataset) if r.period.key == str(fy)]


def survey_responses(slug: str) -> list[survey.ResponseRow]:
    s = Survey.objects.select_related("dataset").prefetch_related("strata").filter(
        dataset__slug=slug).first()
    return survey.response_rows(s) if s else []


# --- document items for shisaku.reports ----------------------------------------------------

def _doc():
    from shisaku.reports import document

    return document


def _table_item(stat, caption: str = ""):
    doc = _doc()
    return doc.Table(stat.header, tuple(stat.texts()), numeric=stat.numeric_columns,
                     caption=caption or stat.caption)


def _figure_item(name: str, build, caption: str):
    doc = _doc()
    return doc.Figure(name, caption=caption, draw=build)


def _structure_items(fy: int) -> list:
    doc = _doc()
    items = []
    for measure, unit in (("establishments", "事業所"), ("employees", "人")):
        table = _latest_structure(fy, measure)
        if table is None:
            continue
        a, b = (periods.year_prose(int(p.key)) for p in table.periods)
        total = table.row("ALL")
        name = table.dataset.get_measure_display()
        top = census.ranking(table, 1)
        text = f"{b}の{name}は{number(total.values[1])}{unit}で、{a}から"
        if total.change:
            rate = f"（{abs(total.change_rate.rounded())}%）" if total.change_rate else ""
            text += (f"{number(abs(total.change))}{unit}{rate}"
                     f"{'減少' if total.change < 0 else '増加'}しました。")
        else:
            text += "横ばいでした。"
        if top:
            text += (f"産業別の構成比は「{top[0].label}」が{top[0].shares[1]}で最も高く、"
                     + "、".join(f"「{r.label}」{r.shares[1]}" for r in top[1:]) + "と続きます。")
        items.append(doc.Para(text))
        items.append(_table_item(table.as_table(),
                                 f"図表 本市の{name}の推移（実数、産業別構成比）"))
        items += [doc.Para(f"※ {c}", "note") for c in table.checks]
        if table.spans_groups:
            items.append(doc.Para(f"※ {caveat_for(table.dataset, table.periods)}", "note"))
        items.append(doc.Para(f"出所：{table.dataset.source}", "note"))
    points, caveat = census_totals(until=fy)
    if len(points) > 1:
        groups = [p.group for p in points]
        items.append(_figure_item(
            "stats-census-totals", lambda fmt: bar_chart(
                [p.label for p in points], [("事業所数", [p.value for p in points])],
                title="事業所数（全産業）の推移", unit="事業所", fmt=fmt,
                breaks=periods.break_positions(groups)),
            "図表 本市の事業所数（全産業）の推移"))
        if caveat:
            items.append(doc.Para(f"※ {caveat}", "note"))
    if items:
        items.insert(0, doc.Heading("産業構造", level=2))
    return items


def _sentiment_items(fy: int) -> list:
    doc = _doc()
    points = business_sentiment(fy)
    if not points:
        return []
    dataset = _latest(Dataset.Kind.DI)
    label = points[0].period.label
    parts = []
    for p in points:
        text = f"{vocab.DI_KIND.label(p.kind)}は{series._signed(p.value)}"
        if p.change is not None:
            text += f"（前期差 {p.change:+.1f}ポイント）"
        parts.append(text)
    return [doc.Heading("市内中小企業の景況感", level=2),
            doc.Para(f"{label}の市内中小企業（全業種）の{'、'.join(parts)}となりました。"
                     "（△はマイナス）"),
            doc.Para(f"出所：{dataset.source}", "note")]


def _bankruptcy_items(fy: int) -> list:
    doc = _doc()
    points = bankruptcies(fy)
    if not points:
        return []
    dataset = _latest(Dataset.Kind.BANKRUPTCY)
    last = points[-1]
    items = [doc.Heading("倒産件数の動向", level=2),
             doc.Para(f"市内の負債総額1,000万円以上の企業倒産は、{format_fy(int(last.period.key))}に"
                      f"{number(last.count)}件でした。")]
    items.append(_table_item(series.bankruptcy_table(dataset),
                             "図表 川崎市内の倒産件数（負債総額1,000万円以上）"))
    items.append(doc.Para(f"出所：{dataset.source}", "note"))
    return items


def _job_offer_items(fy: int) -> list:
    doc = _doc()
    ratios = job_offer_ratios(fy)
    if not ratios:
        return []
    dataset = _latest(Dataset.Kind.JOB_OFFER)
    text = "、".join(f"{vocab.AREA.label(a)} {r:.2f}倍" for a, r in ratios.items())
    return [doc.Heading("求人・求職の状況", level=2),
            doc.Para(f"{format_fy(fy)}の有効求人倍率は、{text}です。"),
            _table_item(series.job_offer_table(dataset), "図表 有効求人倍率"),
            doc.Para(f"出所：{dataset.source}", "note")]


def _rd_items(fy: int) -> list:
    doc = _doc()
    found = rd_institutions(fy)
    if found is None:
        return []
    period, grid, total = found
    dataset = _latest(Dataset.Kind.RD)
    return [doc.Heading("研究開発に関する調査", level=2),
            doc.Para(f"{format_fy(int(period.key))}の調査による市内の研究開発機関数は"
                     f"{number(total)}機関です。"),
            _table_item(series.rd_table(dataset, period, grid), "図表 研究開発機関数"),
            doc.Para(f"出所：{dataset.source}", "note")]


def report_section(fy: int) -> list:
    """Section 2 of the report of fiscal year `fy`; [] when no statistics are registered."""
    return (_structure_items(fy) + _sentiment_items(fy) + _bankruptcy_items(fy)
            + _job_offer_items(fy) + _rd_items(fy))
