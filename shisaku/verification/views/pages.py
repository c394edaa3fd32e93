"""Verification pages: the section's list to answer, the planning dashboard, main opinions,
rosters, meetings, selection, and a project's multi-year timeline."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shisaku.accounts import access
from shisaku.accounts.access import ALL_ROLES, role_required
from shisaku.accounts.models import Role
from shisaku.core.concurrency import EditConflict, versioned_form_page
from shisaku.lib.era import format_fy
from shisaku.ordinance.models import Article
from shisaku.projects.lineage import chain
from shisaku.projects.models import Project
from shisaku.sheets.cycle import settle_blockers
from shisaku.sheets.editing import EditConflict as SheetConflict
from shisaku.sheets.models import Cycle

from .. import council, services
from .. import selection as selection_pages
from ..forms import MainOpinionForm, MeetingForm, RosterDateForm
from ..models import ArticleMainOpinion, Committee, Meeting, Opinion, Response
from ..rows import OPINION_FIELDS, RESPONSE_FIELDS


def _opinions():
    return Opinion.objects.select_related(
        "cycle", "sheet__project__section", "article", "response", "response__follow_up")


@role_required(Role.SECTION_EDITOR, Role.PLANNING_ADMIN)
def to_answer(request):
    """Opinions waiting for this section's response, oldest cycle first."""
    user = request.user
    opinions = _opinions().unanswered().exclude(
        cycle__status=Cycle.Status.PUBLISHED)
    if not user.is_planning_admin:
        sections = user.sections.all()
        groups = Project.objects.filter(section__in=sections).exclude(group="").values("group")
        opinions = opinions.filter(sheet__project__section__in=sections) | opinions.filter(
            scope=Opinion.Scope.GROUP, group__in=groups)
    # A response is followed up in a later cycle that is still open.
    latest_open = (Cycle.objects.exclude(status=Cycle.Status.PUBLISHED)
                   .order_by("-fiscal_year").values_list("fiscal_year", flat=True).first())
    follow = Response.objects.select_related("opinion__cycle", "opinion__sheet__project").filter(
        opinion__cycle__fiscal_year__lt=latest_open or 0).awaiting_follow_up()
    if not user.is_planning_admin:
        follow = follow.filter(opinion__sheet__project__section__in=user.sections.all())
    return render(request, "verification/to_answer.html", {
        "opinions": opinions.order_by("cycle__fiscal_year", "scope", "sheet", "number"),
        "follow_ups": follow.order_by("opinion__cycle__fiscal_year")[:200],
    })


#: Rows per table of the dashboard; each table pages on its own (?unanswered=, ?follow_ups=,
#: ?opinions=), its heading counting the whole year.
DASHBOARD_PAGE = 50


#: The dashboard lists this many of what keeps the year from 確定 and counts them all (the
#: tables below and the sheets' progress list the rest).
BLOCKERS_LISTED = 20


def _page(request, rows, param: str, count: int | None = None):
    paginator = Paginator(rows, DASHBOARD_PAGE)
    if count is not None:
        paginator.count = count  # counted already (a cached property)
    return paginator.get_page(request.GET.get(param))


@role_required(Role.PLANNING_ADMIN)
def dashboard(request, fy):
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    # The tables' rows are read as values (rows.py), in the opinions' order (Opinion.Meta)
    # spelt out: the year's sheets share one cycle and the articles one ordinance, so
    # sorting by "sheet" and "article" would only add their joins.
    order = ("scope", "sheet__project__group", "sheet__project__position",
             "sheet__project__name", "sheet__revision", "group", "article__number", "number",
             "pk")
    opinions = Opinion.objects.filter(cycle=cycle).order_by(*order)
    previous = Cycle.objects.filter(fiscal_year=fy - 1).first()
    pending_follow_ups = Response.objects.none()
    if previous is not None:
        pending_follow_ups = (
            Response.objects.filter(opinion__cycle=previous).awaiting_follow_up()
            .order_by(*("opinion__" + name for name in order)))
    totals = opinions.aggregate(all=Count("pk"),
                                unanswered=Count("pk", filter=Q(response__isnull=True)))
    return render(request, "verification/dashboard.html", {
        "cycle": cycle,
        "opinions": _page(request, opinions.values(*OPINION_FIELDS), "opinions", totals["all"]),
        "unanswered": _page(request, opinions.unanswered().values(*OPINION_FIELDS),
                            "unanswered", totals["unanswered"]),
        "pending_follow_ups": _page(request, pending_follow_ups.values(*RESPONSE_FIELDS),
                                    "follow_ups"),
        "previous": previous,
        "meetings": cycle.meetings.select_related("committee").prefetch_related("projects"),
        "blockers": settle_blockers(cycle, BLOCKERS_LISTED),
    })


