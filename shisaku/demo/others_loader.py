"""Load the demo その他の事業 of FY2021 (``shisaku.demo.others_data``), idempotently.

Run after ``load_demo_sheets()``: the sheets belong to its FY2021 cycle and to the
projects of ``load_demo()``. Same natural keys and rules as the verified sheets
(``sheets_loader``): Sheet by (cycle, project, revision 1), created or updated only where
a value differs, after ``full_clean()``; one history row when a sheet is created.
"""

from django.db import transaction

from shisaku.sheets.models import Cycle, Sheet, SheetChange

from . import others_data, sheets_data
from .sheets_loader import _SheetLoader


class _OtherSheetLoader(_SheetLoader):
    VERIFIED = False

    def other_sheet(self, cycle: Cycle, spec: dict) -> Sheet:
        project = self.project(spec["project"])
        spec_ = {name: "" for name in Sheet.TEXT_FIELDS}
        spec_.update(summary_next=spec["summary_next"],
                             summary_results=spec["summary_results"], state=spec["state"])
        return self.sheet(cycle, project, spec_)

    def other_sheets(self) -> None:
        cycle = Cycle.objects.get(fiscal_year=sheets_data.CYCLE_FY2021["fiscal_year"])
        for spec in others_data.OTHERS_FY2021:
            self.other_sheet(cycle, spec)
        self.say(f"その他の事業: {len(others_data.OTHERS_FY2021)}件")


def load_demo_other_sheets(user=None, stdout=None) -> dict[str, int]:
    """Load the FY2021 その他の事業 sheets. Returns created rows per model label."""
    loader = _OtherSheetLoader(user, stdout)
    with transaction.atomic():
        loader.other_sheets()
    return loader.counts([Sheet, SheetChange])
