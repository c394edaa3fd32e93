"""One open-data table per statistics dataset: the figures of its released periods only.

The datasets and their periods come from `records.datasets()` and `records.released_periods()`;
the figures are the stored ones (derived shares and changes are not data, they are computed
by whoever reads the table). Each kind has its own columns, with the unit in the header.
"""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shisaku.lib.era import fiscal_year_bounds, format_fy
from shisaku.published import records
from shisaku.stats import industries, vocab
from shisaku.stats import periods as period_kinds
from shisaku.stats.models import (
    BankruptcyCount,
    CensusValue,
    Dataset,
    DiValue,
    JobOfferRatio,
    Option,
    ProcurementFigure,
    RdInstitutionCount,
    SubsidisedContracts,
    SurveyStratum,
)

from .tables import (
    DECIMAL,
    FY_COLUMNS,
    INTEGER,
    STATS_PREFIX,
    Column,
    Entry,
    Table,
    fy_cells,
    number,
)

PERIOD_COLUMNS = {
    period_kinds.YEAR: [Column("年（西暦）", INTEGER), Column("年（和暦）")],
    period_kinds.FISCAL_YEAR: FY_COLUMNS,
    period_kinds.QUARTER: [Column("年（西暦）", INTEGER), Column("四半期", INTEGER), Column("期間")],
}


def _period_cells(dataset: Dataset, period) -> list:
    kind = dataset.period_kind
    if kind == period_kinds.YEAR:
        year = int(period.key)
        # A calendar year in its era: the fiscal-year spelling without 度 (令和3年).
        return [year, format_fy(year, "era").removesuffix("度")]
    if kind == period_kinds.QUARTER:
        return [int(period.key[:4]), int(period.key[-1]), period.label]
    return fy_cells(int(period.key))


def _start(dataset: Dataset, period) -> datetime.date | None:
    kind = dataset.period_kind
    if kind == period_kinds.YEAR:
        return datetime.date(int(period.key), 1, 1)
    if kind == period_kinds.FISCAL_YEAR:
        return fiscal_year_bounds(int(period.key))[0]
    if kind == period_kinds.QUARTER:
        return datetime.date(int(period.key[:4]), (int(period.key[-1]) - 1) * 3 + 1, 1)
    return None


def _header(name: str, unit: str) -> str:
    return f"{name}（{unit}）" if unit else name


def is_public(dataset: Dataset, released: list, today: datetime.date) -> bool:
    """A dataset with periods is public once one of them is released; a survey (no periods)
    once its publication day, if it has one, has come."""
    if dataset.period_kind is None:
        return dataset.published_on is None or dataset.published_on <= today
    return bool(released)


def _census(dataset, periods):
    measure = dataset.get_measure_display()
    columns = [Column("業種大分類コード"), Column("業種大分類"),
               Column(_header(measure, dataset.unit), INTEGER)]
    values = _sorted(CensusValue.objects.filter(period__in=periods), periods,
                     lambda v: (industries.ORDER.get(v.industry, 99),))
    return columns, [(v.period_id, [v.industry, industries.name(v.industry), v.value])
                     for v in values]


def _di(dataset, periods):
    columns = [Column("業種"), Column("DIの種類"), Column(_header("DI", dataset.unit), DECIMAL)]
    values = _sorted(DiValue.objects.filter(period__in=periods), periods,
                     lambda v: (vocab.DI_INDUSTRY.order(v.industry), vocab.DI_KIND.order(v.kind)))
    return columns, [(v.period_id, [v.get_industry_display(), v.get_kind_display(),
                                    number(v.value)]) for v in values]


def _bankruptcy(dataset, periods):
    values = _sorted(BankruptcyCount.objects.filter(period__in=periods), periods, lambda v: ())
    return [Column("倒産件数（件）", INTEGER)], [(v.period_id, [v.count]) for v in values]


