"""Builds the three documents (full report, summary, press release) from ReportData.

One module per section of the city's report; `full` puts them in the city's order."""

from .full import build_full
from .press import build_press
from .ratings import rating_counts
from .summary import build_summary

BUILDERS = {"full": build_full, "summary": build_summary, "press": build_press}
__all__ = ["BUILDERS", "build_full", "build_press", "build_summary", "rating_counts"]
