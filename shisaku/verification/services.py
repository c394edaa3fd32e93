"""Every write of Check and Action: opinions, responses, follow-ups and the verified sheets.

Each function runs in one transaction and, in this order: locks the rows it decides on,
refuses a published year (公表済 is final; corrections go through sheets/corrections.py),
checks permission (accounts/access.py), checks the version the form was opened with
(core/concurrency.py: a stale save raises EditConflict and writes nothing), validates,
and saves through the model instance so the audit trail sees the change.

The year's meetings and main opinions are written in .council, a past year's printed
opinions in .printed; the checks every write starts with are in .guards.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from shisaku.accounts import access
from shisaku.audit.context import audited
from shisaku.core.concurrency import (
    EditConflict,
    changed_fields,
    check_version,
    lock_current,
    save_versioned,
)
from shisaku.core.validation import reject_control_characters
from shisaku.lib.era import format_fy
from shisaku.lib.shortlist import Shortlist, first
from shisaku.sheets.models import Cycle, Sheet

from .guards import lock_cycle, refuse_if_published
from .models import FollowUp, Opinion, Response
from .signals import opinion_added, response_added

Scope = Opinion.Scope

__all__ = ["EditConflict", "add_opinion", "change_opinion", "delete_opinion", "respond",
           "change_response", "record_follow_up", "renumber", "opinion_blockers",
           "select_projects", "sheet_opinion_refusal"]


# --- opinions -------------------------------------------------------------------------------

OPEN_TO_OPINIONS = (Sheet.State.SUBMITTED, Sheet.State.CONFIRMED)


def sheet_opinion_refusal(sheet: Sheet) -> str:
    """Why no opinion may be written on this sheet now, in Japanese; empty when it may.

    Opinions belong on the sheets the council verifies: a 検証対象 sheet the section has
    handed in (提出 or 確認済), in the year being verified (検証中).
    """
    if sheet.cycle.status != Cycle.Status.VERIFYING:
        return _("%(fy)sは検証中ではないため、意見を付けられません。") % {
            "fy": format_fy(sheet.cycle.fiscal_year)}
    if not sheet.verified:
        return (_("「%(name)s」はこの年度の検証対象ではないため、意見を付けられません。")
                % {"name": sheet.project.name})
    if sheet.state not in OPEN_TO_OPINIONS:
        return (_("「%(name)s」のシートは所管課がまだ提出していない（%(state)s）ため、"
                  "意見を付けられません。提出済か確認済のシートに意見を付けてください。")
                % {"name": sheet.project.name, "state": sheet.get_state_display()})
    return ""


def _check_target(opinion: Opinion) -> None:
    if opinion.cycle.status != Cycle.Status.VERIFYING:
        raise ValidationError(_("%(fy)sは検証中ではないため、意見を付けられません。") % {
            "fy": format_fy(opinion.cycle.fiscal_year)})
    if opinion.scope == Scope.SHEET:
        sheet = opinion.sheet
        if sheet is None:
            raise ValidationError(_("意見を付ける事業シートを選んでください。"))
        if sheet.cycle_id != opinion.cycle_id:
            raise ValidationError(_("別の年度のシートには意見を付けられません。"))
        refusal = sheet_opinion_refusal(sheet)
        if refusal:
            raise ValidationError(refusal, code="not_open_to_opinions")
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


def _check_meeting(meeting, cycle: Cycle) -> None:
    if meeting is not None and meeting.cycle_id != cycle.pk:
        raise ValidationError(_("別の年度の会議は選べません。"))


def _themes(themes) -> list[str]:
    return [t.strip() for t in themes if t.strip()]


@audited
@transaction.atomic
def add_opinion(cycle: Cycle, user, *, text: str, scope: str = Scope.SHEET, sheet=None,
                group: str = "", article=None, committee=None, meeting=None,
                themes=()) -> Opinion:
    cycle = lock_cycle(cycle)
    refuse_if_published(cycle)
    if not access.can_write_opinions(user, cycle):
        if cycle.status != Cycle.Status.VERIFYING:
            raise ValidationError(_("検証意見は年度サイクルが「検証中」のときだけ記入できます。"))
        raise PermissionDenied
    themes = list(themes)
    reject_control_characters([text, group, themes])
    opinion = Opinion(cycle=cycle, scope=scope, sheet=sheet, group=group, article=article,
                      text=text.strip(), committee=committee, meeting=meeting,
                      themes=_themes(themes), author=user, updated_by=user)
    _check_target(opinion)
    _check_meeting(meeting, cycle)
    last = opinion.siblings().aggregate(n=Max("number"))["n"] or 0
    opinion.number = last + 1
    opinion.save()
    opinion_added.send(sender=Opinion, opinion=opinion, user=user)
    return opinion


def _opinions_locked():
    return Opinion.objects.select_related("cycle", "sheet__project", "updated_by", "author")


@audited
@transaction.atomic
def change_opinion(opinion: Opinion, user, *, text: str, expected_version: int | None,
                   themes=None, meeting=...) -> Opinion:
    """Change an opinion's text (and themes, meeting) as of the version the form showed."""
    lock_cycle(opinion.cycle)
    current = lock_current(_opinions_locked(), opinion.pk)
    refuse_if_published(current.cycle)
    if not access.can_change_opinion(user, current):
        raise PermissionDenied
    check_version(current, expected_version)
    if not text.strip():
        raise ValidationError(_("意見を入力してください。"))
    values: dict[str, object] = {"text": text.strip()}
    if themes is not None:
        values["themes"] = _themes(themes)
    if meeting is not ...:
        _check_meeting(meeting, current.cycle)
        values["meeting"] = meeting
    save_versioned(current, changed_fields(current, values), user=user)
    return current