def _job_offer(dataset, periods):
    values = _sorted(JobOfferRatio.objects.filter(period__in=periods), periods,
                     lambda v: (vocab.AREA.order(v.area),))
    return ([Column("地域"), Column("有効求人倍率（倍）", DECIMAL)],
            [(v.period_id, [v.get_area_display(), number(v.ratio)]) for v in values])


def _rd(dataset, periods):
    values = _sorted(RdInstitutionCount.objects.filter(period__in=periods), periods,
                     lambda v: (vocab.WARD.order(v.ward), vocab.RD_KIND.order(v.kind)))
    return ([Column("区"), Column("機関の種類"), Column("機関数（機関）", INTEGER)],
            [(v.period_id, [v.get_ward_display(), v.get_kind_display(), v.count]) for v in values])


def _procurement(dataset, periods):
    values = _sorted(ProcurementFigure.objects.filter(period__in=periods), periods,
                     lambda v: (vocab.COMPANY.order(v.category),
                                vocab.CONTRACT.order(v.contract_type)))
    return ([Column("企業区分"), Column("契約種別"), Column("契約件数（件）", INTEGER),
             Column("契約金額（百万円）", INTEGER)],
            [(v.period_id, [v.get_category_display(), v.get_contract_type_display(), v.count,
                            v.amount]) for v in values])


def _subsidised(dataset, periods):
    values = _sorted(SubsidisedContracts.objects.filter(period__in=periods), periods,
                     lambda v: (vocab.SUBSIDY_SCOPE.order(v.scope),))
    return ([Column("範囲"), Column("契約件数（件）", INTEGER), Column("契約金額（百万円）", INTEGER)],
            [(v.period_id, [v.get_scope_display(), v.count, v.amount]) for v in values])


def _sorted(values, periods, key):
    """The figures in period order, then in `key` order (the periods are already loaded: no
    query per figure)."""
    order = {p.pk: p.order for p in periods}
    return sorted(values, key=lambda v: (order[v.period_id], *key(v)))


BUILDERS = {
    Dataset.Kind.CENSUS: _census, Dataset.Kind.DI: _di, Dataset.Kind.BANKRUPTCY: _bankruptcy,
    Dataset.Kind.JOB_OFFER: _job_offer, Dataset.Kind.RD: _rd,
    Dataset.Kind.PROCUREMENT: _procurement, Dataset.Kind.SUBSIDISED: _subsidised,
}


def _strata_rows(dataset: Dataset) -> tuple[list[Column], list[list]]:
    strata = SurveyStratum.objects.filter(survey__dataset=dataset).order_by("order")
    columns = [Column("番号", INTEGER), Column("業種大分類コード"), Column("区分"),
               Column("発送件数（件）", INTEGER), Column("回答件数（件）", INTEGER)]
    return columns, [[s.order, s.industry, s.label, s.sent, s.responses] for s in strata]


def _answer_rows(dataset: Dataset) -> tuple[list[Column], list[list]]:
    options = (Option.objects.filter(question__survey__dataset=dataset).select_related("question")
               .order_by("question__order", "order"))
    columns = [Column("設問番号", INTEGER), Column("設問"), Column("回答形式"), Column("回答対象"),
               Column("回答者数（人）", INTEGER), Column("選択肢番号", INTEGER), Column("選択肢"),
               Column(_header("回答数", dataset.unit or "件"), INTEGER)]
    rows = [[o.question.order, o.question.text, o.question.get_kind_display(), o.question.base,
             o.question.n, o.order, o.label, o.count] for o in options]
    return columns, rows


def _description(dataset: Dataset) -> str:
    """Source, series, release, caveats and notes (labels in the reader's language on the
    catalogue page; the downloads and the DCAT catalogue are built in Japanese)."""
    parts = [_("出所: %(text)s") % {"text": dataset.source}]
    if dataset.series:
        parts.append(_("調査系列: %(text)s") % {"text": dataset.series})
    if dataset.release:
        parts.append(_("公表区分: %(text)s") % {"text": dataset.get_release_display()})
    if dataset.caveat:
        parts.append(_("比較上の注意: %(text)s") % {"text": dataset.caveat})
    if dataset.notes:
        parts.append(_("注記: %(text)s") % {"text": dataset.notes})
    return "。".join(part.rstrip("。") for part in parts) + "。"


