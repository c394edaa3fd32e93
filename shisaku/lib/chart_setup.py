"""The matplotlib setup every chart shares: font, rc settings, deterministic output, figures.

The bundled IPAexGothic is registered once on import; `_render` builds and saves a figure
under a lock with the shared rc settings and metadata-free output, so the same input
gives the same bytes. The charts themselves are drawn in shisaku.lib.chart_drawing
(indicator charts) and shisaku.stats.charts (statistics charts).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from shisaku.lib.charts import FONT_FAMILY, FONT_PATH

ChartFormat = Literal["svg", "png", "pdf"]
FORMATS: tuple[str, ...] = ("svg", "png", "pdf")
CONTENT_TYPES: dict[str, str] = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "pdf": "application/pdf",
}

NO_DATA_TEXT = "データがありません"

PNG_DPI = 200
_CM_PER_INCH = 2.54
_PT_PER_CM = 72 / _CM_PER_INCH

_BASE_SIZE = 9.0  # pt; readable at 16 cm wide on A4 and on screen
_SMALL_SIZE = 8.0
_TITLE_SIZE = 11.0


# --- font ------------------------------------------------------------------------------


def _register_font(path: Path) -> None:
    font_manager.fontManager.addfont(str(path))
    # findfont keeps the first of equally good matches, and a system copy of
    # IPAexGothic (e.g. Debian's fonts-ipaexfont) is listed before ours. Move the
    # bundled file to the front so every machine resolves the same file.
    # addfont() has just cleared the lookup cache, so the new order takes effect.
    ttf = font_manager.fontManager.ttflist
    ours = [f for f in ttf if Path(f.fname) == path]
    ttf[:] = ours + [f for f in ttf if Path(f.fname) != path]


_register_font(FONT_PATH)

# Applied only while a chart is built and saved (see _render).
_RC: dict[str, Any] = {
    # DejaVu Sans ships with matplotlib; it only fills glyphs IPAexGothic lacks.
    "font.family": [FONT_FAMILY, "DejaVu Sans"],
    "font.size": _BASE_SIZE,
    "axes.titlesize": _TITLE_SIZE,
    "axes.unicode_minus": True,
    "text.parse_math": False,  # "$" in a label is text, not mathtext
    "svg.fonttype": "path",  # browsers render it without the font installed
    "svg.hashsalt": "shisaku-charts",  # stable clip-path/glyph ids
    "svg.id": None,
    "pdf.fonttype": 42,  # TrueType subset: selectable, searchable Japanese text
    "pdf.compression": 6,
    "hatch.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
}

_METADATA: dict[str, dict[str, Any]] = {
    "svg": {"Date": None},
    "png": {"Software": None},
    "pdf": {"CreationDate": None, "ModDate": None},
}

# rcParams and the font cache are process-wide; gunicorn threads must not
# interleave one chart's settings with another's.
_LOCK = threading.Lock()

# --- rendering -------------------------------------------------------------------------


def _check_args(fmt: str, width_cm: float, height_cm: float) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
    if not (width_cm > 0 and height_cm > 0):
        raise ValueError("width_cm and height_cm must be positive")


def _render(build: Callable[[], Figure], fmt: str) -> bytes:
    with _LOCK, matplotlib.rc_context(_RC):  # type: ignore[arg-type]  # keys are rc names
        # Built inside the context: artists read font and style defaults on creation.
        fig = build()
        FigureCanvasAgg(fig)
        buf = io.BytesIO()
        fig.savefig(
            buf,
            format=fmt,
            dpi=PNG_DPI if fmt == "png" else 72,
            metadata=_METADATA[fmt],
        )
    return buf.getvalue()


def _new_figure(width_cm: float, height_cm: float) -> Figure:
    # Constrained layout keeps title, tick labels and the outside legend inside
    # the page area whatever the label lengths are.
    return Figure(
        figsize=(width_cm / _CM_PER_INCH, height_cm / _CM_PER_INCH),
        layout="constrained",
        facecolor="white",
    )


def _no_data_figure(
    title: str, width_cm: float, height_cm: float, text: str = NO_DATA_TEXT
) -> Figure:
    # Small on purpose: a placeholder should not take a full chart's space.
    fig = _new_figure(width_cm, min(height_cm, 3.5))
    ax = fig.add_subplot()
    ax.set_axis_off()
    if title:
        ax.set_title(title, loc="left")
    ax.text(
        0.5,
        0.5,
        text,
        ha="center",
        va="center",
        transform=ax.transAxes,
        color="#444444",
        fontsize=_BASE_SIZE + 1,
    )
    return fig

