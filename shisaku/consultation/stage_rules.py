"""A public comment belongs to one stage of a draft program (usually 素案).

- It is set up or changed only while its program is not adopted through the drafting
  procedure (a program entered as adopted, without a drafting record, may carry the record
  of the consultation the city held before Shisaku).
- Its period opens only while the draft program is at the consultation's stage, and the
  program does not leave that stage while the period is open (募集中).
- The program is not adopted while a consultation on it that was opened has no published
  result: the city answers the public before it adopts.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shisaku.drafting import stage_rules
from shisaku.plan.models import Program

from .models import Consultation

State = Consultation.State


def require_open_program(program: Program) -> None:
    """Refuse a consultation on a program adopted through the drafting procedure."""
    if program.is_final:
        raise ValidationError(
            _("%(name)sは策定済みのため、意見公募を設けたり変更したりできません。")
            % {"name": program.name}, code="adopted")


def require_stage_to_open(consultation: Consultation) -> None:
    program = consultation.program
    require_open_program(program)
    if program.is_draft and program.stage != consultation.stage:
        raise ValidationError(
            _("募集を開始できるのは、%(name)sが「%(stage)s」の段階にある間だけです"
              "（現在は「%(now)s」）。")
            % {"name": program.name, "stage": consultation.get_stage_display(),
               "now": program.get_stage_display()}, code="stage")


def stage_move_refusals(program: Program, to: str) -> list[str]:
    """Registered with the program turn: what a consultation says against the move."""
    problems = []
    for consultation in Consultation.objects.filter(program=program).exclude(
            state__in=(State.PREPARING, State.PUBLISHED)):
        if to == Program.Stage.ADOPTED:
            problems.append(_("意見公募「%(title)s」の結果が公表されていません。結果を公表してから"
                              "策定してください。") % {"title": consultation.title})
        elif consultation.state == State.OPEN and program.stage == consultation.stage:
            problems.append(_("意見公募「%(title)s」の募集期間中は、「%(stage)s」の段階から移せません。"
                              "先に募集を締め切ってください。")
                            % {"title": consultation.title,
                               "stage": consultation.get_stage_display()})
    return problems


def register() -> None:
    stage_rules.register(stage_move_refusals)
