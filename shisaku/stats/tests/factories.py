"""Small hand-written factories for statistics tests."""

from shisaku.stats import periods
from shisaku.stats.models import CensusValue, Dataset, Period


def make_dataset(slug: str = "test-census", kind: str = Dataset.Kind.CENSUS, **fields) -> Dataset:
    defaults = {"title": slug, "source": "テスト", "unit": "事業所"}
    if kind == Dataset.Kind.CENSUS:
        defaults["measure"] = Dataset.Measure.ESTABLISHMENTS
    return Dataset.objects.create(slug=slug, kind=kind, **{**defaults, **fields})


def make_period(dataset: Dataset, key: str, group: str | None = None) -> Period:
    value = periods.from_key(dataset.period_kind, key)
    return Period.objects.create(
        dataset=dataset, key=key, label=value.label, order=value.order,
        comparability_group=dataset.default_group(key) if group is None else group)


def make_census(slug: str, figures: dict[int, dict[str, int]], **fields) -> Dataset:
    """figures: {year: {industry code: value}}."""
    dataset = make_dataset(slug, **fields)
    for year, values in figures.items():
        period = make_period(dataset, str(year))
        CensusValue.objects.bulk_create(
            [CensusValue(period=period, industry=code, value=v) for code, v in values.items()])
    return dataset
