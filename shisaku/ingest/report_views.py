"""Upload a past report → preview of what was recognised, with the warnings → confirm.

The upload is parsed (text or PDF, never executed) and imported in a transaction that is
rolled back, so the preview shows exactly what a confirmed import would change. The
decoded text (and, for a PDF, the file itself, kept as the year's published report) waits
in the session (compressed) under a one-time token; confirming parses it again and imports
it in one transaction. The year is then recorded as published by the city; a year already
公表済 in Shisaku is refused (report_import).
"""

import base64
import datetime
import secrets
import zlib

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from shisaku.accounts.access import role_required
from shisaku.accounts.models import Role
from shisaku.core.fields import FiscalYearFormField
from shisaku.core.forms import CleanForm

from . import reader, report_import
from .reader import MAX_BYTES, ReportError

SESSION_KEY = "ingest-report"
PREVIEW_WARNINGS = 200
# A report may hold thousands of sheets: the preview lists the first ones and counts the rest.
PREVIEW_SHEETS = 200
# The preview (and the confirmation) import in the request: above this many sheets and
# その他の事業 rows the page refuses after reading and points to the command, so that no
# request runs into the worker timeout (gunicorn's 30 s; bench/import_report_scale.py
# measured 1,000 sheets at 8 s of CPU, 23 s wall on a loaded machine; a city report has
# tens of sheets). Above it the import is offered as a background job (shisaku/jobs): the
# upload waits in STORAGES and a worker imports it, in one transaction like the page.
WEB_MAX_SHEETS = 1200


class ReportUploadForm(CleanForm):
    file = forms.FileField(
        label=_("報告書のファイル"),
        help_text=_("報告書から取り出したテキスト（UTF-8・BOM付きUTF-8・Shift_JIS）または PDF。5MBまで。"))
    fiscal_year = FiscalYearFormField(label=_("報告書の年度"))
    published_on = forms.DateField(
        label=_("市が報告書を公表した日"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("報告書に発行日が印刷されていないとき、この日を年度の公表日として記録します。"))
    replace = forms.BooleanField(
        label=_("登録済みの統計（第19条の契約実績）も報告書の値で置き換える"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("ファイルが大きすぎます（上限 5MB）。"))
        if not upload.name.lower().endswith((".txt", ".text", ".pdf")):
            raise forms.ValidationError(_("読み込めるのは .txt と .pdf です。"))
        return upload


def _pack(text: str) -> str:
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii")


def _unpack(packed: str) -> str:
    return zlib.decompress(base64.b64decode(packed)).decode("utf-8")


@role_required(Role.PLANNING_ADMIN)
def upload(request):
    form = ReportUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        fy = form.cleaned_data["fiscal_year"]
        replace = form.cleaned_data["replace"]
        published_on = form.cleaned_data["published_on"]
        try:
            data = upload.read(MAX_BYTES + 1)
            text, kind, encoding, truncated = reader.read_bytes(data)
            report = _parse(text, fy, kind, encoding, truncated)
            if _count(report) > WEB_MAX_SHEETS:
                return _offer_background_import(request, context, data, report, kind,
                                                form.cleaned_data, upload.name)
            pdf = data if kind == "pdf" else None
            result = report_import.import_report(
                report, fiscal_year=fy, replace=replace, dry_run=True, user=request.user,
                published_on=published_on, source_pdf=pdf, source_name=upload.name)
        except ReportError as exc:
            context["error"] = exc.message
        else:
            token = secrets.token_urlsafe(16)
            request.session[SESSION_KEY] = {
                "token": token, "text": _pack(text), "fiscal_year": fy, "replace": replace,
                "name": upload.name, "kind": kind, "encoding": encoding, "truncated": truncated,
                "published_on": published_on.isoformat() if published_on else "",
                "pdf": base64.b64encode(pdf).decode("ascii") if pdf else "",
            }
            warnings = sorted(report.warnings, key=lambda w: w.line) + result.warnings
            context.update(report=report, result=result, token=token, name=upload.name,
                           warnings=warnings[:PREVIEW_WARNINGS],
                           more_warnings=max(0, len(warnings) - PREVIEW_WARNINGS),
                           sheets=report.sheets[:PREVIEW_SHEETS],
                           more_sheets=max(0, len(report.sheets) - PREVIEW_SHEETS))
    return render(request, "ingest/report_upload.html", context)


def _count(report) -> int:
    return len(report.sheets) + len(report.other_entries)


def _offer_background_import(request, context, data, report, kind, cleaned, name):
    """Too large to preview in a request: keep the file and offer to import it in the worker."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    token = secrets.token_urlsafe(16)
    stored = default_storage.save(f"uploads/report-import/{token}.{'pdf' if kind == 'pdf' else 'txt'}",
                                  ContentFile(data))
    published_on = cleaned["published_on"]
    request.session[SESSION_KEY] = {
        "token": token, "file": stored, "fiscal_year": cleaned["fiscal_year"],
        "replace": cleaned["replace"], "name": name,
        "published_on": published_on.isoformat() if published_on else "",
    }
    context.update(large={"count": _count(report), "max": WEB_MAX_SHEETS,
                          "sheets": len(report.sheets), "others": len(report.other_entries)},
                   token=token, name=name)
    return render(request, "ingest/report_upload.html", context)


def _parse(text, fy, kind, encoding, truncated):
    return reader.parse_read(text, fy, kind, encoding, truncated,
                             layout=report_import.layouts())


@role_required(Role.PLANNING_ADMIN)
@require_POST
def confirm(request):
    stored = request.session.get(SESSION_KEY)
    token = request.POST.get("token", "")
    if not stored or not token or not constant_time_compare(stored.get("token", ""), token):
        messages.error(request, "確認の有効期限が切れました。もう一度ファイルを選んでください。")
        return redirect("ingest:report_upload")
    del request.session[SESSION_KEY]
    fy = stored["fiscal_year"]
    if stored.get("file"):  # a large report: imported by the worker (shisaku/jobs)
        from shisaku.jobs import services as jobs

        job = jobs.start(jobs.Job.Kind.REPORT_IMPORT, {
            key: stored[key] for key in ("file", "fiscal_year", "replace", "name", "published_on")
        }, request.user)
        return redirect("jobs:detail", pk=job.pk)
    try:
        report = _parse(_unpack(stored["text"]), fy, stored["kind"], stored["encoding"],
                        stored["truncated"])
        published_on = stored.get("published_on") or None
        pdf = stored.get("pdf") or None
        result = report_import.import_report(
            report, fiscal_year=fy, replace=stored["replace"], user=request.user,
            published_on=datetime.date.fromisoformat(published_on) if published_on else None,
            source_pdf=base64.b64decode(pdf) if pdf else None, source_name=stored["name"])
    except ReportError as exc:
        messages.error(request, exc.message)
        return redirect("ingest:report_upload")
    except (ValueError, zlib.error):
        messages.error(request, "保存していたファイルの内容を読み出せません。もう一度ファイルを選んでください。")
        return redirect("ingest:report_upload")
    messages.success(request, f"「{stored['name']}」: {result.summary()}")
    return redirect(reverse("sheets:dashboard", args=[fy]))
