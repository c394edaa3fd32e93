"""Statistics for the annual report (section 2 市内産業の現状, and art. 19), ready to print.

Functions return plain objects whose rows carry both the exact values and the printed text
(``Percent.rounded()`` / ``str()``), so a document builder formats nothing itself.

Every function of section 2 takes ``as_of``, the report's date: a report prints only figures
released on or before it (``Period.release_date``: the period's own 公表日, else the
dataset's, else the day the period ended). None means no limit.

``industry_structure(year_a, year_b, *, measure="establishments", release=None, as_of=None)``
    The census table comparing two years: 全産業, 第一次/第二次/第三次産業 and each industry
    with 増減数, 増減割合, 構成比 and 構成比変化率 (``census.CensusTable``; ``.as_table()``
    gives printable rows, ``.checks`` the places where the figures do not add up,
    ``.spans_groups`` whether the caveat must be printed). Final figures (確報) are preferred
    over preliminary ones unless ``release`` says which; None when no dataset has both years.
``census_totals(measure="establishments", until=None, as_of=None)``
    全産業 per census year across datasets (final preferred), with the caveat text when the
    years belong to different comparability groups: ``(points, caveat)``.
``business_sentiment(fy, as_of=None)`` / ``sentiment_series(fy, as_of=None)``
    The 全業種 DI (業況/売上額/収益) of the latest quarter up to April-June after the FY,
    with the change from the previous quarter where stored: list of ``series.DiPoint``; and
    every quarter up to then, for the chart.
``bankruptcies(fy, as_of=None)``
    Bankruptcies per fiscal year up to `fy`: list of ``series.CountPoint``.
``job_offer_ratios(fy, as_of=None)`` / ``job_offer_series(fy, as_of=None)``
    {area code: ratio} of fiscal year `fy` (川崎市, 南部, 北部, 神奈川県); and every fiscal
    year up to `fy`: ``(periods, {(period id, area): ratio})``.
``rd_institutions(fy, as_of=None)`` / ``rd_survey(fy, as_of=None)``
    The latest R&D survey up to `fy`: ``(period, {ward: {kind: count}}, total)`` or None;
    and the questionnaire (``Survey``) of that survey, when registered.
``procurement_table(fy)``
    Art. 19: contracts by company category × contract type with shares and totals
    (``procurement.ProcurementTable``; ``.cell("sme", "works").count_share``), or None.
``subsidised_contracts(fy)``
    Contracts of subsidised projects: all and local SMEs, with shares (list of rows).
``survey_responses(slug)``
    The response table of a business survey (list of ``survey.ResponseRow``).
``reading_once()``
    A context in which each kind's datasets are read once: the report builder writes
    section 2 inside it (``shisaku.reports.content.industry``; statistics know nothing of
    documents, the documents read the statistics).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date

from . import census, procurement, series, survey, vocab
from .models import Dataset, Period, Survey
from .presentation import caveat_for

__all__ = [
    "bankruptcies", "business_sentiment", "census_totals", "industry_structure",
    "job_offer_ratios", "job_offer_series", "procurement_table",
    "rd_institutions", "rd_survey", "reading_once", "sentiment_series",
    "subsidised_contracts", "survey_responses",
]


def _preferred(qs):
    """Final before preliminary, then the most recently published."""
    datasets = list(qs.prefetch_related("periods"))
    return sorted(datasets, key=lambda d: (d.release != Dataset.Release.FINAL,
                                           -(d.published_on.toordinal() if d.published_on else 0),
                                           d.order))


# Inside reading_once(), each kind's datasets are read once (the section asks for them
# a dozen times); outside it, every call reads the database.
_SECTION_CACHE: ContextVar[dict | None] = ContextVar("stats_section_cache", default=None)


def _preferred_of(kind: str, measure: str | None = None) -> list[Dataset]:
    cache = _SECTION_CACHE.get()
    if cache is None:
        qs = Dataset.objects.census(measure) if measure else Dataset.objects.of_kind(kind)
        return _preferred(qs)
    if "all" not in cache:
        cache["all"] = _preferred(Dataset.objects.all())  # two queries for the section
    return [d for d in cache["all"] if d.kind == kind and (not measure or d.measure == measure)]


def _latest(kind: str) -> Dataset | None:
    found = _preferred(Dataset.objects.of_kind(kind))
    return found[0] if found else None


def latest_released(kind: str, as_of: date | None) -> Dataset | None:
    """The preferred dataset of `kind` with figures released by `as_of` (a newer dataset
    published after the report's date does not hide the one the report could use)."""
    return next((d for d in _preferred_of(kind) if _released(d.periods.all(), as_of)), None)


def _released(periods, as_of: date | None) -> list[Period]:
    """The periods whose figures a document dated `as_of` may print."""
    return [p for p in periods if p.released_by(as_of)]


def _released_ids(dataset: Dataset, as_of: date | None) -> set[int]:
    return {p.pk for p in _released(dataset.periods.all(), as_of)}


# --- census --------------------------------------------------------------------------------

def industry_structure(year_a: int, year_b: int, *, measure: str = "establishments",
                       release: str | None = None, as_of: date | None = None
                       ) -> census.CensusTable | None:
    found = _preferred_of(Dataset.Kind.CENSUS, measure)
    if release:
        found = [d for d in found if d.release == release]
    for dataset in found:
        by_key = {p.key: p for p in _released(dataset.periods.all(), as_of)}
        if str(year_a) in by_key and str(year_b) in by_key:
            table = census.build(dataset, [by_key[str(year_a)], by_key[str(year_b)]], (0, 1))
            if table.has_industries:
                return table
    return None


def latest_structure(fy: int, measure: str, as_of: date | None = None
                     ) -> census.CensusTable | None:
    """The newest pair of released census years up to `fy` that a dataset breaks down by
    industry."""
    for dataset in _preferred_of(Dataset.Kind.CENSUS, measure):
        years = sorted(int(p.key) for p in _released(dataset.periods.all(), as_of)
                       if int(p.key) <= fy)
        if len(years) >= 2:
            table = industry_structure(years[-2], years[-1], measure=measure, as_of=as_of)
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


def census_totals(measure: str = "establishments", until: int | None = None,
                  as_of: date | None = None) -> tuple[list[TotalPoint], str | None]:
    values = {}
    for dataset in reversed(_preferred_of(Dataset.Kind.CENSUS, measure)):
        released = _released(dataset.periods.all(), as_of)
        if not released:
            continue
        table = census.build(dataset, released)
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

def _sentiment_limit(fy: int) -> int:
    return (fy + 1) * 10 + 2  # April-June after the FY: when the report is compiled


def sentiment_series(fy: int, as_of: date | None = None) -> list[series.DiPoint]:
    """Every released quarter of the DI up to April-June after `fy` (all industries)."""
    dataset = latest_released(Dataset.Kind.DI, as_of)
    if dataset is None:
        return []
    ids = _released_ids(dataset, as_of)
    return [p for p in series.di_points(dataset)
            if p.period.pk in ids and p.period.order <= _sentiment_limit(fy)]


def business_sentiment(fy: int, as_of: date | None = None) -> list[series.DiPoint]:
    points = [p for p in sentiment_series(fy, as_of) if p.industry == "all"]
    if not points:
        return []
    last = max(p.period.order for p in points)
    return [p for p in points if p.period.order == last]


def bankruptcies(fy: int, as_of: date | None = None) -> list[series.CountPoint]:
    dataset = latest_released(Dataset.Kind.BANKRUPTCY, as_of)
    if dataset is None:
        return []
    ids = _released_ids(dataset, as_of)
    return [p for p in series.bankruptcy_points(dataset)
            if int(p.period.key) <= fy and p.period.pk in ids]


def job_offer_series(fy: int, as_of: date | None = None) -> tuple[list[Period], dict]:
    dataset = latest_released(Dataset.Kind.JOB_OFFER, as_of)
    if dataset is None:
        return [], {}
    found, values = series.job_offer_grid(dataset)
    kept = [p for p in _released(found, as_of) if int(p.key) <= fy]
    ids = {p.pk for p in kept}
    return kept, {k: v for k, v in values.items() if k[0] in ids}


def job_offer_ratios(fy: int, as_of: date | None = None) -> dict:
    found, values = job_offer_series(fy, as_of)
    period = next((p for p in found if p.key == str(fy)), None)
    if period is None:
        return {}
    return {area: values[(period.pk, area)] for area, _ in vocab.AREA.items
            if (period.pk, area) in values}


def rd_institutions(fy: int, as_of: date | None = None) -> tuple[Period, dict, int] | None:
    dataset = latest_released(Dataset.Kind.RD, as_of)
    if dataset is None:
        return None
    found = [p for p in _released(dataset.periods.all(), as_of) if int(p.key) <= fy]
    if not found:
        return None
    grid = series.rd_grids(dataset)[found[-1].pk]
    return found[-1], grid, series.rd_total(grid)


def _survey_released(s: Survey, as_of: date | None) -> bool:
    day = s.dataset.published_on or s.fielded_to or s.responses_as_of
    return as_of is None or day is None or day <= as_of


def rd_survey(fy: int, as_of: date | None = None) -> Survey | None:
    """The questionnaire of the R&D survey fielded in fiscal year `fy` or before (the latest
    released), with its strata and questions prefetched."""
    found = (Survey.objects.filter(dataset__kind=Dataset.Kind.SURVEY,
                                   dataset__title__contains="研究開発")
             .select_related("dataset").prefetch_related("strata", "questions__options"))
    candidates = []
    for s in found:
        started = s.fielded_from or s.fielded_to
        survey_fy = (started.year - (started.month < 4)) if started else None
        if (survey_fy is None or survey_fy <= fy) and _survey_released(s, as_of):
            candidates.append((survey_fy or 0, s.pk, s))
    return max(candidates, key=lambda c: c[:2])[2] if candidates else None


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


@contextmanager
def reading_once():
    """Inside, each kind's datasets are read from the database once (section 2 of the report
    asks for them a dozen times); outside, every call reads the database."""
    token = _SECTION_CACHE.set({})
    try:
        yield
    finally:
        _SECTION_CACHE.reset(token)
