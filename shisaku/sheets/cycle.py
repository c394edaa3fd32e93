"""Starting and moving a fiscal-year cycle.

Starting FY n creates a sheet for every project active in n, prefilled from FY n-1
following lineage: a project merged from others brings their indicators.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shisaku.lib.era import format_fy
from shisaku.projects.models import LineageEvent, Project

from .models import Cycle, Indicator, IndicatorValue, Sheet, SheetChange


def predecessors_in(fy: int) -> dict[int, list[int]]:
    """project id → ids of the projects it continues from FY fy-1 (by lineage events of fy)."""
    mapping: dict[int, list[int]] = {}
    events = LineageEvent.objects.filter(effective_fy=fy).prefetch_related(
        "predecessors", "successors")
    for event in events:
        for after in event.successors.all():
            mapping.setdefault(after.pk, []).extend(p.pk for p in event.predecessors.all())
    return mapping


@transaction.atomic
def start_cycle(fy: int, user, progress=None, **dates) -> Cycle:
    if Cycle.objects.filter(fiscal_year=fy).exists():
        raise ValidationError(_("%(fy)sのサイクルは既にあります。") % {"fy": format_fy(fy)})
    cycle = Cycle(fiscal_year=fy, status=Cycle.Status.PREPARING, **dates)
    cycle.full_clean()
    cycle.save()
    previous = {
        s.project_id: s for s in Sheet.objects.current().filter(cycle__fiscal_year=fy - 1)
    }
    sources = predecessors_in(fy)
    projects = list(Project.objects.active_in(fy).order_by("group", "position", "name"))
    for index, project in enumerate(projects, 1):
        origin_ids = [project.pk] + sources.get(project.pk, [])
        prior = [previous[pk] for pk in origin_ids if pk in previous]
        sheet = Sheet.objects.create(cycle=cycle, project=project, updated_by=user,
                                     **_prefill_texts(prior))
        _carry_indicators(project, sources.get(project.pk, []), fy)
        SheetChange.objects.create(sheet=sheet, field=_("作成"), after=_("前年度から引継ぎ")
                                   if prior else _("新規作成"), user=user)
        if progress:
            progress(index, len(projects), project.name)
    return cycle


def _prefill_texts(prior: list[Sheet]) -> dict:
    if not prior:
        return {}
    first = prior[0]
    # Last year's "next-year plan" is this year's plan; goal and activities carry over.
    return {
        "goal": first.goal,
        "activities": "\n".join(s.activities for s in prior if s.activities),
        "plan": "\n".join(s.next_plan for s in prior if s.next_plan),
    }


def _carry_indicators(project: Project, predecessor_ids: list[int], fy: int) -> None:
    continued = set(
        Indicator.objects.filter(project=project, previous__isnull=False)
        .values_list("previous_id", flat=True)
    )
    order = project.indicators.count()
    for old in Indicator.objects.filter(project_id__in=predecessor_ids, retired_fy__isnull=True):
        if old.pk in continued:
            continue
        order += 1
        Indicator.objects.create(
            project=project, name=old.name, unit=old.unit, kind=old.kind,
            direction=old.direction, measure=old.measure, order=order, previous=old,
        )
    # Propose last year's target for every indicator that has none yet this year.
    for indicator in project.indicators.filter(retired_fy__isnull=True).select_related("previous"):
        if indicator.values.filter(fiscal_year=fy).exists():
            continue
        source = indicator if indicator.values.filter(fiscal_year=fy - 1).exists() else indicator.previous
        last = source.values.filter(fiscal_year=fy - 1).first() if source else None
        if last is not None and last.target is not None:
            IndicatorValue.objects.create(indicator=indicator, fiscal_year=fy, target=last.target)


# Other apps add what blocks 確定 (the verification app: opinions without a response).
SETTLE_CHECKS: list = []


def settle_blockers(cycle: Cycle) -> list[str]:
    problems = [
        _("シート未確認: %(name)s（%(state)s）") % {
            "name": sheet.project.heading, "state": sheet.get_state_display()}
        for sheet in Sheet.objects.current().filter(cycle=cycle, verified=True)
        .exclude(state__in=[Sheet.State.CONFIRMED, Sheet.State.PUBLISHED])
        .select_related("project")
    ]
    for check in SETTLE_CHECKS:
        problems.extend(check(cycle))
    return problems


@transaction.atomic
def move_cycle(cycle: Cycle, status: str, user) -> Cycle:
    """Advance the cycle; 確定 needs every verified sheet confirmed; 公表 publishes the sheets."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if not cycle.can_move_to(status):
        raise ValidationError(
            _("「%(from)s」から「%(to)s」には進めません。") % {
                "from": cycle.get_status_display(), "to": Cycle.Status(status).label}
        )
    sheets = Sheet.objects.current().filter(cycle=cycle)
    if status == Cycle.Status.SETTLED:
        problems = settle_blockers(cycle)
        if problems:
            raise ValidationError(
                [_("確定できません。次を済ませてください。")] + problems[:50]
                + ([_("ほか%(n)s件") % {"n": len(problems) - 50}] if len(problems) > 50 else []))
    if status == Cycle.Status.PUBLISHED:
        not_ready = sheets.exclude(state__in=[Sheet.State.CONFIRMED, Sheet.State.PUBLISHED])
        if not_ready.filter(verified=True).exists():
            raise ValidationError(_("確認済でない検証対象シートがあるため公表できません。"))
        from .workflow import transition

        for sheet in sheets.filter(state=Sheet.State.CONFIRMED):
            transition(sheet, "publish", user)
        cycle.published_on = cycle.published_on or timezone.localdate()
    cycle.status = status
    cycle.save()
    return cycle
