"""The due date of each step of a cycle: the one lookup the to-do lists use.

Today the cycle carries two dates (シート提出期限, 対応方針の提出期限); when the cycle has a
schedule with a deadline per step (and per section), only ``due_date`` changes.
"""

from datetime import date

from django.utils import timezone

from shisaku.sheets.models import Cycle

SHEET = "sheet"  # the sections fill and submit their sheets
RESPONSE = "response"  # the sections answer the council's opinions
FOLLOW_UP = "follow_up"  # the sections record what became of last year's responses


def due_date(cycle: Cycle, step: str, section=None) -> date | None:
    """When `step` of `cycle` is due (for `section`, once deadlines differ per section)."""
    if step == SHEET:
        return cycle.sheet_due
    if step in (RESPONSE, FOLLOW_UP):
        return cycle.response_due
    return None


def is_overdue(due: date | None, today: date | None = None) -> bool:
    return due is not None and due < (today or timezone.localdate())
