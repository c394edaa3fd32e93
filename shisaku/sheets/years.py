"""Fiscal-year facts the sheets need from the plan."""

from shisaku.plan.models import Program


def final_years() -> set[int]:
    """The last FY of every execution program: the year a sheet reports program results."""
    return set(Program.objects.values_list("last_fy", flat=True))


def program_for(fy: int) -> Program | None:
    return Program.objects.covering(fy).first()


def allowed_value_years(fy: int) -> range | None:
    """FYs a sheet of `fy` may carry values for: its program's years and the year before."""
    program = program_for(fy)
    if program is None:
        return None
    return range(min(program.first_fy, fy - 1), program.last_fy + 2)
