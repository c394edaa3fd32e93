"""The schedule as a timeline (策定スケジュール): one row per step, first on top, a bar from
its start to its end (a diamond for a step of one day), the body it is reported to written
after it, months along the bottom. Drawn with the shared setup (chart_setup), so the web page
and the documents show the same chart. Called through charts.timeline_chart (cached).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator

from shisaku.lib.chart_setup import (
    _BASE_SIZE,
    _SMALL_SIZE,
    ChartFormat,
    _check_args,
    _new_figure,
    _no_data_figure,
    _render,
)

BAR = "#1f4e8c"
TODAY = "#c0392b"
# (label, starts_on, ends_on or None, reported_to)
Step = tuple[str, datetime.date, datetime.date | None, str]


def _month_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def _month_label(day: datetime.date, first: bool) -> str:
    return f"{day.month}月\n{day.year}年" if first or day.month == 1 else f"{day.month}月"


def timeline_chart(steps: Sequence[Step], *, title: str, fmt: ChartFormat | str = "svg",
                   width_cm: float = 16, height_cm: float | None = None,
                   today: datetime.date | None = None, today_label: str = "今日",
                   no_data: str = "予定がありません") -> bytes:
    """The steps as bars on a calendar; `today` (when within it) as a vertical line."""
    steps = list(steps)
    if height_cm is None:
        height_cm = max(4.5, 2.6 + 0.8 * len(steps))
    _check_args(fmt, width_cm, height_cm)
    if not steps:
        return _render(lambda: _no_data_figure(title, width_cm, height_cm, no_data), fmt)

    def build() -> Figure:
        fig = _new_figure(width_cm, height_cm)
        ax = fig.add_subplot()
        first = min(start for _l, start, _e, _r in steps)
        last = max(end or start for _l, start, end, _r in steps)
        origin = first.replace(day=1)
        months = _month_starts(origin, last)
        right = (months[-1] + datetime.timedelta(days=32)).replace(day=1)

        def x(day: datetime.date) -> int:
            return (day - origin).days

        for row, (_label, start, end, reported_to) in enumerate(steps):
            if end is None or end == start:
                ax.plot([x(start)], [row], marker="D", color=BAR, markersize=7, zorder=3)
                stop = x(start) + 4  # past the diamond
            else:
                stop = x(end) + 1
                ax.barh(row, stop - x(start), left=x(start), height=0.5, color=BAR, zorder=3)
            if reported_to:
                ax.annotate(f"→ {reported_to}", (stop, row), xytext=(4, 0),
                            textcoords="offset points", va="center", fontsize=_SMALL_SIZE)
        ax.set_yticks(range(len(steps)), [s[0] for s in steps], fontsize=_BASE_SIZE)
        ax.set_ylim(len(steps) - 0.5, -0.5)  # first step on top
        ax.xaxis.set_major_locator(FixedLocator([x(m) for m in months]))
        ax.set_xticklabels([_month_label(m, i == 0) for i, m in enumerate(months)],
                           fontsize=_SMALL_SIZE)
        ax.set_xlim(0, x(right) + (x(right) - 0) * 0.35)  # room for the bodies' names
        ax.grid(axis="x", color="#cccccc", linewidth=0.5, zorder=0)
        ax.set_axisbelow(True)
        if today is not None and origin <= today <= right:
            ax.axvline(x(today), color=TODAY, linewidth=1, linestyle="--", zorder=4)
            ax.annotate(today_label, (x(today), len(steps) - 0.5), xytext=(2, 2),
                        textcoords="offset points", color=TODAY, fontsize=_SMALL_SIZE)
        if title:
            ax.set_title(title, loc="left")
        return fig

    return _render(build, fmt)
