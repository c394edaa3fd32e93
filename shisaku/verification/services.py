"""Writing opinions, responses and follow-ups: validated, numbered, one transaction each."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from shisaku.accounts import access
from shisaku.sheets.models import Cycle, Sheet

from .models import FollowUp, Opinion, Response

Scope = Opinion.Scope


def _check_target(opinion: Opinion) -> None:
    if opinion.scope == Scope.SHEET:
        sheet = opinion.sheet
        if sheet is None:
            raise ValidationError(_("意見を付ける事業シートを選んでください。"))
        if sheet.cycle_id != opinion.cycle_id:
            raise ValidationError(_("別の年度のシートには意見を付けられません。"))
        if not sheet.verified:
            raise ValidationError(
                _("「%(name)s」はこの年度の検証対象ではないため、意見を付けられません。")
                % {"name": sheet.project.name})
    elif opinion.scope == Scope.GROUP:
        verified_groups = set(
            Sheet.objects.current().filter(cycle_id=opinion.cycle_id, verified=True)
            .exclude(project__group="").values_list("project__group", flat=True))
        if opinion.group not in verified_groups:
            raise ValidationError(
                _("「%(group)s」はこの年度の検証対象の関連事業ではありません。")
                % {"group": opinion.group})
    elif opinion.scope == Scope.ARTICLE and opinion.article_id is None:
        raise ValidationError(_("意見を付ける条文を選んでください。"))
    if not opinion.text.strip():
        raise ValidationError(_("意見を入力してください。"))


@transaction.atomic
def add_opinion(cycle: Cycle, user, *, text: str, scope: str = Scope.SHEET, sheet=None,
                group: str = "", article=None, committee=None, meeting=None,
                themes=()) -> Opinion:
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if not access.can_write_opinions(user, cycle):
        if cycle.status != Cycle.Status.VERIFYING:
            raise ValidationError(_("検証意見は年度サイクルが「検証中」のときだけ記入できます。"))
        raise PermissionDenied
    opinion = Opinion(cycle=cycle, scope=scope, sheet=sheet, group=group, article=article,
                      text=text.strip(), committee=committee, meeting=meeting,
                      themes=[t.strip() for t in themes if t.strip()], author=user)
    _check_target(opinion)
    last = opinion.siblings().aggregate(n=Max("number"))["n"] or 0
    opinion.number = last + 1
    opinion.save()
    return opinion


def _fresh_opinion(opinion: Opinion) -> Opinion:
    return Opinion.objects.select_for_update(of=("self",)).select_related(
        "cycle", "sheet__project").get(pk=opinion.pk)


@transaction.atomic
def change_opinion(opinion: Opinion, user, *, text: str, themes=None) -> Opinion:
    opinion = _fresh_opinion(opinion)
    if not access.can_change_opinion(user, opinion):
        raise PermissionDenied
    if not text.strip():
        raise ValidationError(_("意見を入力してください。"))
    opinion.text = text.strip()
    if themes is not None:
        opinion.themes = [t.strip() for t in themes if t.strip()]
    opinion.save()
    return opinion


@transaction.atomic
def delete_opinion(opinion: Opinion, user) -> None:
    """Remove an opinion and close the gap: ①②③ minus ② reads ①②, never ①③."""
    opinion = _fresh_opinion(opinion)
    if not access.can_change_opinion(user, opinion):
        raise PermissionDenied
    siblings = opinion.siblings()
    opinion.delete()
    renumber(siblings)


def renumber(siblings) -> None:
    rows = list(siblings.select_for_update().order_by("number", "pk"))
    # Two passes, so the unique (scope, number) constraint never sees a duplicate.
    for offset, row in enumerate(rows, 1):
        Opinion.objects.filter(pk=row.pk).update(number=1000 + offset)
    for offset, row in enumerate(rows, 1):
        Opinion.objects.filter(pk=row.pk).update(number=offset)


def _response_section(opinion: Opinion):
    if opinion.scope == Scope.SHEET and opinion.sheet_id:
        return opinion.sheet.project.section
    return None


@transaction.atomic
def respond(opinion: Opinion, user, *, text: str, classification: str, effective_fy=None,
            plan_items=(), section=None) -> Response:
    """The one response to an opinion; a second one is refused, not stacked."""
    opinion = Opinion.objects.select_for_update(of=("self",)).select_related(
        "cycle", "sheet__project").get(pk=opinion.pk)
    if not access.can_respond(user, opinion):
        if opinion.cycle.is_published:
            raise ValidationError(_("公表済の年度の対応は変更できません。"))
        raise PermissionDenied
    if Response.objects.filter(opinion=opinion).exists():
        raise ValidationError(
            _("意見%(label)sには既に対応が登録されています。編集してください。")
            % {"label": opinion.label})
    own = _response_section(opinion)
    if section is not None and own is not None and section != own:
        raise ValidationError(
            _("意見%(label)sの対応は所管課「%(own)s」が記入します（「%(given)s」ではありません）。")
            % {"label": opinion.label, "own": own, "given": section})
    if not text.strip():
        raise ValidationError(_("対応を入力してください。"))
    if classification not in Response.Classification.values:
        raise ValidationError(_("対応の分類を選んでください。"))
    return Response.objects.create(
        opinion=opinion, text=text.strip(), classification=classification,
        section=section or own, effective_fy=effective_fy, plan_items=list(plan_items),
        author=user)


@transaction.atomic
def change_response(response: Response, user, *, text: str, classification: str,
                    effective_fy=None, plan_items=None) -> Response:
    # Decide on the rows as they are now, not as the caller loaded them.
    response = Response.objects.select_for_update(of=("self",)).select_related(
        "opinion__cycle", "opinion__sheet__project").get(pk=response.pk)
    if not access.can_respond(user, response.opinion):
        raise PermissionDenied
    if not text.strip():
        raise ValidationError(_("対応を入力してください。"))
    response.text, response.classification = text.strip(), classification
    response.effective_fy = effective_fy
    if plan_items is not None:
        response.plan_items = list(plan_items)
    response.author = user
    response.save()
    return response


@transaction.atomic
def record_follow_up(response: Response, user, *, cycle: Cycle, status: str,
                     note: str = "") -> FollowUp:
    response = Response.objects.select_related("opinion__cycle", "opinion__sheet__project").get(
        pk=response.pk)
    cycle = Cycle.objects.get(pk=cycle.pk)
    if not access.can_follow_up(user, response, cycle):
        raise PermissionDenied
    if status not in FollowUp.Status.values:
        raise ValidationError(_("実施状況を選んでください。"))
    follow_up, _created = FollowUp.objects.update_or_create(
        response=response,
        defaults={"cycle": cycle, "status": status, "note": note.strip(), "author": user})
    return follow_up


def opinion_blockers(cycle: Cycle) -> list[str]:
    """Opinions without a response keep the cycle from 確定."""
    unanswered = (Opinion.objects.filter(cycle=cycle, response__isnull=True)
                  .select_related("sheet__project", "article").order_by("scope", "pk"))
    return [
        _("対応未記入: %(target)s の意見%(label)s") % {
            "target": opinion.target_label, "label": opinion.label}
        for opinion in unanswered
    ]
