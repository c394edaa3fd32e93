"""The demo's FY2021 as the city published it: a past year, final, in 2022-08.

The city printed its FY2021 report in 令和4年8月 (seed 002 gives the month, not the day),
so the year is recorded the way the report importer records an imported past year
(`sheets.cycle.record_past_publication`): every sheet frozen as published, the sheets the
report's excerpt lacks flagged as such, the month kept without inventing a day. Its
documents are built from that record the first time someone asks for them
(`reports.publish.ensure_document`).

`load-demo` runs this last; tests that walk the year before publication (verification,
responses, the publication gate) load the demo without it.
"""

from shisaku.sheets.cycle import record_past_publication
from shisaku.sheets.models import Cycle

PAST_FY = 2021
PUBLISHED_MONTH = "2022-08"
SOURCE = ("川崎市中小企業活性化のための成長戦略に関する条例に基づく施策の実施状況 "
          "令和3（2021）年度（令和4年8月発行）")


def past_year_published() -> bool:
    return Cycle.objects.published().filter(fiscal_year=PAST_FY).exists()


def publish_demo_past_year(stdout=None) -> dict[str, int]:
    """Records FY2021 as published; running it again changes nothing."""
    cycle = Cycle.objects.filter(fiscal_year=PAST_FY).first()
    if cycle is None or cycle.is_published:
        return {}
    record_past_publication(cycle, None, published_on=None, source=SOURCE,
                            published_month=PUBLISHED_MONTH)
    if stdout is not None:
        stdout.write("令和3（2021）年度を公表済の過去の年度として記録しました（令和4年8月発行）。")
    return {"sheets.Cycle": 0}
