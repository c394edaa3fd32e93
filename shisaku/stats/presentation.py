"""What a dataset's page shows: its tables with the derived columns, one chart, the caveat.

``present(dataset, a=None, b=None)`` picks the tables and the chart by the dataset's kind.
The caveat is shown whenever the periods the tables and chart show belong to more than one
comparability group (``Period.group``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import census, procurement, series, survey, vocab
from . import periods as period_kinds
from .drawing import bar_chart, line_chart  # noqa: F401
from .models import Dataset, Period, Survey, groups_of
from .tabular import StatTable


@dataclass
class Presentation:
    dataset: Dataset
    periods: list[Period]
    tables: list[StatTable] = field(default_factory=list)
    chart: bytes | None = None
    pair: tuple[Period, Period] | None = None  # census: the compared years
    survey: Survey | None = None

    @property
    def groups(self) -> list[str]:
        return groups_of(self.periods)

    @property
    def caveat(self) -> str | None:
        return caveat_for(self.dataset, self.periods)


def caveat_for(dataset: Dataset, periods) -> str | None:
    """The warning printed with a table or chart whose periods span comparability groups."""
    groups = groups_of(periods)
    if len(groups) <= 1:
        return None
    names = "／".join(g or "グループ未設定" for g in groups)
    text = f"この表・グラフは比較可能性の異なる系列（{names}）をまたいでいます。単純比較はできません。"
    return f"{text}{dataset.caveat}" if dataset.caveat else text


def _fiscal_axis(found: list[Period]) -> tuple[list[str], list[Period | None], list[int]]:
    """Every fiscal year from the first to the last, missing ones as None, so a gap shows
    as a gap rather than as two neighbouring points; with the breaks between groups."""
    if not found:
        return [], [], []
    by_fy = {int(p.key): p for p in found}
    years = range(min(by_fy), max(by_fy) + 1) if max(by_fy) - min(by_fy) < 40 else sorted(by_fy)
    slots = [by_fy.get(fy) for fy in years]
    labels = [p.label if p else period_kinds.parse_fiscal_year(str(fy)).label
              for fy, p in zip(years, slots, strict=True)]
    breaks, last = [], None
    for i, p in enumerate(slots):
        if p is not None:
            if last is not None and p.group != last:
                breaks.append(i)
            last = p.group
    return labels, slots, breaks


def present(dataset: Dataset, a: str | None = None, b: str | None = None) -> Presentation:
    builder = _BUILDERS[dataset.kind]
    return builder(dataset, a, b)


def _census(dataset: Dataset, a, b) -> Presentation:
    table = census.for_dataset(dataset, a, b)
    view = Presentation(dataset, table.periods, [table.as_table()])
    if table.pair:
        view.pair = (table.periods[table.pair[0]], table.periods[table.pair[1]])
    measure = dataset.get_measure_display()
    labels = [p.label for p in table.periods]
    if table.has_industries:
        items = [r for r in table.rows if r.level == "item"]
        recent = list(range(len(labels)))[-4:]
        view.chart = bar_chart(
            [r.label for r in items],
            [(labels[i], [r.values[i] for r in items]) for i in recent],
            title=f"業種別{measure}", unit=dataset.unit, horizontal=True)
    else:
        totals = table.row("ALL").values
        view.chart = bar_chart(
            labels, [(measure, totals)], title=f"{measure}（全産業）の推移", unit=dataset.unit,
            breaks=period_kinds.break_positions([p.group for p in table.periods]))
    return view


def _survey(dataset: Dataset, a, b) -> Presentation:
    view = Presentation(dataset, [])
    try:
        s = (Survey.objects.prefetch_related("strata", "questions__options")
             .get(dataset=dataset))
    except Survey.DoesNotExist:
        return view
    view.survey = s
    view.tables.append(survey.response_table(s))
    view.tables += [survey.question_table(q, dataset.percent_places) for q in s.questions.all()]
    rows = [r for r in survey.response_rows(s) if r.rate is not None and r.level == "item"]
    if len(rows) > 1:
        rates = [r.rate.rounded() for r in rows]
        view.chart = bar_chart([r.label for r in rows], [("回答率", rates)],
                                      title="区分別の回答率", unit="%", horizontal=True)
    return view


def _di(dataset: Dataset, a, b) -> Presentation:
    periods = list(dataset.periods.all())
    view = Presentation(dataset, periods, [series.di_table(dataset)])
    points = [p for p in series.di_points(dataset) if p.industry == "all"]
    values = {(p.period.pk, p.kind): p.value for p in points}
    view.chart = line_chart(
        [p.label for p in periods],
        [(label, [values.get((p.pk, kind)) for p in periods]) for kind, label in vocab.DI_KIND.items],
        title="各DIの推移（全業種）", unit="ポイント",
        breaks=period_kinds.break_positions([p.group for p in periods]))
    return view


def _bankruptcy(dataset: Dataset, a, b) -> Presentation:
    points = series.bankruptcy_points(dataset)
    periods = [p.period for p in points]
    view = Presentation(dataset, periods, [series.bankruptcy_table(dataset)])
    counts = {p.period.pk: p.count for p in points}
    labels, slots, breaks = _fiscal_axis(periods)
    view.chart = bar_chart(
        labels, [("倒産件数", [counts[p.pk] if p else None for p in slots])],
        title="倒産件数の推移", unit="件", breaks=breaks)
    return view


def _job_offer(dataset: Dataset, a, b) -> Presentation:
    periods, values = series.job_offer_grid(dataset)
    view = Presentation(dataset, periods, [series.job_offer_table(dataset)])
    labels, slots, breaks = _fiscal_axis(periods)
    view.chart = line_chart(
        labels,
        [(label, [values.get((p.pk, area)) if p else None for p in slots])
         for area, label in vocab.AREA.items if any((p.pk, area) in values for p in periods)],
        title="有効求人倍率の推移", unit="倍", breaks=breaks)
    return view


def _rd(dataset: Dataset, a, b) -> Presentation:
    periods = list(dataset.periods.all())
    grids = series.rd_grids(dataset)
    view = Presentation(dataset, periods, [series.rd_table(dataset, p, grids[p.pk]) for p in periods])
    if periods:
        grid = grids[periods[-1].pk]
        counts = [sum(g.get(kind, 0) for g in grid.values()) for kind, _ in vocab.RD_KIND.items]
        view.chart = bar_chart([label for _, label in vocab.RD_KIND.items],
                                      [(periods[-1].label, counts)],
                                      title="種類別の研究開発機関数", unit="機関", horizontal=True)
    return view


def _procurement(dataset: Dataset, a, b) -> Presentation:
    tables = procurement.tables(dataset)
    periods = [t.period for t in tables]
    view = Presentation(dataset, periods, [t.as_table() for t in tables])
    contracts = procurement.CONTRACTS
    names = [("合計" if c == procurement.TOTAL else vocab.CONTRACT.label(c)) for c in contracts]
    view.chart = bar_chart(
        names,
        [(f"{t.period.label} 件数", [t.cell("sme", c).count_share.rounded(2)
                                    if t.cell("sme", c).count_share else None for c in contracts])
         for t in tables[-2:]]
        + [(f"{t.period.label} 金額", [t.cell("sme", c).amount_share.rounded(2)
                                      if t.cell("sme", c).amount_share else None
                                      for c in contracts])
           for t in tables[-2:]],
        title="市内中小企業の割合（契約件数・契約金額）", unit="%")
    return view


def _subsidised(dataset: Dataset, a, b) -> Presentation:
    rows = procurement.subsidised_rows(dataset)
    periods = list(dict.fromkeys(r.period for r in rows))
    view = Presentation(dataset, periods, [procurement.subsidised_table(dataset)])
    local = {r.period: r for r in rows if r.scope == "local_sme"}
    view.chart = bar_chart(
        [p.label for p in periods],
        [("件数の割合", [local[p].count_share.rounded() if p in local and local[p].count_share
                      else None for p in periods]),
         ("金額の割合", [local[p].amount_share.rounded() if p in local and local[p].amount_share
                      else None for p in periods])],
        title="市内中小企業への発注の割合", unit="%",
        breaks=period_kinds.break_positions([p.group for p in periods]))
    return view


_BUILDERS = {
    Dataset.Kind.CENSUS: _census,
    Dataset.Kind.SURVEY: _survey,
    Dataset.Kind.DI: _di,
    Dataset.Kind.BANKRUPTCY: _bankruptcy,
    Dataset.Kind.JOB_OFFER: _job_offer,
    Dataset.Kind.RD: _rd,
    Dataset.Kind.PROCUREMENT: _procurement,
    Dataset.Kind.SUBSIDISED: _subsidised,
}
