"""Load the demo's art. 19 page (FY2021) through the one write path (sheets.procurement).

Run after ``load_demo_sheets()`` (the page belongs to the FY2021 cycle). A second run
changes nothing; a published year is left as it is.
"""

from shisaku.sheets.models import Cycle
from shisaku.sheets.procurement import EvaluationRow, save_procurement_page

from . import procurement_data as pd


def load_demo_procurement(stdout=None) -> dict[str, int]:
    """Returns created rows per model label."""
    cycle = Cycle.objects.filter(fiscal_year=pd.FISCAL_YEAR).first()
    if cycle is None or cycle.is_published:
        return {}
    existed = hasattr(cycle, "procurement_page")
    page = save_procurement_page(
        cycle, None, plan=pd.PLAN, rule_changes=pd.RULE_CHANGES,
        evaluation_title=pd.EVALUATION_TITLE, evaluation_notes=pd.EVALUATION_NOTES,
        contract_notes=pd.CONTRACT_NOTES, subsidised_intro=pd.SUBSIDISED_INTRO,
        subsidised_notes=pd.SUBSIDISED_NOTES,
        evaluation=[EvaluationRow(name, points, pd.GROUP, added_on)
                    for name, points, added_on in pd.EVALUATION])
    if stdout is not None:
        stdout.write(f"第19条の頁: {page.evaluation_items.count()}項目の主観評価項目")
    return {} if existed else {"sheets.ProcurementPage": 1,
                               "sheets.EvaluationItem": len(pd.EVALUATION)}
