"""Statistics charts through the shared chart cache: matplotlib loads only to draw."""

from shisaku.lib.charts import draw


def bar_chart(*args, **kwargs) -> bytes:
    return draw("shisaku.stats.charts.bar_chart", *args, **kwargs)


def line_chart(*args, **kwargs) -> bytes:
    return draw("shisaku.stats.charts.line_chart", *args, **kwargs)
