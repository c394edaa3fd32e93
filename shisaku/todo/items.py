"""One line of a to-do list: what to do, where it is done, and by when."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Item:
    text: str
    url: str
    due: date | None = None
    overdue: bool = False
    note: str = ""  # e.g. the reason a sheet was returned
    state: str = ""  # the record's state, as displayed
