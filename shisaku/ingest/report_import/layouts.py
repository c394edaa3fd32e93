"""The layouts an uploaded report is read with: the city's (Kawasaki's) and the report
Shisaku itself prints, whose chapters come from the city's report profile (#10)."""

from __future__ import annotations

from .. import reader

# The mark the PDF prints before a sheet's headings (reports/typst_render.py, level 4).
PDF_HEADING_MARK = "■"


def own_report_layout(profile=None) -> reader.Layout:
    """The layout of the 実施状況報告書 this system builds (reports.content.full)."""
    from shisaku.reports import profile as report_profile
    from shisaku.reports.content.common import REPORT_TITLE

    profile = profile or report_profile.current()
    chapters = [(s.key, s.heading) for s in report_profile.sections(profile) if s.shown]
    return reader.own_layout(title=REPORT_TITLE, chapters=chapters,
                             heading_mark=PDF_HEADING_MARK,
                             fy_placeholder=report_profile.FY_PLACEHOLDER)


def layouts(profile=None) -> tuple[reader.Layout, ...]:
    """Every layout an upload may be in, the city's first (it wins a tie)."""
    return (reader.KAWASAKI, own_report_layout(profile))