@role_required(*ALL_ROLES)
def main_opinions(request, fy):
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    readable = access.can_read_year(request.user, cycle)
    mains = ArticleMainOpinion.objects.filter(cycle=cycle).select_related(
        "opinion__response").order_by("order", "pk")
    verified = Project.objects.filter(sheets__cycle=cycle, sheets__verified=True).distinct()
    if not readable:  # before the year is open to this role: the articles only
        mains, verified = mains.none(), verified.none()
    articles = Article.objects.measures().order_by("number").prefetch_related(
        Prefetch("main_opinions", mains, to_attr="mains"),
        Prefetch("projects", verified, to_attr="verified_projects"))
    form = None
    can_edit = access.can_edit_main_opinions(request.user, cycle)
    if can_edit or (request.method == "POST" and request.user.is_planning_admin):
        # A form posted after publication gets the service's refusal, with the text kept.
        form = MainOpinionForm(request.POST or None, cycle=cycle)
        if request.method == "POST" and form.is_valid():
            try:
                council.save_main_opinion(cycle, request.user, **_main_values(form))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("主な検証意見を追加しました。"))
                return redirect("verification:main_opinions", fy=fy)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "verification/main_opinions.html", {
        "cycle": cycle, "articles": articles, "form": form, "can_edit": can_edit,
        "readable": readable})


def _main_values(form) -> dict:
    data = form.cleaned_data
    return {"article": data["article"], "order": data.get("order") or 0,
            "opinion": data.get("opinion"), "text": data.get("text") or ""}


@role_required(Role.PLANNING_ADMIN)
def main_opinion_edit(request, fy, pk):
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    main = get_object_or_404(ArticleMainOpinion, pk=pk, cycle=cycle)
    if request.method != "POST" or not access.is_frozen(cycle):
        access.require(access.can_edit_main_opinions(request.user, cycle))
    form = MainOpinionForm(request.POST or None, instance=main, cycle=cycle)

    def save(form):
        council.save_main_opinion(cycle, request.user, main,
                                   expected_version=form.opened_version(), **_main_values(form))
        messages.success(request, _("主な検証意見を保存しました。"))
        return reverse("verification:main_opinions", args=[fy])

    return versioned_form_page(request, form, _("主な検証意見の編集"),
                               reverse("verification:main_opinions", args=[fy]), save,
                               conflict_fields=["text"])


@role_required(Role.PLANNING_ADMIN)
@require_POST
def main_opinion_delete(request, fy, pk):
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    main = get_object_or_404(ArticleMainOpinion, pk=pk, cycle=cycle)
    version = request.POST.get("version", "")
    try:
        council.delete_main_opinion(main, request.user,
                                     expected_version=int(version) if version.isdigit() else None)
    except EditConflict as conflict:
        messages.error(request, conflict.message)
    except ValidationError as exc:
        messages.error(request, "、".join(exc.messages))
    else:
        messages.success(request, _("主な検証意見を削除しました。"))
    return redirect("verification:main_opinions", fy=fy)


@role_required(*ALL_ROLES)
def roster(request):
    form = RosterDateForm(request.GET or None)
    as_of = timezone.localdate()
    if form.is_valid() and form.cleaned_data["as_of"]:
        as_of = form.cleaned_data["as_of"]
    committees = [(c, list(c.roster(as_of))) for c in Committee.objects.all()]
    return render(request, "verification/roster.html", {
        "form": form, "as_of": as_of, "committees": committees})


@role_required(*ALL_ROLES)
def meetings(request, fy):
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    readable = access.can_read_meetings(request.user, cycle)
    meetings = cycle.meetings.select_related("committee").prefetch_related(
        "projects", "attendees")
    return render(request, "verification/meetings.html", {
        "cycle": cycle, "can_edit": access.can_edit_meetings(request.user, cycle),
        "meetings": meetings if readable else meetings.none(), "readable": readable,
    })


@role_required(Role.PLANNING_ADMIN)
def meeting_edit(request, fy, pk=None):
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    meeting = get_object_or_404(Meeting, pk=pk, cycle=cycle) if pk else None
    if request.method != "POST" or not access.is_frozen(cycle):
        access.require(access.can_edit_meetings(request.user, cycle))
    form = MeetingForm(request.POST or None, instance=meeting or Meeting(cycle=cycle))
    form.limit_to(cycle)

    def save(form):
        council.save_meeting(cycle, request.user, meeting,
                              expected_version=form.opened_version(), **form.values())
        messages.success(request, _("会議を保存しました。"))
        return reverse("verification:meetings", args=[fy])

    return versioned_form_page(request, form, _("会議の編集") if pk else _("会議の追加"),
                               reverse("verification:meetings", args=[fy]), save,
                               conflict_fields=["title", "agenda", "summary"])


