"""The drafting schedule of a program (its milestones) as a chart drawn by the shared chart
code (lib/charts): inline on the draft page (drafting) and as a figure any document can add
(PDF and HTML take the SVG, Word the PNG). Here, beside the document model, so that both the
drafting screens and the plan documents (reports/content) can use it."""

from __future__ import annotations

import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from shisaku.lib import charts
from shisaku.plan.models import Program

from .document import Figure


def steps(program: Program) -> list[tuple[str, datetime.date, datetime.date | None, str]]:
    return [(m.title, m.starts_on, m.ends_on, m.reported_to)
            for m in program.milestones.order_by("order")]


def title(program: Program) -> str:
    return _("%(name)sの策定スケジュール") % {"name": program.name}


def timeline_chart(program: Program, fmt: str = "svg", today: datetime.date | None = None,
                   rows=None) -> bytes:
    return charts.timeline_chart(rows if rows is not None else steps(program),
                                 title=title(program), fmt=fmt, today=today,
                                 today_label=_("今日"), no_data=_("予定がありません"))


def timeline_figure(program: Program) -> Figure:
    """The chart for a document, in Japanese (the documents are printed in Japanese)."""
    rows = steps(program)
    with translation.override("ja"):
        caption = title(program)

    def draw(fmt: str) -> bytes:
        with translation.override("ja"):
            return timeline_chart(program, fmt, rows=rows)

    return Figure(f"program{program.ordinal}-timeline", caption=caption, draw=draw)
