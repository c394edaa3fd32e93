"""Charts shared by the web pages and the generated documents (PDF via Typst, Word).

This module is light: it knows the font and the chart inputs, and draws through
``chart_drawing`` (matplotlib), imported only when a chart is actually drawn. Charts
are deterministic, so a drawn chart is kept in ``CACHE_DIR`` (when set) under the
hash of its inputs: rebuilding a report from unchanged data draws nothing again.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .cleantext import printable_data

FONT_FAMILY = "IPAexGothic"
CACHE_DIR: Path | None = None  # set by the Django settings; None = no cache


def _fonts_dir() -> Path:
    # find_spec does not execute the package: importing matplotlib_fontja would call
    # its japanize(), which rewrites the process-wide rcParams as a side effect.
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("matplotlib-fontja is required for Japanese chart text")
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


_FONTS_DIR = _fonts_dir()
FONT_PATH: Path = _FONTS_DIR / "ipaexg.ttf"
FONT_LICENSE_PATH: Path | None = next(iter(sorted(_FONTS_DIR.glob("*[Ll]icen[cs]e*"))), None)


@dataclass(frozen=True)
class ChartPoint:
    """One x position of a target/actual chart, e.g. a fiscal year."""

    label: str  # "R2 (2020)"
    target: Decimal | float | None
    actual: Decimal | float | None
    note: str = ""  # e.g. "中止": written instead of the actual bar


def draw(path: str, *args: Any, **kwargs: Any) -> bytes:
    """Draw with any chart function given by dotted path ("shisaku.stats.charts.bar_chart"),
    importing it (and matplotlib) only when the chart is not in the cache."""
    module, _, name = path.rpartition(".")
    return _cached(name, args, kwargs, module)


def _cached(name: str, args: tuple, kwargs: dict[str, Any],
            module: str = "shisaku.lib.chart_drawing") -> bytes:
    import importlib

    def draw(*a: Any, **k: Any) -> bytes:
        return getattr(importlib.import_module(module), name)(*a, **k)

    # A label with a control character would make the SVG invalid XML (and the PDF fail).
    args, kwargs = printable_data(args), printable_data(kwargs)

    if CACHE_DIR is None:
        return draw(*args, **kwargs)
    key = hashlib.sha256(repr((module, name, args, sorted(kwargs.items()))).encode()).hexdigest()
    path = CACHE_DIR / f"{key}.{kwargs.get('fmt', 'svg')}"
    if path.exists():
        return path.read_bytes()
    data = draw(*args, **kwargs)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)  # atomic: a concurrent reader never sees half a chart
    return data


def target_actual_chart(points: Iterable[Any], **kwargs: Any) -> bytes:
    """Targets as a dashed line with hollow diamonds, actuals as labelled bars."""
    for key in ("title", "unit", "target_label", "actual_label", "no_data"):
        if key in kwargs:
            kwargs[key] = str(kwargs[key])
    return _cached("target_actual_chart", (tuple(points),), kwargs)


def rating_chart(rows: Iterable[tuple[str, Any]], **kwargs: Any) -> bytes:
    """Horizontal stacked bars of 達成 / 概ね達成 / 未達成 / 評価対象外 per row.

    Counts are keyed by rating code ("achieved", …); ``labels`` (code → word, in the
    reader's language) are what the legend shows."""
    for key in ("labels",):
        if kwargs.get(key) is not None:
            kwargs[key] = {str(k): str(v) for k, v in dict(kwargs[key]).items()}
    for key in ("title", "total_label", "no_data", "unit"):
        if key in kwargs:
            kwargs[key] = str(kwargs[key])  # lazy translations: drawn in the active language
    frozen = tuple((label, tuple(sorted(dict(counts).items()))) for label, counts in rows)
    return _cached("rating_chart", (tuple((label, dict(c)) for label, c in frozen),), kwargs)


def timeline_chart(steps: Iterable[tuple[str, Any, Any, str]], **kwargs: Any) -> bytes:
    """A schedule: (label, starts_on, ends_on or None, reported to) per step, as bars on a
    calendar (chart_timeline)."""
    for key in ("title", "today_label", "no_data"):
        if key in kwargs:
            kwargs[key] = str(kwargs[key])
    rows = tuple((str(label), start, end, str(body or "")) for label, start, end, body in steps)
    return draw("shisaku.lib.chart_timeline.timeline_chart", rows, **kwargs)


def __getattr__(name: str) -> Any:
    # Everything else (constants, helpers used by tests) lives with the drawing code.
    # Dunder lookups (the import system asks for __path__) must not load matplotlib.
    if name.startswith("__"):
        raise AttributeError(name)
    from . import chart_drawing

    try:
        return getattr(chart_drawing, name)
    except AttributeError:
        raise AttributeError(name) from None
