"""Writing Check and Action: opinions on sheets and groups, responses, follow-ups."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shisaku.accounts import access
from shisaku.accounts.access import role_required
from shisaku.accounts.models import Role
from shisaku.core.concurrency import EditConflict, show_conflict, versioned_form_page
from shisaku.sheets.models import Cycle, Sheet

from .. import services
from ..forms import FollowUpForm, OpinionForm, ResponseForm, ScopedOpinionForm
from ..models import FollowUp, Opinion, Response

WRITERS = (Role.PLANNING_ADMIN, Role.COUNCIL_MEMBER)
ANSWERERS = (Role.PLANNING_ADMIN, Role.SECTION_EDITOR)


def _back(opinion: Opinion) -> str:
    if opinion.sheet_id:
        return reverse("sheets:detail", args=[opinion.sheet_id]) + "#opinions"
    return reverse("verification:dashboard", args=[opinion.cycle.fiscal_year])


def _committee_of(user):
    member = access.active_member(user)
    if member is None:
        return None
    membership = member.memberships.order_by("-committee__kind").first()
    return membership.committee if membership else None


@role_required(*WRITERS)
@require_POST
def sheet_opinion_add(request, sheet_pk):
    sheet = get_object_or_404(Sheet.objects.select_related("cycle", "project"), pk=sheet_pk)
    form = OpinionForm(request.POST, cycle=sheet.cycle)
    if not access.is_frozen(sheet.cycle):  # after publication the service says why it refuses
        access.require(access.can_write_opinions(request.user, sheet.cycle))
    back = reverse("sheets:detail", args=[sheet.pk]) + "#opinions"
    if form.is_valid():
        try:
            opinion = services.add_opinion(
                sheet.cycle, request.user, text=form.cleaned_data["text"], sheet=sheet,
                themes=form.cleaned_data["themes"], meeting=form.cleaned_data["meeting"],
                committee=_committee_of(request.user))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("意見%(label)sを記入しました。") % {"label": opinion.label})
            return redirect(back)
    # Refused: the form again, with the reason beside the text the person wrote.
    return render(request, "form.html", {"form": form, "heading": _("検証意見の記入"),
                                         "cancel_url": back})


@role_required(*WRITERS)
def opinion_add(request, fy):
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    if request.method != "POST" or not access.is_frozen(cycle):
        access.require(access.can_write_opinions(request.user, cycle))
    form = ScopedOpinionForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_opinion(cycle, request.user, text=data["text"], scope=data["scope"],
                                 group=data["group"].strip(), article=data["article"],
                                 themes=data["themes"], meeting=data["meeting"],
                                 committee=_committee_of(request.user))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("意見を記入しました。"))
            return redirect("verification:dashboard", fy=fy)
    return render(request, "form.html", {"form": form, "heading": _("検証意見の記入"),
                                         "cancel_url": reverse("verification:dashboard",
                                                               args=[fy])})


def _version(request):
    raw = request.POST.get("version", "")
    return int(raw) if raw.strip().isdigit() else None


@role_required(*WRITERS)
def opinion_edit(request, pk):
    opinion = get_object_or_404(Opinion.objects.select_related("cycle", "sheet"), pk=pk)
    if request.method != "POST" or not access.is_frozen(opinion.cycle):
        # A form posted after publication is answered by the service's refusal, not a 403.
        access.require(access.can_change_opinion(request.user, opinion))
    form = OpinionForm(request.POST or None, cycle=opinion.cycle, opinion=opinion,
                       initial={"text": opinion.text, "themes": "、".join(opinion.themes),
                                "meeting": opinion.meeting_id})

    def save(form):
        data = form.cleaned_data
        services.change_opinion(opinion, request.user, text=data["text"], themes=data["themes"],
                                meeting=data["meeting"], expected_version=form.opened_version())
        messages.success(request, _("意見%(label)sを保存しました。") % {"label": opinion.label})
        return _back(opinion)

    return versioned_form_page(
        request, form, _("意見%(label)sの編集") % {"label": opinion.label}, _back(opinion), save,
        conflict_fields=["text", "themes"])


@role_required(*WRITERS)
@require_POST
def opinion_delete(request, pk):
    opinion = get_object_or_404(Opinion.objects.select_related("cycle"), pk=pk)
    back = _back(opinion)
    if not access.is_frozen(opinion.cycle):
        access.require(access.can_change_opinion(request.user, opinion))
    try:
        services.delete_opinion(opinion, request.user, expected_version=_version(request))
    except EditConflict as conflict:
        messages.error(request, conflict.message)
    except ValidationError as exc:
        messages.error(request, "、".join(exc.messages))
    else:
        messages.success(request, _("意見を削除し、番号を振り直しました。"))
    return redirect(back)


@role_required(*ANSWERERS)
def respond(request, pk):
    """Write the one response to an opinion, or change it as of the version shown."""
    opinion = get_object_or_404(
        Opinion.objects.select_related("cycle", "sheet__project__section"), pk=pk)
    if request.method != "POST" or not access.is_frozen(opinion.cycle):
        access.require(access.can_respond(request.user, opinion))
    existing = Response.objects.select_related("author").filter(opinion=opinion).first()
    next_plan = opinion.sheet.next_plan if opinion.sheet_id else ""
    opened_as_edit = request.method != "POST" or _version(request) is not None
    editing = existing if opened_as_edit else None
    form = ResponseForm(request.POST or None, instance=editing or Response(opinion=opinion),
                        next_plan=next_plan,
                        initial=None if editing else {"effective_fy": opinion.cycle.fiscal_year + 1})
    theirs = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if editing is not None:
                services.change_response(existing, request.user, text=data["text"],
                                         classification=data["classification"],
                                         effective_fy=data["effective_fy"],
                                         plan_items=data.get("plan_items"),
                                         expected_version=form.opened_version())
            else:
                # The form was opened for the first response: if someone wrote it in the
                # meantime, the service refuses and the text stays on screen.
                services.respond(opinion, request.user, text=data["text"],
                                 classification=data["classification"],
                                 effective_fy=data["effective_fy"],
                                 plan_items=data.get("plan_items") or [])
        except EditConflict as conflict:
            theirs = show_conflict(form, conflict, ["text", "classification"])
        except ValidationError as exc:
            already = Response.objects.select_related("author").filter(opinion=opinion).first()
            if getattr(exc, "code", None) == "already_answered" and already is not None:
                # Lost the race for the first response: show theirs, keep this one's text,
                # and let the next save be an edit of theirs.
                theirs = show_conflict(form, EditConflict(already, "、".join(exc.messages)),
                                       ["text", "classification"])
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("意見%(label)sへの対応を保存しました。") % {
                "label": opinion.label})
            return redirect(_back(opinion))
    return render(request, "verification/respond.html", {
        "form": form, "opinion": opinion, "cancel_url": _back(opinion), "theirs": theirs})


@role_required(*ANSWERERS)
def follow_up(request, pk):
    response = get_object_or_404(Response.objects.select_related("opinion__cycle"), pk=pk)
    cycle = (Cycle.objects.filter(fiscal_year__gt=response.opinion.cycle.fiscal_year)
             .exclude(status=Cycle.Status.PUBLISHED).order_by("fiscal_year").first())
    if cycle is None or not access.can_follow_up(request.user, response, cycle):
        raise PermissionDenied
    existing = FollowUp.objects.filter(response=response).select_related("author").first()
    form = FollowUpForm(request.POST or None, instance=existing)
    theirs = []
    if request.method == "POST" and form.is_valid():
        try:
            services.record_follow_up(response, request.user, cycle=cycle,
                                      status=form.cleaned_data["status"],
                                      note=form.cleaned_data["note"],
                                      expected_version=form.opened_version())
        except EditConflict as conflict:
            theirs = show_conflict(form, conflict, ["status", "note"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("フォローアップを保存しました。"))
            if response.opinion.sheet_id:
                return redirect("verification:timeline", pk=response.opinion.sheet.project_id)
            return redirect("verification:dashboard", fy=cycle.fiscal_year)
    return render(request, "verification/respond.html", {
        "form": form, "opinion": response.opinion, "response": response, "follow_up_cycle": cycle,
        "cancel_url": _back(response.opinion), "theirs": theirs})
