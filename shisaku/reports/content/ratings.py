"""Achievement ratings per article (optional content: the city never published them).

Printed only where the city's report profile shows them: `reports.profile.shows("ratings")`
(off for Kawasaki). Every document builder asks the same question before adding the figure.
"""

from collections import Counter, defaultdict

from shisaku.lib.articles import format_article
from shisaku.lib.charts import rating_chart
from shisaku.lib.era import format_fy
from shisaku.sheets.achievement import RATING_ORDER, rating_labels

from ..data import ReportData
from ..document import Figure


def rating_counts(data: ReportData) -> list[tuple[str, dict[str, int]]]:
    """Per article: {rating code: number of this FY's indicator values}, codes in RATING_ORDER."""
    per_article: dict[int, Counter] = defaultdict(Counter)
    fy = data.fiscal_year
    for sheet in data.verified + data.others:
        article = data.article_of(sheet)
        if article is None:
            continue
        for indicator in sheet.project.indicators.all():
            for value in indicator.values.all():
                if value.fiscal_year == fy:
                    value.indicator = indicator
                    per_article[article.pk][value.rating(data.cycle.bands).value] += 1
    return [(format_article(a.number), {r.value: per_article[a.pk][r.value] for r in RATING_ORDER})
            for a in data.articles if a.number != 19]

def rating_figure(data: ReportData) -> Figure:
    rows = rating_counts(data)
    labels = rating_labels()  # the document's language, fixed when it is built
    title = f"{format_fy(data.fiscal_year, 'era')} 条文別の指標の達成状況"
    return Figure("ratings.svg", caption=title,
                  draw=lambda fmt: rating_chart(rows, title=title, fmt=fmt, labels=labels))
