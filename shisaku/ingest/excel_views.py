"""The Excel round trip: a section downloads its sheets of a FY as a workbook and uploads it back.

Only planning admins and section editors reach these pages; which sheets a person may write
is decided per sheet by access.can_edit_sheet, both when the workbook is built and again, on
the server, for every sheet an upload would change.

An upload is checked and shown field by field (old → new) before anything is written; the
checked edits wait in the session under a one-time token, with the versions they were checked
against, and the confirmation writes exactly those (excel_upload.apply_pending).
"""

import secrets
import time

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shisaku.accounts.access import role_required
from shisaku.accounts.models import Role
from shisaku.core.forms import CleanForm
from shisaku.sheets.models import Cycle

from .excel_check import check_workbook
from .excel_reading import MAX_BYTES
from .excel_upload import apply_pending
from .excel_workbook import build_workbook, editable_sheets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(CleanForm):
    file = forms.FileField(label=gettext_lazy("入力用ブック（.xlsx）"),
                           help_text=gettext_lazy("Shisaku からダウンロードしたブック。5 MB まで。"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("ファイルが大きすぎます（5 MB まで）。"))
        name = (upload.name or "").lower()
        if name.endswith((".xlsm", ".xltm", ".xlam")):
            raise forms.ValidationError(_("マクロを含むブック（.xlsm）は受け付けません。"))
        if not name.endswith(".xlsx"):
            raise forms.ValidationError(_("拡張子が .xlsx のファイルを選んでください。"))
        return upload


@role_required(Role.PLANNING_ADMIN, Role.SECTION_EDITOR)
def excel_index(request):
    cycles = Cycle.objects.exclude(status=Cycle.Status.PUBLISHED)
    return render(request, "ingest/excel_index.html", {"cycles": cycles})


@role_required(Role.PLANNING_ADMIN, Role.SECTION_EDITOR)
def excel_download(request, fy):
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    sheets = editable_sheets(request.user, cycle)
    if not sheets:
        messages.warning(request, _("この年度に入力できるシートはありません。"))
        return redirect("ingest:excel_upload", fy=fy)
    response = HttpResponse(build_workbook(cycle, sheets, request.user), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"shisaku-sheets-{fy}.xlsx")
    return response


SESSION_KEY = "excel_upload_preview"
PREVIEW_SECONDS = 60 * 60  # a preview older than this is not confirmed


@role_required(Role.PLANNING_ADMIN, Role.SECTION_EDITOR)
def excel_upload(request, fy):
    """Upload → the changes field by field, nothing written; saving is `excel_confirm`."""
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    form = UploadForm(request.POST or None, request.FILES or None)
    result, token = None, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = check_workbook(upload.read(MAX_BYTES + 1), cycle, request.user)
        request.session.pop(SESSION_KEY, None)  # a new upload replaces an unconfirmed one
        if result.ok and result.edits:
            token = secrets.token_urlsafe(16)
            request.session[SESSION_KEY] = {
                "token": token, "fiscal_year": cycle.fiscal_year, "at": time.time(),
                "name": upload.name, "pending": result.pending()}
    context = {"cycle": cycle, "form": form, "result": result,
               "sheet_count": len(editable_sheets(request.user, cycle))}
    if token is not None:
        context["token"] = token  # only when there is something to confirm
    return render(request, "ingest/excel_upload.html", context)


@role_required(Role.PLANNING_ADMIN, Role.SECTION_EDITOR)
@require_POST
def excel_confirm(request, fy):
    """Write what the preview showed, or nothing if any of it was saved by someone since."""
    cycle = get_object_or_404(Cycle, fiscal_year=fy)
    stored = request.session.get(SESSION_KEY)
    token = request.POST.get("token", "")
    if (not stored or not token or stored.get("fiscal_year") != cycle.fiscal_year
            or not constant_time_compare(stored.get("token", ""), token)
            or time.time() - stored.get("at", 0) > PREVIEW_SECONDS):
        messages.error(request, _("確認の有効期限が切れました。もう一度ブックをアップロードしてください。"))
        return redirect("ingest:excel_upload", fy=fy)
    del request.session[SESSION_KEY]
    result = apply_pending(stored["pending"], cycle, request.user)
    return render(request, "ingest/excel_upload.html", {
        "cycle": cycle, "form": UploadForm(), "result": result, "confirmed": True,
        "sheet_count": len(editable_sheets(request.user, cycle)),
    })