@role_required(Role.PLANNING_ADMIN)
def selection(request, fy):
    """Which projects are verified this year, with the reason; and art. 19.

    Grouped by article (or ?by=section). The buttons "前年度と同じ" and each group's
    "すべて選ぶ／すべて外す" change the form only; "保存" saves it (select_projects).
    """
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    sheets = selection_pages.year_sheets(cycle)
    by = request.GET.get("by", "article")
    if by not in selection_pages.GROUPINGS:
        by = "article"
    locked = cycle.status in (Cycle.Status.SETTLED, Cycle.Status.PUBLISHED)
    chosen = {s.pk for s in sheets if s.verified}
    reasons = {s.pk: s.selection_reason for s in sheets}
    procurement = (cycle.verify_procurement, cycle.procurement_reason)
    errors: list[str] = []
    notice = ""
    if request.method == "POST" and not locked:
        chosen = {int(pk) for pk in request.POST.getlist("verified") if pk.isdigit()}
        reasons = {s.pk: request.POST.get(f"reason-{s.pk}", "") for s in sheets}
        procurement = ("procurement" in request.POST, request.POST.get("procurement_reason", ""))
        toggle = request.POST.get("toggle", "")
        if "prefill" in request.POST:
            last = selection_pages.last_year_selection(cycle, sheets)
            chosen = set(last)
            reasons.update({pk: reason for pk, reason in last.items() if not reasons[pk].strip()})
            notice = _("前年度（%(fy)s）の検証対象を引継ぐ%(n)s事業を選びました。まだ保存していません。") % {
                "fy": format_fy(fy - 1), "n": len(last)}
        elif toggle.partition(":")[0] in ("on", "off"):
            state, _sep, key = toggle.partition(":")
            members = {s.pk for group in selection_pages.grouped(sheets, by) if group.key == key
                       for s in group.sheets}
            chosen = chosen | members if state == "on" else chosen - members
            notice = _("選択を変えました。まだ保存していません。")
        else:
            try:
                services.select_projects(
                    cycle, request.user, chosen=chosen, reasons=reasons,
                    verify_procurement=procurement[0], procurement_reason=procurement[1])
            except (ValidationError, EditConflict, SheetConflict) as exc:
                errors = getattr(exc, "messages", [str(exc)])
            else:
                messages.success(request, _("検証対象を保存しました。"))
                return redirect(request.get_full_path())
    for sheet in sheets:
        sheet.chosen, sheet.reason = sheet.pk in chosen, reasons[sheet.pk]
    return render(request, "verification/selection.html", {
        "cycle": cycle, "groups": selection_pages.grouped(sheets, by), "by": by,
        "locked": locked, "count": len(chosen), "errors": errors, "notice": notice,
        "verify_procurement": procurement[0], "procurement_reason": procurement[1],
        "has_previous": Cycle.objects.filter(fiscal_year=fy - 1).exists(),
    }, status=400 if errors else 200)


@role_required(*ALL_ROLES)
def timeline(request, pk):
    """Opinion → response → follow-up for this project and its lineage, year by year."""
    project = get_object_or_404(Project, pk=pk)
    back, forward = chain(project)
    related = {project.pk}
    for step in back + forward:
        related.update(p.pk for p in step.predecessors + step.successors)
    groups = set(Project.objects.filter(pk__in=related).exclude(group="")
                 .values_list("group", flat=True))
    opinions = _opinions().filter(sheet__project_id__in=related) | _opinions().filter(
        scope=Opinion.Scope.GROUP, group__in=groups)
    statuses = access.readable_year_statuses(request.user)
    if statuses is not None:  # a year's opinions are read once the year is open to this role
        opinions = opinions.filter(cycle__status__in=statuses)
    years: dict[int, list] = {}
    for opinion in opinions.order_by("cycle__fiscal_year", "sheet__project__name", "number"):
        years.setdefault(opinion.cycle.fiscal_year, []).append(opinion)
    return render(request, "verification/timeline.html", {
        "project": project, "years": sorted(years.items()), "back": back, "forward": forward,
        "related": Project.objects.filter(pk__in=related).exclude(pk=project.pk),
    })




@role_required(*ALL_ROLES)
def index(request):
    """Where 施策検証 in the menu leads each role."""
    user = request.user
    if user.is_section_editor:
        return redirect("verification:to_answer")
    cycles = Cycle.objects.order_by("-fiscal_year")
    latest = cycles.first()
    if latest is None:
        return redirect("verification:roster")
    if user.is_planning_admin:
        return redirect("verification:dashboard", fy=latest.fiscal_year)
    verifying = cycles.filter(status=Cycle.Status.VERIFYING).first()
    if user.is_council_member and verifying is not None:
        return redirect("verification:workspace", fy=verifying.fiscal_year)
    # The latest year whose opinions this reader may read (a viewer: the latest published).
    readable = cycles.filter(status__in=access.readable_year_statuses(user)).first()
    return redirect("verification:main_opinions", fy=(readable or latest).fiscal_year)
