"""Bar and line charts of statistics, drawn like the shared ``shisaku.lib.charts``.

Same font (bundled IPAexGothic), same rendering (object API, byte-identical output, SVG text
as paths), same black-and-white rules: series differ by hatch or marker and line style, not
by colour alone. What these add is a *series break*: a dashed vertical line between two
categories whose figures do not compare (e.g. 経済センサス 2016 | 2021), labelled on the chart.

* ``bar_chart(categories, series, …)`` – grouped bars, vertical or horizontal.
* ``line_chart(labels, series, …)`` – one line per series; ``None`` is a gap.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from matplotlib.ticker import FuncFormatter, MaxNLocator

from shisaku.lib.chart_format import _fit_labels, _format_tick, _to_decimal
from shisaku.lib.chart_setup import (  # the shared setup: font, rc, deterministic output
    _BASE_SIZE,
    _SMALL_SIZE,
    _check_args,
    _new_figure,
    _no_data_figure,
    _render,
)
from shisaku.lib.svg import inline_svg as strict_inline_svg

Series = tuple[str, Sequence[Decimal | int | float | None]]
BREAK_LABEL = "系列の断絶"

_FILLS = ("#1f4e8c", "#9cc3e6", "#e8a33d", "#e6e6e6")
_HATCHES = ("", "///", "xx", "...")
_MARKERS = ("o", "s", "^", "D")
_LINES = ("-", "--", ":", "-.")


def _floats(values) -> list[float]:
    out = []
    for v in values:
        d = _to_decimal(v)
        out.append(math.nan if d is None else float(d))
    return out


def _has_data(series: Sequence[Series]) -> bool:
    return any(not math.isnan(v) for _, values in series for v in _floats(values))


def _draw_breaks(ax, breaks: Sequence[int], horizontal: bool) -> None:
    for i in breaks:
        pos = i - 0.5
        if horizontal:
            ax.axhline(pos, color="#555555", linewidth=0.9, linestyle=(0, (3, 2)), zorder=3)
            ax.annotate(BREAK_LABEL, (1.0, pos), xycoords=("axes fraction", "data"),
                        ha="right", va="bottom", fontsize=_SMALL_SIZE, color="#333333")
        else:
            ax.axvline(pos, color="#555555", linewidth=0.9, linestyle=(0, (3, 2)), zorder=3)
            ax.annotate(BREAK_LABEL, (pos, 1.0), xycoords=("data", "axes fraction"),
                        ha="center", va="bottom", fontsize=_SMALL_SIZE, color="#333333")


def bar_chart(categories: Sequence[str], series: Sequence[Series], *, title: str, unit: str = "",
              horizontal: bool = False, breaks: Sequence[int] = (), fmt: str = "svg",
              width_cm: float = 16, height_cm: float | None = None) -> bytes:
    """Grouped bars: one group per category, one bar per series (at most four)."""
    categories, series = list(categories), list(series)[: len(_FILLS)]
    if height_cm is None:
        height_cm = max(7.0, 2.5 + 0.45 * len(categories) * max(len(series), 1)) if horizontal \
            else 8.0
    _check_args(fmt, width_cm, height_cm)
    if not categories or not _has_data(series):
        return _render(lambda: _no_data_figure(title, width_cm, height_cm), fmt)

    def build():
        fig = _new_figure(width_cm, height_cm)
        ax = fig.add_subplot()
        n = len(series)
        width = 0.8 / n
        positions = list(range(len(categories)))
        label_values = len(categories) * n <= 12
        for k, (name, values) in enumerate(series):
            offset = (k - (n - 1) / 2) * width
            xs = [p + offset for p in positions]
            ys = _floats(values)
            draw = ax.barh if horizontal else ax.bar
            bars = draw(xs, [0 if math.isnan(v) else v for v in ys], width * 0.95,
                        color=_FILLS[k], hatch=_HATCHES[k], edgecolor="black", linewidth=0.5,
                        label=name, zorder=2)
            if label_values:
                labels = ["" if math.isnan(v) else _format_tick(v) for v in ys]
                ax.bar_label(bars, labels, padding=2, fontsize=_SMALL_SIZE)
        value_axis = ax.xaxis if horizontal else ax.yaxis
        value_axis.set_major_locator(MaxNLocator(nbins="auto", min_n_ticks=3))
        value_axis.set_major_formatter(FuncFormatter(_format_tick))
        if horizontal:
            ax.set_yticks(positions, categories)
            ax.invert_yaxis()  # first category on top, like the table
            ax.grid(axis="x", color="#cccccc", linewidth=0.5, zorder=0)
            ax.axvline(0, color="black", linewidth=0.8)
            if unit:
                ax.set_xlabel(f"（{unit}）", loc="right")
        else:
            slot_cm = (width_cm - 2.5) / len(categories)
            labels, rotation = _fit_labels(categories, slot_cm)
            ax.set_xticks(positions, labels, rotation=rotation,
                          ha="right" if rotation else "center")
            ax.grid(axis="y", color="#cccccc", linewidth=0.5, zorder=0)
            ax.axhline(0, color="black", linewidth=0.8)
            if unit:
                ax.set_ylabel(f"（{unit}）", rotation=0, ha="left", va="bottom")
                ax.yaxis.set_label_coords(0.0, 1.01)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y" if horizontal else "x", length=0)
        _draw_breaks(ax, breaks, horizontal)
        if title:
            ax.set_title(title, loc="left", pad=16)
        if n > 1:
            fig.legend(loc="outside lower center", ncols=n if n <= 3 else 2, frameon=False,
                       fontsize=_BASE_SIZE)
        return fig

    return _render(build, fmt)


def line_chart(labels: Sequence[str], series: Sequence[Series], *, title: str, unit: str = "",
               breaks: Sequence[int] = (), fmt: str = "svg", width_cm: float = 16,
               height_cm: float = 8) -> bytes:
    """One line per series over `labels`; a None value leaves a gap, never a zero."""
    labels, series = list(labels), list(series)[: len(_MARKERS)]
    _check_args(fmt, width_cm, height_cm)
    if not labels or not _has_data(series):
        return _render(lambda: _no_data_figure(title, width_cm, height_cm), fmt)

    def build():
        fig = _new_figure(width_cm, height_cm)
        ax = fig.add_subplot()
        xs = list(range(len(labels)))
        for k, (name, values) in enumerate(series):
            ax.plot(xs, _floats(values), linestyle=_LINES[k], marker=_MARKERS[k], markersize=5,
                    color="black" if k == 0 else _FILLS[k - 1 if k > 1 else 0],
                    markerfacecolor="white" if k % 2 else "black", linewidth=1.3, label=name,
                    zorder=3)
        slot_cm = (width_cm - 2.5) / len(labels)
        tick_labels, rotation = _fit_labels(labels, slot_cm)
        ax.set_xticks(xs, tick_labels, rotation=rotation, ha="right" if rotation else "center")
        ax.set_xlim(-0.5, len(labels) - 0.5)
        ax.yaxis.set_major_locator(MaxNLocator(nbins="auto", min_n_ticks=3))
        ax.yaxis.set_major_formatter(FuncFormatter(_format_tick))
        ax.grid(axis="y", color="#cccccc", linewidth=0.5, zorder=0)
        ax.axhline(0, color="black", linewidth=0.6)
        ax.set_axisbelow(True)
        if unit:
            ax.set_ylabel(f"（{unit}）", rotation=0, ha="left", va="bottom")
            ax.yaxis.set_label_coords(0.0, 1.01)
        _draw_breaks(ax, breaks, horizontal=False)
        if title:
            ax.set_title(title, loc="left", pad=16)
        fig.legend(loc="outside lower center", ncols=len(series) if len(series) <= 3 else 2,
                   frameon=False, fontsize=_BASE_SIZE)
        return fig

    return _render(build, fmt)


def inline_svg(data: bytes) -> str:
    """SVG bytes → markup to inline in HTML (the XML prolog dropped, no inline CSS for the CSP)."""
    return strict_inline_svg(data)


from .periods import break_positions  # noqa: E402,F401  (kept here for callers)
