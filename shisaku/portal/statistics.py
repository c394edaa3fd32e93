"""The statistics the public may read: each dataset with only its released periods.

`released_presentations()` gives, per dataset with at least one released period
(`records.released_periods`), the same presentation the statistics pages draw
(`shisaku.stats.presentation.present`: tables with the derived columns, the chart through
the shared chart code and cache), computed from the released periods only: a figure not
yet released by today is neither tabled nor charted.
"""

import re
from dataclasses import dataclass

from shisaku.published import records
from shisaku.stats.charts import inline_svg
from shisaku.stats.models import Dataset, Period
from shisaku.stats.presentation import Presentation, present


@dataclass
class PublicDataset:
    dataset: Dataset
    view: Presentation

    @property
    def chart_svg(self) -> str | None:
        """The chart as a standalone SVG without inline CSS (served by `views.stats_chart`
        as an image, so that the page does not carry every chart's markup)."""
        return inline_svg(self.view.chart) if self.view.chart else None


    @property
    def chart_size(self) -> tuple[int, int]:
        """The chart's width and height (its viewBox), so the page reserves its place."""
        found = re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"', self.chart_svg or "")
        return (round(float(found[1])), round(float(found[2]))) if found else (600, 300)


def released_presentations(slug: str | None = None) -> list[PublicDataset]:
    out = []
    datasets = records.datasets()
    if slug is not None:
        datasets = datasets.filter(slug=slug)
    for dataset in datasets:
        released = records.released_periods(dataset)
        if not released:
            continue
        # The presentation reads `dataset.periods.all()`: it is given the released ones only.
        periods = Period.objects.filter(pk__in=[p.pk for p in released])
        periods._result_cache, periods._prefetch_done = released, True
        dataset._prefetched_objects_cache["periods"] = periods
        out.append(PublicDataset(dataset, present(dataset)))
    return out
