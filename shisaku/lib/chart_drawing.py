"""The matplotlib side of shisaku.lib.charts (imported only when a chart is drawn).

Charts shared by the web pages and the generated documents (PDF via Typst, Word).

One implementation so a figure looks the same on screen and in print:

* ``target_actual_chart`` – yearly targets (dashed line, hollow diamonds) against
  actuals (bars with value labels), e.g. an indicator of a plan.
* ``rating_chart`` – horizontal stacked bars of 達成 / 概ね達成 / 未達成 / 評価対象外
  counts per row (e.g. per ordinance article). Counts are keyed by the rating *code*
  (``RATINGS``: "achieved", …); the words drawn come from a ``labels`` mapping the caller
  gives in the reader's language (Japanese by default), never from the keys.

The shared matplotlib setup (font, rc settings, rendering) is in ``chart_setup`` and
the number and label formatting in ``chart_format``; this module holds the two charts.

Design notes:

* Only the object API (``matplotlib.figure.Figure`` + Agg canvas) is used: no pyplot
  global figure registry, so nothing leaks between requests.
* Text uses the IPAexGothic font shipped by ``matplotlib_fontja`` (never a system
  font), so a fresh CI machine renders exactly what a developer sees.
  ``FONT_PATH`` / ``FONT_LICENSE_PATH`` let document builders embed the same font.
* Output is byte-identical for the same input (fixed SVG hash salt, no dates or
  software versions in metadata), because rebuilt documents must not change.
* Everything is drawn to be read in black-and-white print: series differ by shape,
  line style and hatch, not by colour alone.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from decimal import Decimal

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import ScaledTranslation

from shisaku.lib.chart_format import (
    _chars_fitting,
    _common_places,
    _fit_labels,
    _format_tick,
    _format_value,
    _to_decimal,
    _value_label_offset,
)
from shisaku.lib.chart_setup import (
    _BASE_SIZE,
    _PT_PER_CM,
    _SMALL_SIZE,
    CONTENT_TYPES,
    FORMATS,
    NO_DATA_TEXT,
    ChartFormat,
    _check_args,
    _new_figure,
    _no_data_figure,
    _render,
)
from shisaku.lib.charts import (  # noqa: F401  (re-exported for the light module)
    FONT_FAMILY,
    FONT_LICENSE_PATH,
    FONT_PATH,
    ChartPoint,
)

__all__ = [
    "CONTENT_TYPES",
    "FONT_FAMILY",
    "FONT_LICENSE_PATH",
    "FONT_PATH",
    "FORMATS",
    "NO_DATA_TEXT",
    "RATINGS",
    "RATING_LABELS",
    "ChartFormat",
    "ChartPoint",
    "rating_chart",
    "target_actual_chart",
]

TARGET_LABEL = "目標"
ACTUAL_LABEL = "実績"
TOTAL_LABEL = "計"
# Legend and stacking order: the rating codes (shisaku.sheets.achievement.Rating values),
# the only keys rating_chart accepts. Labels are separate and only for display.
RATINGS: tuple[str, ...] = ("achieved", "mostly", "not_achieved", "not_rated")
RATING_LABELS: dict[str, str] = {
    "achieved": "達成", "mostly": "概ね達成", "not_achieved": "未達成", "not_rated": "評価対象外",
}

_ACTUAL_COLOR = "#6f8fb8"  # mid grey-blue: a mid grey in print, black labels stay legible
_TARGET_COLOR = "#000000"
_TARGET_DASH = (0, (4, 2.5))
# Colour + hatch per rating. Lightness differs too, so a greyscale copy still
# separates them; hatch colour is chosen to contrast with the fill.
_RATING_STYLE: dict[str, dict[str, str]] = {
    "achieved": {"color": "#1f4e8c", "hatch": "", "hatchcolor": "#ffffff", "text": "#ffffff"},
    "mostly": {"color": "#9cc3e6", "hatch": "///", "hatchcolor": "#2f5f8f", "text": "#000000"},
    "not_achieved": {"color": "#e8a33d", "hatch": "xx", "hatchcolor": "#5a3a00",
                     "text": "#000000"},
    "not_rated": {"color": "#e6e6e6", "hatch": "...", "hatchcolor": "#555555", "text": "#000000"},
}


# --- public API ------------------------------------------------------------------------


def target_actual_chart(
    points: Sequence[ChartPoint],
    *,
    title: str,
    unit: str,
    fmt: ChartFormat | str = "svg",
    width_cm: float = 16,
    height_cm: float = 8,
    target_label: str = TARGET_LABEL,
    actual_label: str = ACTUAL_LABEL,
    no_data: str = NO_DATA_TEXT,
) -> bytes:
    """Targets as a dashed line with hollow diamonds, actuals as labelled bars.

    ``None`` leaves a gap (never a zero). A point with a ``note`` shows the note
    at its x position instead of an actual bar; its target is still drawn.
    ``target_label``/``actual_label``/``no_data`` are the words drawn, in the reader's
    language (Japanese by default).
    """
    _check_args(fmt, width_cm, height_cm)
    points = list(points)
    values = [
        v
        for p in points
        for v in (_to_decimal(p.target), None if p.note else _to_decimal(p.actual))
        if v is not None
    ]
    if not values and not any(p.note for p in points):
        return _render(lambda: _no_data_figure(title, width_cm, height_cm, no_data), fmt)
    legend = (target_label, actual_label)
    return _render(
        lambda: _target_actual_figure(points, values, title, unit, width_cm, height_cm, legend),
        fmt,
    )


def rating_chart(
    rows: Sequence[tuple[str, Mapping[str, int]]],
    *,
    title: str,
    fmt: ChartFormat | str = "svg",
    unit: str = "件",
    width_cm: float = 16,
    height_cm: float | None = None,
    labels: Mapping[str, str] | None = None,
    total_label: str = TOTAL_LABEL,
    no_data: str = NO_DATA_TEXT,
) -> bytes:
    """One horizontal stacked bar of rating counts per row, first row on top.

    ``counts`` keys must be rating codes among ``RATINGS``; missing keys count as 0.
    ``labels`` maps each code to the word drawn in the legend (default: Japanese
    ``RATING_LABELS``); ``total_label`` and ``no_data`` are the other words drawn.
    ``height_cm`` defaults to a height that grows with the number of rows.
    """
    rows = [(label, dict(counts)) for label, counts in rows]
    for label, counts in rows:
        unknown = set(counts) - set(RATINGS)
        if unknown:
            raise ValueError(f"{label}: unknown rating(s) {sorted(unknown)}; expected {RATINGS}")
        if any(int(c) < 0 for c in counts.values()):
            raise ValueError(f"{label}: counts must not be negative")
    names = {**RATING_LABELS, **{str(k): str(v) for k, v in (labels or {}).items()}}
    if set(names) != set(RATINGS):
        raise ValueError(f"labels: unknown rating(s) {sorted(set(names) - set(RATINGS))}")
    if height_cm is None:
        # ~0.75 cm per bar plus room for title, axis and legend.
        height_cm = max(6.0, 3.6 + 0.75 * len(rows))
    _check_args(fmt, width_cm, height_cm)
    if not any(sum(counts.values()) for _, counts in rows):
        return _render(lambda: _no_data_figure(title, width_cm, height_cm, no_data), fmt)
    return _render(
        lambda: _rating_figure(rows, title, unit, width_cm, height_cm, names, total_label), fmt
    )


def _target_actual_figure(
    points: list[ChartPoint],
    values: list[Decimal],
    title: str,
    unit: str,
    width_cm: float,
    height_cm: float,
    legend: tuple[str, str] = (TARGET_LABEL, ACTUAL_LABEL),
) -> Figure:
    fig = _new_figure(width_cm, height_cm)
    ax = fig.add_subplot()
    xs = list(range(len(points)))
    integral = all(v == v.to_integral_value() for v in values)

    # Bars only where there is an actual and no note: None stays a gap.
    actuals = [None if p.note else _to_decimal(p.actual) for p in points]
    targets = [_to_decimal(p.target) for p in points]
    bar_x = [x for x, v in zip(xs, actuals, strict=True) if v is not None]
    bar_v = [v for v in actuals if v is not None]
    ax.bar(
        bar_x,
        [float(v) for v in bar_v],
        width=0.6,
        color=_ACTUAL_COLOR,
        edgecolor="black",
        linewidth=0.6,
        zorder=2,
    )

    # NaN breaks the line, so a missing target is a gap, not a drop to zero.
    ys = [math.nan if t is None else float(t) for t in targets]
    ax.plot(
        xs,
        ys,
        linestyle=_TARGET_DASH,
        linewidth=1.4,
        color=_TARGET_COLOR,
        marker="D",
        markersize=6,
        markerfacecolor="white",
        markeredgecolor=_TARGET_COLOR,
        markeredgewidth=1.3,
        zorder=3,
    )

    # y from 0 (or below, for negative values); headroom for the value labels.
    top = max([float(v) for v in values] + [0.0])
    bottom = min([float(v) for v in values] + [0.0])
    if top == bottom:
        top = 1.0
    span = top - bottom
    ylim = (bottom - (0.12 * span if bottom < 0 else 0), top + 0.15 * span)
    ax.set_ylim(*ylim)

    # Rough axes height (figure minus title, ticks and legend) to convert points to data.
    pt_in_data = (ylim[1] - ylim[0]) / max(height_cm * _PT_PER_CM - 80, 40)
    places = _common_places(bar_v)
    for x, v in zip(bar_x, bar_v, strict=True):
        target = targets[x]
        offset, inside = _value_label_offset(
            float(v), None if target is None else float(target), pt_in_data
        )
        up = (v >= 0) != inside  # which way the text grows from the bar end
        # A white box lets the text cut through the dashed target line legibly.
        box = (
            None
            if inside
            else {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"}
        )
        ax.annotate(
            _format_value(v, places),
            (x, float(v)),
            xytext=(0, offset if up else -offset),
            textcoords="offset points",
            ha="center",
            va="bottom" if up else "top",
            fontsize=_SMALL_SIZE,
            zorder=4,
            bbox=box,
        )
    ax.yaxis.set_major_locator(MaxNLocator(nbins="auto", integer=integral, min_n_ticks=3))
    ax.yaxis.set_major_formatter(FuncFormatter(_format_tick))
    ax.axhline(0, color="black", linewidth=0.8, zorder=1)
    ax.grid(axis="y", color="#cccccc", linewidth=0.5, zorder=0)
    ax.set_axisbelow(True)

    ax.set_xlim(-0.6, len(points) - 0.4)
    slot_cm = (width_cm - 2.5) / max(len(points), 1)  # 2.5 cm ≈ y-axis labels and margins
    labels, rotation = _fit_labels([p.label for p in points], slot_cm)
    ax.set_xticks(
        xs,
        labels,
        rotation=rotation,
        ha="right" if rotation else "center",
        rotation_mode="anchor" if rotation else "default",
    )
    ax.tick_params(axis="x", length=0)

    for x, p in zip(xs, points, strict=True):
        if p.note:
            # Sits on the baseline in a box so it reads as "no bar here, because…".
            note = "\n".join(textwrap.wrap(p.note, width=max(2, _chars_fitting(slot_cm))))
            ax.annotate(
                note,
                (x, 0),
                xytext=(0, 4),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=_SMALL_SIZE,
                zorder=4,
                bbox={
                    "boxstyle": "round,pad=0.25",
                    "facecolor": "white",
                    "edgecolor": "#555555",
                    "linewidth": 0.6,
                },
            )

    # The unit reads horizontally above the axis, as in Japanese statistical tables.
    if unit:
        ax.set_ylabel(f"（{unit}）", rotation=0, ha="right", va="bottom")
        # Just above the axis top, clear of the topmost tick label whatever the height.
        ax.yaxis.set_label_coords(
            0.0, 1.0, transform=ax.transAxes + ScaledTranslation(0, 7 / 72, fig.dpi_scale_trans)
        )
    if title:
        ax.set_title(title, loc="left", pad=14)

    handles = [
        Line2D(
            [],
            [],
            linestyle=_TARGET_DASH,
            linewidth=1.4,
            color=_TARGET_COLOR,
            marker="D",
            markersize=6,
            markerfacecolor="white",
            markeredgewidth=1.3,
        ),
        Patch(facecolor=_ACTUAL_COLOR, edgecolor="black", linewidth=0.6),
    ]
    fig.legend(
        handles,
        list(legend),
        loc="outside lower center",
        ncols=2,
        frameon=False,
        handlelength=3.65,
        fontsize=_BASE_SIZE,
    )
    return fig


def _rating_figure(
    rows: list[tuple[str, dict[str, int]]],
    title: str,
    unit: str,
    width_cm: float,
    height_cm: float,
    names: Mapping[str, str] = RATING_LABELS,
    total_label: str = TOTAL_LABEL,
) -> Figure:
    fig = _new_figure(width_cm, height_cm)
    ax = fig.add_subplot()
    ys = list(range(len(rows)))
    totals = [sum(int(c.get(r, 0)) for r in RATINGS) for _, c in rows]
    max_total = max(totals)
    plot_cm = width_cm - 4.0  # minus row labels and margins, for the fits-inside check

    left = [0] * len(rows)
    for rating in RATINGS:
        style = _RATING_STYLE[rating]
        widths = [int(c.get(rating, 0)) for _, c in rows]
        ax.barh(
            ys,
            widths,
            left=left,
            height=0.62,
            color=style["color"],
            hatch=style["hatch"],
            hatchcolor=style["hatchcolor"],
            edgecolor="black",
            linewidth=0.6,
            label=names[rating],
            zorder=2,
        )
        for y, w, x0 in zip(ys, widths, left, strict=True):
            # Count inside the segment only when it fits; the total at the end
            # still accounts for narrow segments.
            if w and w / max_total * plot_cm >= 0.25 * len(str(w)) + 0.2:
                ax.text(
                    x0 + w / 2,
                    y,
                    str(w),
                    ha="center",
                    va="center",
                    fontsize=_SMALL_SIZE,
                    color=style["text"],
                    zorder=3,
                    bbox={
                        "boxstyle": "square,pad=0.25",
                        "facecolor": style["color"],
                        "edgecolor": "none",
                    },
                )
        left = [a + b for a, b in zip(left, widths, strict=True)]

    for y, t in zip(ys, totals, strict=True):
        ax.annotate(
            f"{total_label} {t:,}",
            (t, y),
            xytext=(4, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=_SMALL_SIZE,
            color="#333333",
        )

    ax.set_yticks(ys, [label for label, _ in rows])
    ax.invert_yaxis()  # first row on top, like the table it summarises
    ax.set_xlim(0, max_total * 1.12 + 1)
    ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(_format_tick))
    ax.grid(axis="x", color="#cccccc", linewidth=0.5, zorder=0)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    if unit:
        ax.set_xlabel(f"（{unit}）", loc="right")
    if title:
        ax.set_title(title, loc="left")
    fig.legend(
        loc="outside lower center",
        ncols=len(RATINGS),
        frameon=False,
        fontsize=_BASE_SIZE,
        handlelength=2.2,
        handleheight=1.1,
    )
    return fig

