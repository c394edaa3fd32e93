"""The due date of each step, for the to-do lists: read from the year's schedule
(`is_overdue` is the schedule's own test, `schedule.passed`).

The schedule (`shisaku.notices.schedule`) holds one date per step of a year and, for the
steps a section works on, a section's own date. A to-do page asks about many sheets of few
years: `Deadlines` reads each year's schedule once (one query a year, whatever the rows).
"""

from datetime import date

from shisaku.notices import schedule
from shisaku.notices.models import Step
from shisaku.sheets.models import Cycle

SHEET = Step.SUBMISSION  # the sections fill and submit their sheets
RESPONSE = Step.RESPONSE  # the sections answer the council's opinions
FOLLOW_UP = Step.RESPONSE  # last year's responses are followed up by the open year's date
VERIFICATION = Step.VERIFICATION
SETTLEMENT = Step.SETTLEMENT
PUBLICATION = Step.PUBLICATION


class Deadlines:
    """Due dates for one page: each cycle's schedule loaded once."""

    def __init__(self, cycles=()) -> None:
        self._schedules: dict[int, schedule.Schedule] = schedule.load_many(cycles) if cycles else {}

    def due(self, cycle: Cycle, step: str, section=None) -> date | None:
        loaded = self._schedules.get(cycle.pk)
        if loaded is None:
            loaded = self._schedules[cycle.pk] = schedule.load(cycle)
        return loaded.due(step, section)


is_overdue = schedule.passed
