"""A person's jobs: the list, one job's progress (polled by htmx), its file, a retry.

Only the person who started a job sees it (another user gets 404, as if it did not exist).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shisaku.accounts.access import role_required
from shisaku.accounts.models import Role

from . import services
from .models import Job

LIST_LIMIT = 50
# Who starts jobs today (report builds, publication, report imports): the planning division.
STARTERS = (Role.PLANNING_ADMIN,)


def _own(request, pk) -> Job:
    return get_object_or_404(Job, pk=pk, owner=request.user)


@role_required(*STARTERS)
def mine(request):
    jobs = Job.objects.filter(owner=request.user)[:LIST_LIMIT]
    return render(request, "jobs/mine.html", {"jobs": jobs})


@role_required(*STARTERS)
def detail(request, pk):
    job = _own(request, pk)
    template = "jobs/_status.html" if request.headers.get("HX-Request") else "jobs/detail.html"
    return render(request, template, {"job": job})


@role_required(*STARTERS)
def download(request, pk):
    job = _own(request, pk)
    name = job.result.get("file") if job.status == Job.Status.SUCCEEDED else None
    if not name or not default_storage.exists(name):
        raise Http404
    disposition = job.result.get("content_type", "").startswith(("application/pdf", "text/html"))
    return FileResponse(default_storage.open(name, "rb"), as_attachment=not disposition,
                        filename=job.result.get("filename", name.rsplit("/", 1)[-1]),
                        content_type=job.result.get("content_type") or None)


@role_required(*STARTERS)
@require_POST
def retry(request, pk):
    job = _own(request, pk)
    try:
        services.retry(job, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("もう一度実行するよう依頼しました。"))
    return redirect("jobs:detail", pk=job.pk)
