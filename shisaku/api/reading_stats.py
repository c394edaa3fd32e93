"""The read API's statistics: the released datasets and their figures as rows, in the table's order."""

import datetime

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
    periods = records.released_periods(dataset, _today())
    order = {p.pk: p.order for p in periods}
    by_pk = {p.pk: p for p in periods}
    kind, unit, rows = dataset.kind, dataset.unit, []
    Kind = Dataset.Kind
    if kind == Kind.SURVEY:
        return _survey_rows(dataset)
    if kind == Kind.CENSUS:
        from shisaku.stats.models import CensusValue

        codes = [c for c, _label in industries.CHOICES]
        for v in CensusValue.objects.filter(period__in=periods):
            rows.append(((order[v.period_id], codes.index(v.industry)), _row(
                by_pk[v.period_id], {"industry": (v.industry, industries.name(v.industry))},
                v.value, unit)))
    elif kind == Kind.DI:
        from shisaku.stats.models import DiValue

        for v in DiValue.objects.filter(period__in=periods):
            rows.append(((order[v.period_id], vocab.DI_INDUSTRY.order(v.industry),
                          vocab.DI_KIND.order(v.kind)), _row(
                by_pk[v.period_id], {"industry": (v.industry, vocab.DI_INDUSTRY.label(v.industry)),
                                     "kind": (v.kind, vocab.DI_KIND.label(v.kind))},
                v.value, unit)))
    elif kind == Kind.BANKRUPTCY:
        from shisaku.stats.models import BankruptcyCount

        for v in BankruptcyCount.objects.filter(period__in=periods):
            rows.append(((order[v.period_id],), _row(by_pk[v.period_id], {}, v.count,
                                                     unit or "件")))
    elif kind == Kind.JOB_OFFER:
        from shisaku.stats.models import JobOfferRatio

        for v in JobOfferRatio.objects.filter(period__in=periods):
            rows.append(((order[v.period_id], vocab.AREA.order(v.area)), _row(
                by_pk[v.period_id], {"area": (v.area, vocab.AREA.label(v.area))},
                v.ratio, unit or "倍")))
    elif kind == Kind.RD:
        from shisaku.stats.models import RdInstitutionCount

        for v in RdInstitutionCount.objects.filter(period__in=periods):
            ward = (v.ward, vocab.WARD.label(v.ward)) if v.ward else ("", "全市")
            rows.append(((order[v.period_id], vocab.WARD.order(v.ward) if v.ward else -1,
                          vocab.RD_KIND.order(v.kind)), _row(
                by_pk[v.period_id], {"ward": ward, "kind": (v.kind, vocab.RD_KIND.label(v.kind))},
                v.count, unit or "機関")))
    elif kind == Kind.PROCUREMENT:
        from shisaku.stats.models import ProcurementFigure

        for v in ProcurementFigure.objects.filter(period__in=periods):
            dims = {"category": (v.category, vocab.COMPANY.label(v.category)),
                    "contract_type": (v.contract_type, vocab.CONTRACT.label(v.contract_type))}
            key = (order[v.period_id], vocab.COMPANY.order(v.category),
                   vocab.CONTRACT.order(v.contract_type))
            rows.append((key + (0,), _row(by_pk[v.period_id], {**dims, "measure": ("count", "契約件数")},
                                          v.count, "件")))
            rows.append((key + (1,), _row(by_pk[v.period_id],
                                          {**dims, "measure": ("amount", "契約金額")},
                                          v.amount, "百万円")))
    elif kind == Kind.SUBSIDISED:
        from shisaku.stats.models import SubsidisedContracts

        for v in SubsidisedContracts.objects.filter(period__in=periods):
            dims = {"scope": (v.scope, vocab.SUBSIDY_SCOPE.label(v.scope))}
            key = (order[v.period_id], vocab.SUBSIDY_SCOPE.order(v.scope))
            rows.append((key + (0,), _row(by_pk[v.period_id], {**dims, "measure": ("count", "契約件数")},
                                          v.count, "件")))
            rows.append((key + (1,), _row(by_pk[v.period_id],
                                          {**dims, "measure": ("amount", "契約金額")},
                                          v.amount, "百万円")))
    return [row for _key, row in sorted(rows, key=lambda pair: pair[0])]


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


