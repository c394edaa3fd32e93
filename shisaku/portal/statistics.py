"""The statistics the public may read: each dataset with only its released periods.

`released_presentations()` gives, per dataset with at least one released period
(`records.released_periods`), the same presentation the statistics pages draw
(`shisaku.stats.presentation.present`: tables with the derived columns, the chart through
the shared chart code and cache), computed from the released periods only: a figure not
yet released by today is neither tabled nor charted.
"""

from dataclasses import dataclass

from django.utils.safestring import mark_safe

from shisaku.published import records
from shisaku.stats.charts import inline_svg
from shisaku.stats.models import Dataset, Period
from shisaku.stats.presentation import Presentation, present


@dataclass
class PublicDataset:
    dataset: Dataset
    view: Presentation

    @property
    def chart(self) -> str | None:
        return mark_safe(inline_svg(self.view.chart)) if self.view.chart else None


def released_presentations() -> list[PublicDataset]:
    out = []
    for dataset in records.datasets():
        released = records.released_periods(dataset)
        if not released:
            continue
        # The presentation reads `dataset.periods.all()`: it is given the released ones only.
        periods = Period.objects.filter(pk__in=[p.pk for p in released])
        periods._result_cache, periods._prefetch_done = released, True
        dataset._prefetched_objects_cache["periods"] = periods
        out.append(PublicDataset(dataset, present(dataset)))
    return out