# Read in the language of whoever prints it (the catalogue page's reader; Japanese in the data).
_lazy_description = lazy(_description, str)


def _build(dataset: Dataset, answers: bool = False):
    def build(entry: Entry, fiscal_year: int | None, absolute) -> Table:
        today = timezone.localdate()
        periods = records.released_periods(dataset, today)
        if dataset.period_kind is None:
            columns, rows = (_answer_rows if answers else _strata_rows)(dataset)
        else:
            value_columns, cells = BUILDERS[dataset.kind](dataset, periods)
            columns = [*PERIOD_COLUMNS[dataset.period_kind], Column("比較可能性グループ"),
                       *value_columns]
            by_pk = {p.pk: p for p in periods}
            rows = [[*_period_cells(dataset, by_pk[pk]), by_pk[pk].group, *values]
                    for pk, values in cells]
        starts = [d for d in (_start(dataset, p) for p in periods) if d]
        ends = [d for d in (period_kinds.end_date(dataset.period_kind, p.key) for p in periods) if d]
        released = [p.release_date for p in periods if p.release_date]
        return Table(entry.slug, str(entry.title), str(entry.description), columns, rows,
                     source=dataset.source,
                     period=(min(starts), max(ends)) if starts and ends else None,
                     issued=min(released, default=None) or dataset.published_on,
                     modified=max(released, default=None) or dataset.published_on,
                     keywords=["統計", str(dataset.get_kind_display())])
    return build


ANSWERS = "-answers"


def _entries(dataset: Dataset) -> list[Entry]:
    """A table per dataset; a survey has up to two: its responses by industry and its answers
    (each when the survey has some; `_counted` tells)."""
    keywords = ("統計", str(dataset.get_kind_display()))
    if dataset.period_kind is not None:
        return [Entry(STATS_PREFIX + dataset.slug, dataset.title, _lazy_description(dataset), False,
                      _build(dataset), keywords)]
    description = _lazy_description(dataset)
    tables = []
    if dataset.strata_count:
        tables.append(Entry(
            STATS_PREFIX + dataset.slug,
            format_lazy(gettext_lazy("{title}（回答状況）"), title=dataset.title),
            description, False, _build(dataset), keywords))
    if dataset.question_count:
        tables.append(Entry(
            STATS_PREFIX + dataset.slug + ANSWERS,
            format_lazy(gettext_lazy("{title}（設問と回答）"), title=dataset.title),
            description, False, _build(dataset, answers=True), keywords))
    return tables


def _public(dataset: Dataset | None, today) -> bool:
    return dataset is not None and is_public(
        dataset, records.released_periods(dataset, today), today)


def _counted():
    """The public datasets, with how many response rows and questions a survey has."""
    return records.datasets().annotate(
        strata_count=Count("survey__strata", distinct=True),
        question_count=Count("survey__questions", distinct=True))


def stats_entries() -> list[Entry]:
    today = timezone.localdate()
    return [entry for dataset in _counted() if _public(dataset, today)
            for entry in _entries(dataset)]


def stats_entry(slug: str) -> Entry | None:
    """The table of this slug (without the stats- prefix), if its dataset is public."""
    today = timezone.localdate()
    candidates = [slug]
    if slug.endswith(ANSWERS):
        candidates.append(slug.removesuffix(ANSWERS))
    found = {d.slug: d for d in _counted().filter(slug__in=candidates)}
    for dataset in found.values():
        if not _public(dataset, today):
            continue
        for entry in _entries(dataset):
            if entry.slug == STATS_PREFIX + slug:
                return entry
    return None
