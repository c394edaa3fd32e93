"""The read API's statistics: the released datasets and their figures as rows, in the table's order."""

import datetime
from collections.abc import Callable

from django.utils import timezone

from shisaku.published import records
from shisaku.stats import industries, vocab
from shisaku.stats.models import Dataset

# ------------------------------------------------------------------------------ statistics


def _today() -> datetime.date:
    return timezone.localdate()


def dataset_released(dataset: Dataset, today=None) -> bool:
    """A dataset with periods is public once one period is; a survey (no periods) once its
    publication day, when it has one, has come."""
    day = today or _today()
    if dataset.kind == Dataset.Kind.SURVEY:
        return dataset.published_on is None or dataset.published_on <= day
    return bool(records.released_periods(dataset, day))


def datasets() -> list[Dataset]:
    today = _today()
    return [d for d in records.datasets() if dataset_released(d, today)]


def dataset(slug: str) -> Dataset | None:
    return next((d for d in datasets() if d.slug == slug), None)


def dataset_row(dataset: Dataset) -> dict:
    periods = records.released_periods(dataset, _today())
    return {
        "slug": dataset.slug, "title": dataset.title, "kind": dataset.kind,
        "kind_label": str(dataset.get_kind_display()), "measure": dataset.measure,
        "unit": dataset.unit, "source": dataset.source, "series": dataset.series,
        "reference_date": dataset.reference_date, "release": dataset.release,
        "published_on": dataset.published_on, "document": dataset.document,
        "caveat": dataset.caveat, "notes": dataset.notes,
        "periods": [{"key": p.key, "label": p.label, "comparability_group": p.group,
                     "note": p.note, "released_on": p.release_date} for p in periods],
    }


def _row(period, dimensions: dict, value, unit: str) -> dict:
    return {"period": period.key if period else None, "period_label": period.label if period else None,
            "dimensions": {name: {"code": code, "label": label}
                           for name, (code, label) in dimensions.items()},
            "value": None if value is None else float(value), "unit": unit}


def dataset_values(dataset: Dataset) -> list[dict]:
    """The released figures as rows {period, dimensions, value, unit}, in the table's order."""
    if dataset.kind == Dataset.Kind.SURVEY:
        return _survey_rows(dataset)
    reader = _FIGURES.get(dataset.kind)
    if reader is None:
        return []
    periods = records.released_periods(dataset, _today())
    released = _Released({p.pk: p.order for p in periods}, {p.pk: p for p in periods},
                         dataset.unit)
    rows = reader(periods, released)
    return [row for _key, row in sorted(rows, key=lambda pair: pair[0])]


class _Released:
    """The released periods of a dataset: each figure's sort key starts with its period's."""

    def __init__(self, order: dict, by_pk: dict, unit: str):
        self.order, self.by_pk, self.unit = order, by_pk, unit

    def row(self, value, key: tuple, dims: dict, figure, unit: str) -> tuple[tuple, dict]:
        return ((self.order[value.period_id], *key),
                _row(self.by_pk[value.period_id], dims, figure, unit))

    def contracts(self, value, key: tuple, dims: dict) -> list[tuple[tuple, dict]]:
        """A contract table's line: its count and its amount, one row each."""
        return [self.row(value, (*key, 0), {**dims, "measure": ("count", "契約件数")},
                         value.count, "件"),
                self.row(value, (*key, 1), {**dims, "measure": ("amount", "契約金額")},
                         value.amount, "百万円")]


def _census(periods, r: _Released) -> list:
    from shisaku.stats.models import CensusValue

    codes = [c for c, _label in industries.CHOICES]
    return [r.row(v, (codes.index(v.industry),),
                  {"industry": (v.industry, industries.name(v.industry))}, v.value, r.unit)
            for v in CensusValue.objects.filter(period__in=periods)]


def _di(periods, r: _Released) -> list:
    from shisaku.stats.models import DiValue

    return [r.row(v, (vocab.DI_INDUSTRY.order(v.industry), vocab.DI_KIND.order(v.kind)),
                  {"industry": (v.industry, vocab.DI_INDUSTRY.label(v.industry)),
                   "kind": (v.kind, vocab.DI_KIND.label(v.kind))}, v.value, r.unit)
            for v in DiValue.objects.filter(period__in=periods)]


def _bankruptcies(periods, r: _Released) -> list:
    from shisaku.stats.models import BankruptcyCount

    return [r.row(v, (), {}, v.count, r.unit or "件")
            for v in BankruptcyCount.objects.filter(period__in=periods)]


def _job_offers(periods, r: _Released) -> list:
    from shisaku.stats.models import JobOfferRatio

    return [r.row(v, (vocab.AREA.order(v.area),), {"area": (v.area, vocab.AREA.label(v.area))},
                  v.ratio, r.unit or "倍")
            for v in JobOfferRatio.objects.filter(period__in=periods)]


def _research(periods, r: _Released) -> list:
    from shisaku.stats.models import RdInstitutionCount

    rows = []
    for v in RdInstitutionCount.objects.filter(period__in=periods):
        ward = (v.ward, vocab.WARD.label(v.ward)) if v.ward else ("", "全市")
        rows.append(r.row(v, (vocab.WARD.order(v.ward) if v.ward else -1,
                              vocab.RD_KIND.order(v.kind)),
                          {"ward": ward, "kind": (v.kind, vocab.RD_KIND.label(v.kind))},
                          v.count, r.unit or "機関"))
    return rows


def _procurement(periods, r: _Released) -> list:
    from shisaku.stats.models import ProcurementFigure

    rows = []
    for v in ProcurementFigure.objects.filter(period__in=periods):
        rows += r.contracts(v, (vocab.COMPANY.order(v.category),
                                vocab.CONTRACT.order(v.contract_type)),
                            {"category": (v.category, vocab.COMPANY.label(v.category)),
                             "contract_type": (v.contract_type,
                                               vocab.CONTRACT.label(v.contract_type))})
    return rows


def _subsidised(periods, r: _Released) -> list:
    from shisaku.stats.models import SubsidisedContracts

    rows = []
    for v in SubsidisedContracts.objects.filter(period__in=periods):
        rows += r.contracts(v, (vocab.SUBSIDY_SCOPE.order(v.scope),),
                            {"scope": (v.scope, vocab.SUBSIDY_SCOPE.label(v.scope))})
    return rows


_FIGURES: dict[str, Callable[..., list]] = {
    Dataset.Kind.CENSUS: _census, Dataset.Kind.DI: _di, Dataset.Kind.BANKRUPTCY: _bankruptcies,
    Dataset.Kind.JOB_OFFER: _job_offers, Dataset.Kind.RD: _research,
    Dataset.Kind.PROCUREMENT: _procurement, Dataset.Kind.SUBSIDISED: _subsidised,
}


def _survey_rows(dataset: Dataset) -> list[dict]:
    from shisaku.stats.models import Option, SurveyStratum

    rows = []
    for stratum in SurveyStratum.objects.filter(survey__dataset=dataset).order_by("order"):
        dims = {"stratum": (stratum.industry, stratum.label)}
        rows.append(_row(None, {**dims, "measure": ("sent", "発送件数")}, stratum.sent, "件"))
        rows.append(_row(None, {**dims, "measure": ("responses", "回答件数")}, stratum.responses,
                         "件"))
    for option in (Option.objects.filter(question__survey__dataset=dataset)
                   .select_related("question").order_by("question__order", "order")):
        rows.append(_row(None, {"question": (str(option.question.order), option.question.text),
                                "option": (str(option.order), option.label)},
                         option.count, "件"))
    return rows


