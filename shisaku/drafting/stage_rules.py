"""Rules other apps add to the program turn's stage moves, without drafting knowing them.

An app above drafting (the public comment) registers a check in its AppConfig.ready; the
stage move asks every check before it writes and refuses with their messages. A check takes
the program (locked, as it stands) and the stage it is to move to, and returns the reasons
it may not, in Japanese (an empty list when it may).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError

from shisaku.plan.models import Program

StageCheck = Callable[[Program, str], list[str]]

_checks: list[StageCheck] = []


def register(check: StageCheck) -> StageCheck:
    if check not in _checks:
        _checks.append(check)
    return check


def refusals(program: Program, to: str) -> list[str]:
    return [message for check in _checks for message in check(program, to)]


def require_allowed(program: Program, to: str) -> None:
    problems = refusals(program, to)
    if problems:
        raise ValidationError(problems, code="stage")