@audited
@transaction.atomic
def delete_opinion(opinion: Opinion, user, *, expected_version: int | None = None) -> None:
    """Remove an opinion and close the gap: ①②③ minus ② reads ①②, never ①③.

    With `expected_version`, an opinion changed since the page was shown is not deleted.
    """
    cycle = lock_cycle(opinion.cycle)
    current = lock_current(_opinions_locked(), opinion.pk)
    refuse_if_published(cycle)
    if not access.can_change_opinion(user, current):
        raise PermissionDenied
    if expected_version is not None:
        check_version(current, expected_version)
    if Response.objects.filter(opinion_id=current.pk).exists():
        raise ValidationError(_("対応が記入された意見は削除できません。"))
    siblings = current.siblings()
    current.delete()
    renumber(siblings)


def renumber(siblings) -> None:
    """Number the opinions 1, 2, 3 … in their order; each changed number is saved through
    the instance (⑦ → ⑥ is a change the audit trail records)."""
    rows = list(siblings.select_for_update().order_by("number", "pk"))
    moved = [(offset, row) for offset, row in enumerate(rows, 1) if row.number != offset]
    # Two passes, so the unique (scope, number) constraint never sees a duplicate: a
    # temporary number first (bookkeeping, not a domain change), then the final one.
    for offset, row in moved:
        Opinion.objects.filter(pk=row.pk).update(number=1000 + offset)
    for offset, row in moved:
        row.number = offset
        row.save(update_fields=["number"])


# --- responses ------------------------------------------------------------------------------

def _response_section(opinion: Opinion):
    if opinion.scope == Scope.SHEET and opinion.sheet is not None:
        return opinion.sheet.project.section
    return None


def _already_answered(opinion: Opinion) -> ValidationError:
    return ValidationError(
        _("意見%(label)sには既に対応が登録されています。編集してください。")
        % {"label": opinion.label}, code="already_answered")


def _check_response(text: str, classification: str) -> None:
    if not text.strip():
        raise ValidationError(_("対応を入力してください。"))
    reject_control_characters(text)
    if classification not in Response.Classification.values:
        raise ValidationError(_("対応の分類を選んでください。"))


@audited
@transaction.atomic
def respond(opinion: Opinion, user, *, text: str, classification: str, effective_fy=None,
            plan_items=(), section=None) -> Response:
    """The one response to an opinion; a second one is refused, not stacked — also when
    two people write the first response at the same moment."""
    lock_cycle(opinion.cycle)
    opinion = Opinion.objects.select_for_update(of=("self",)).select_related(
        "cycle", "sheet__project").get(pk=opinion.pk)
    refuse_if_published(opinion.cycle)
    if not access.can_respond(user, opinion):
        raise PermissionDenied
    if Response.objects.filter(opinion=opinion).exists():
        raise _already_answered(opinion)
    own = _response_section(opinion)
    if section is not None and own is not None and section != own:
        raise ValidationError(
            _("意見%(label)sの対応は所管課「%(own)s」が記入します（「%(given)s」ではありません）。")
            % {"label": opinion.label, "own": own, "given": section})
    _check_response(text, classification)
    response = Response(
        opinion=opinion, text=text.strip(), classification=classification,
        section=section or own, effective_fy=effective_fy, plan_items=list(plan_items),
        author=user)
    try:
        with transaction.atomic():  # the one-to-one constraint decides a tie
            response.save()
    except IntegrityError:
        raise _already_answered(opinion) from None
    response_added.send(sender=Response, response=response, user=user)
    return response


