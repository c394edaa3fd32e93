"""The plan summary's 市内産業の現状・動向 (seed 000 2-1) from the registered statistics.

The city's overview shows (1) establishments and employees over the census years, (2) both
by industry, (3) the gross city product and (4) the R&D institutions. Each part is printed
when its figures are registered and released by the document's date; what the data does not
hold (the gross city product, the changes around the city in 2-2) is named in a note, never
filled in. The charts and tables are those of the annual report (`industry.py`).
"""

from __future__ import annotations

from datetime import date

from shisaku.lib.era import format_fy
from shisaku.stats import periods, vocab
from shisaku.stats import report as data
from shisaku.stats.drawing import bar_chart
from shisaku.stats.models import Dataset
from shisaku.stats.ratios import number

from ..document import Heading, Para
from .industry import CHART_HEIGHT_CM, _figure, _industry_table, _source, _totals_chart

# What seed 000 shows that no statistic of Shisaku holds (said in the note, not invented).
NOT_HELD = ("市内総生産", "本市を取り巻く社会経済環境の変化（将来人口推計など）")

_MEASURES = (("establishments", "事業所", "事業所数"), ("employees", "人", "従業者数"))


def _totals(until: int, as_of: date | None) -> list:
    latest = {}
    charts: list = []
    for measure, unit, name in _MEASURES:
        points, _caveat = data.census_totals(measure, until=until, as_of=as_of)
        if points:
            latest[name] = (points[-1], unit)
        charts += _totals_chart(measure, name, unit, until, as_of)
    if not latest:
        return []
    parts = [f"{name}は{number(point.value)}{unit}" for name, (point, unit) in latest.items()]
    year = periods.year_prose(next(iter(latest.values()))[0].year)
    return [Para(f"経済センサス等の結果によると、{year}の市内の{'、'.join(parts)}です。"), *charts]


def _by_industry(until: int, as_of: date | None) -> list:
    items: list = []
    for measure, _unit, name in _MEASURES:
        table = data.latest_structure(until, measure, as_of)
        if table is None:
            continue
        years = "・".join(periods.year_prose(int(p.key)) for p in table.periods)
        items += [Para(f"産業別の{name}は、業種別の値が登録されている{years}を示します。"),
                  _industry_table(table, name), *_source(table.dataset)]
    return items


def _facilities(until: int, as_of: date | None) -> list:
    found = data.rd_institutions(until, as_of)
    if found is None:
        return []
    period, grid, total = found
    kinds = [(label, sum(g.get(k, 0) for g in grid.values())) for k, label in vocab.RD_KIND.items]
    names = [label for label, _ in kinds]
    counts = [count for _, count in kinds]
    dataset = data.latest_released(Dataset.Kind.RD, as_of)
    return [Para(f"本市の調査（{format_fy(int(period.key), 'era')}）では、市内に立地する研究開発"
                 f"機関は{number(total)}機関です。"),
            _figure("summary-rd-kinds", "図表 種類別の研究開発機関数", lambda fmt: bar_chart(
                names, [(period.label, counts)], title="", unit="機関", horizontal=True,
                fmt=fmt, height_cm=CHART_HEIGHT_CM)),
            *_source(dataset)]


def current_state_items(until: int, as_of: date | None, heading: str) -> tuple[list, list[str]]:
    """The items of 2-1 under `heading` (statistics up to the year `until`), and the parts
    left out because no figure is registered (for the document's warnings)."""
    parts = (("事業所数・従業者数", _totals), ("産業別事業所数・従業者数", _by_industry),
             ("産業関連施設・集積状況等", _facilities))
    items: list = []
    missing: list[str] = []
    with data.reading_once():
        for title, build in parts:
            found = build(until, as_of)
            if not found:
                missing.append(title)
                continue
            index = len([i for i in items if isinstance(i, Heading) and i.level == 3]) + 1
            items += [Heading(f"({index}) {title}", level=3, in_toc=False), *found]
    items.append(Para("※ " + "、".join(missing + list(NOT_HELD)) + "は、統計として登録されて"
                      "いないため掲載していません。", "note"))
    return [Heading(heading, level=2), *items], missing
