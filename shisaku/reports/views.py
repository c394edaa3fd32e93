"""Preview and download any document; publish a FY; anyone downloads what was published."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from shisaku.accounts.access import ALL_ROLES, role_required
from shisaku.accounts.models import Role
from shisaku.sheets.models import Cycle

from .build import FORMATS, KINDS, build
from .html_render import outline, render_body, style_hashes
from .models import PublishedDocument
from .publish import publication_preview, publish

EXTENSIONS = {"pdf": "pdf", "docx": "docx", "html": "html", "xlsx": "xlsx"}


def _filename(cycle: Cycle, kind: str, fmt: str) -> str:
    return f"shisaku-{cycle.fiscal_year}-{kind}.{EXTENSIONS[fmt]}"


def _download(data: bytes, cycle, kind, fmt) -> HttpResponse:
    response = HttpResponse(bytes(data), content_type=FORMATS[fmt])
    disposition = "inline" if fmt in ("pdf", "html") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{_filename(cycle, kind, fmt)}"'
    if fmt == "html":  # the standalone document's own stylesheet, allowed by its hash only
        response._csp_update = {"style-src": style_hashes(bytes(data))}
    return response


@role_required(Role.PLANNING_ADMIN)
def index(request, fy):
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    kind = request.GET.get("kind", "full")
    if kind not in KINDS:
        kind = "full"
    _data, doc = build(cycle, kind, "html")
    return render(request, "reports/index.html", {
        "cycle": cycle, "kinds": KINDS, "formats": FORMATS, "kind": kind,
        "preview": mark_safe(render_body(doc)),  # every text is escaped by the renderer
        "outline": outline(doc),
        "warnings": doc.warnings,
        "published": PublishedDocument.objects.filter(cycle=cycle).defer("content"),
    })


@role_required(Role.PLANNING_ADMIN)
def download(request, fy, kind, fmt):
    if kind not in KINDS or fmt not in FORMATS:
        raise Http404
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    data, _doc = build(cycle, kind, fmt)
    return _download(data, cycle, kind, fmt)


@role_required(Role.PLANNING_ADMIN)
@require_POST
def build_job(request, fy, kind, fmt):
    """Build a document in the worker; its page shows the progress and then the file."""
    from shisaku.jobs import services as jobs

    if kind not in KINDS or fmt not in FORMATS:
        raise Http404
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    job = jobs.start(jobs.Job.Kind.REPORT_BUILD,
                     {"fiscal_year": cycle.fiscal_year, "kind": kind, "format": fmt}, request.user)
    return redirect("jobs:detail", pk=job.pk)


@role_required(Role.PLANNING_ADMIN)
def publish_view(request, fy):
    """GET: what publication freezes and makes public, and what blocks it.
    POST with confirm=1: publish. A POST without the confirmation does nothing."""
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    errors: list[str] = []
    if request.method == "POST":
        if request.POST.get("confirm") != "1":
            messages.error(request, _("公表は取り消せないため、確認のうえ「公表する」を押してください。"))
            return redirect("reports:publish", fy=fy)
        # What blocks publication is said here at once; the documents are built by the worker.
        preview = publication_preview(cycle)
        if not preview.ready:
            try:
                publish(cycle, request.user)  # refuses, with the reasons
            except ValidationError as exc:
                errors = exc.messages
                cycle.refresh_from_db()
        if not errors:
            from shisaku.jobs import services as jobs

            job = jobs.start(jobs.Job.Kind.PUBLISH, {"fiscal_year": cycle.fiscal_year},
                             request.user)
            return redirect("jobs:detail", pk=job.pk)
    return render(request, "reports/publish_confirm.html", {
        "cycle": cycle, "preview": publication_preview(cycle), "errors": errors,
    }, status=400 if errors else 200)


def public_list(request):
    """Published documents: open to everyone, no login."""
    documents = (PublishedDocument.objects.defer("content").select_related("cycle")
                 .order_by("-cycle__fiscal_year", "kind", "format"))
    return render(request, "reports/public.html", {"documents": documents, "kinds": KINDS})


def public_download(request, fy, kind, fmt):
    document = get_object_or_404(PublishedDocument, cycle__fiscal_year=fy, kind=kind, format=fmt)
    response = _download(document.content, document.cycle, kind, fmt)
    response["ETag"] = f'"{document.sha256}"'
    response["X-Content-SHA256"] = document.sha256
    return response


# ------------------------------------------------------------------ the city's report profile


def _preview_cycle():
    """The year the profile page previews: the latest one."""
    return Cycle.objects.order_by("-fiscal_year").first()


@role_required(Role.PLANNING_ADMIN)
def profile_view(request):
    """The report profile (sections, headings, numbering, optional content), the planning
    division's; the preview beside it follows the form (profile_preview)."""
    from shisaku.core.concurrency import EditConflict, show_conflict

    from . import profile as report_profile
    from .forms import ReportProfileForm
    from .services import save_profile

    stored = report_profile.current()
    form = ReportProfileForm(request.POST or None, profile=stored)
    theirs = []
    if request.method == "POST" and form.is_valid():
        try:
            save_profile(request.user, expected_version=form.opened_version(),
                         values=form.values(), sections=form.section_values())
        except EditConflict as conflict:
            theirs = show_conflict(form, conflict, list(form.values()))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("報告書の構成を保存しました。"))
            return redirect("reports:profile")
    return render(request, "reports/profile.html", {
        "form": form, "theirs": theirs, "cycle": _preview_cycle()},
        status=400 if request.method == "POST" else 200)


@role_required(Role.PLANNING_ADMIN)
def profile_preview(request):
    """The latest year's full report as the profile lays it out (htmx partial): GET with the
    stored profile, POST with the form's unsaved one (nothing is written)."""
    from . import profile as report_profile
    from .content.full import build_full
    from .data import load
    from .document import printable_document
    from .forms import ReportProfileForm

    cycle = _preview_cycle()
    if cycle is None:
        return render(request, "reports/_profile_preview.html", {"cycle": None})
    profile = report_profile.current()
    if request.method == "POST":
        form = ReportProfileForm(request.POST, profile=profile)
        if form.is_valid():
            profile = form.draft()
    with translation.override("ja"):
        doc = printable_document(build_full(load(cycle), profile))
    return render(request, "reports/_profile_preview.html", {
        "cycle": cycle, "preview": mark_safe(render_body(doc)),  # escaped by the renderer
        "warnings": doc.warnings})


@role_required(*ALL_ROLES)
@require_safe
def plan_summary(request, pk, fmt):
    """The plan's summary (概要版) of a program as PDF or Word. A draft program's is the
    planning division's only (drafts are internal until adopted)."""
    from shisaku.plan.models import Program

    from .content.plan_summary import SUMMARY_FORMATS, render_plan_summary

    if fmt not in SUMMARY_FORMATS:
        raise Http404
    program = get_object_or_404(Program.objects.select_related("plan"), pk=pk)
    if program.is_draft and not request.user.is_planning_admin:
        raise PermissionDenied(_("策定前の実行プログラムの概要版は企画課だけが作成できます。"))
    data, _doc = render_plan_summary(program, fmt)
    response = HttpResponse(data, content_type=SUMMARY_FORMATS[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="shisaku-program{program.ordinal}-summary.{fmt}"')
    return response