@audited
@transaction.atomic
def change_response(response: Response, user, *, text: str, classification: str,
                    expected_version: int | None, effective_fy=None,
                    plan_items=None) -> Response:
    related = Response.objects.select_related("opinion__cycle", "opinion__sheet__project",
                                              "author")
    lock_cycle(response.opinion.cycle)
    # Decide on the rows as they are now, not as the caller loaded them.
    current = lock_current(related, response.pk)
    refuse_if_published(current.opinion.cycle)
    if not access.can_respond(user, current.opinion):
        raise PermissionDenied
    check_version(current, expected_version)
    _check_response(text, classification)
    values = {"text": text.strip(), "classification": classification,
              "effective_fy": effective_fy}
    if plan_items is not None:
        values["plan_items"] = list(plan_items)
    changed = changed_fields(current, values)
    if changed:
        current.author = user
        changed.append("author")
    save_versioned(current, changed, user=user)
    return current


# --- follow-ups -----------------------------------------------------------------------------

@audited
@transaction.atomic
def record_follow_up(response: Response, user, *, cycle: Cycle, status: str,
                     note: str = "", expected_version: int | None = None) -> FollowUp:
    """Next year's check of a response. The first record needs no version; changing an
    existing one needs the version the form was opened with."""
    cycle = lock_cycle(cycle)
    response = (Response.objects.select_for_update(of=("self",))
                .select_related("opinion__cycle", "opinion__sheet__project").get(pk=response.pk))
    refuse_if_published(cycle)
    existing = (FollowUp.objects.select_related("cycle", "author")
                .filter(response=response).first())
    if existing is not None:
        refuse_if_published(existing.cycle)
    if not access.can_follow_up(user, response, cycle):
        raise PermissionDenied
    if status not in FollowUp.Status.values:
        raise ValidationError(_("実施状況を選んでください。"))
    reject_control_characters(note)
    values = {"cycle": cycle, "status": status, "note": note.strip()}
    if existing is None:
        if expected_version is not None:
            # The form showed a follow-up that has since gone: nothing to compare with.
            raise ValidationError(_("フォローアップが見つかりません。画面を開き直してください。"))
        follow_up = FollowUp(response=response, author=user, **values)
        try:
            with transaction.atomic():
                follow_up.save()
        except IntegrityError:
            raise ValidationError(_("このフォローアップは他の人が先に記録しました。")) from None
        return follow_up
    if expected_version is None:
        raise EditConflict(existing, _(
            "このフォローアップは他の人が先に記録しました。あなたの入力内容は下の欄に残っています。"
            "相手の保存内容と見比べて、もう一度保存してください。"))
    current = lock_current(FollowUp.objects.select_related("cycle", "author"), existing.pk,
                           expected_version)
    changed = changed_fields(current, values)
    if changed:
        current.author = user
        changed.append("author")
    save_versioned(current, changed, user=user)
    return current


# --- the gate to 確定 -----------------------------------------------------------------------

def opinion_blockers(cycle: Cycle, limit: int | None = None) -> Shortlist:
    """Opinions without a response keep the cycle from 確定 (the first `limit` of them when
    given, with the count of all)."""
    unanswered = (Opinion.objects.filter(cycle=cycle).unanswered()
                  .select_related("sheet__project", "article").order_by("scope", "pk")
                  # what target_label and label read: not the sheets' texts (at 100× the
                  # rows they were most of the verification dashboard's time)
                  .only("scope", "sheet", "group", "article", "number", "sheet__project",
                        "sheet__project__name", "sheet__project__group",
                        "sheet__project__position", "article__number", "article__title"))
    return first(unanswered, limit, lambda opinion: _("対応未記入: %(target)s の意見%(label)s") % {
        "target": opinion.target_label, "label": opinion.label})


@audited
@transaction.atomic
def select_projects(cycle: Cycle, user, *, chosen: set[int], reasons: dict[int, str],
                    verify_procurement: bool, procurement_reason: str) -> int:
    """Which sheets of the year are verified, with the reason, and whether art. 19 is.

    Each changed sheet is written through the sheet service (its version moves on and its
    history says who chose it); the cycle's flags through the cycle service. Refused once
    the year is 確定 or 公表済. Returns the number of sheets changed.
    """
    from shisaku.sheets.cycle import update_settings
    from shisaku.sheets.editing import save_sheet

    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if not access.can_manage_verification(user):
        raise PermissionDenied
    if cycle.status in (Cycle.Status.SETTLED, Cycle.Status.PUBLISHED):
        raise ValidationError(_("確定・公表済の年度の検証対象は変更できません。"))
    changed = 0
    for sheet in Sheet.objects.current().filter(cycle=cycle).select_related("cycle", "project"):
        verified = sheet.pk in chosen
        reason = reasons.get(sheet.pk, "").strip()
        if verified != sheet.verified or reason != sheet.selection_reason:
            save_sheet(sheet, user, {"selection_reason": reason}, sheet.version,
                       verified=verified)
            changed += 1
    update_settings(cycle, user, verify_procurement=verify_procurement,
                    procurement_reason=procurement_reason.strip())
    return changed

