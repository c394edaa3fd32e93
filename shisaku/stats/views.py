"""Statistics pages: every signed-in role reads and downloads; planning admins import."""

import secrets

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe

from shisaku.accounts.access import ALL_ROLES, role_required
from shisaku.accounts.models import Role

from . import exporters, importers
from .charts import inline_svg
from .forms import ImportForm, PairForm
from .models import Dataset, spans_groups
from .presentation import present
from .schemas import schema_for

PREVIEW_ROWS = 200
# Above this many checked values the confirmation writes them through a background job
# (shisaku/jobs) instead of in the request; the page then follows the job's progress.
WEB_MAX_CELLS = 5000


def _dataset(slug: str) -> Dataset:
    return get_object_or_404(Dataset.objects.prefetch_related("periods"), slug=slug)


@role_required(*ALL_ROLES)
def index(request):
    datasets = list(Dataset.objects.listed())
    groups = {}
    for dataset in datasets:
        dataset.spans_groups = spans_groups(dataset.periods.all())
        groups.setdefault(dataset.get_kind_display(), []).append(dataset)
    return render(request, "stats/index.html", {"groups": groups})


@role_required(*ALL_ROLES)
def detail(request, slug):
    dataset = _dataset(slug)
    view = present(dataset, request.GET.get("a"), request.GET.get("b"))
    pair_form = None
    if view.pair:
        pair_form = PairForm(dataset.periods.all(),
                             initial={"a": view.pair[0].key, "b": view.pair[1].key})
    return render(request, "stats/dataset.html", {
        "dataset": dataset, "view": view, "pair_form": pair_form,
        "chart": mark_safe(inline_svg(view.chart)) if view.chart else None,
        "importable": schema_for(dataset) is not None,
    })


@role_required(*ALL_ROLES)
def export(request, slug):
    dataset = _dataset(slug)
    layout = request.GET.get("layout", "table")
    if layout not in exporters.FORMATS or (layout != "table" and schema_for(dataset) is None):
        layout = "table"
    if layout == "table":
        body = exporters.table_csv(present(dataset))
    else:
        body = exporters.figures_csv(dataset, layout)
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dataset.slug}-{layout}.csv"'
    return response


def _session_key(dataset: Dataset) -> str:
    return f"stats-import-{dataset.pk}"


@role_required(Role.PLANNING_ADMIN)
def import_data(request, slug):
    """Upload → every cell validated → preview of the changes → confirm writes it all."""
    dataset = _dataset(slug)
    context = {"dataset": dataset, "schema": schema_for(dataset)}
    if context["schema"] is None:
        return render(request, "stats/import.html", context)
    key = _session_key(dataset)
    if request.method == "POST" and "confirm" in request.POST:
        stored = request.session.get(key)
        if not stored or stored["token"] != request.POST.get("token"):
            messages.error(request, "確認の有効期限が切れました。もう一度ファイルを選んでください。")
            return redirect("stats:import", slug=slug)
        parsed = importers.Parsed.from_json(stored["parsed"])
        del request.session[key]
        if len(parsed.cells) > WEB_MAX_CELLS:
            return redirect("jobs:detail", pk=_start_import_job(request, dataset, parsed).pk)
        result = importers.write(dataset, parsed)
        messages.success(request, result.summary())
        return redirect("stats:detail", slug=slug)

    form = ImportForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows, encoding = importers.read_rows(upload.read(), upload.name)
            parsed = importers.parse(dataset, rows, form.cleaned_data["layout"],
                                     encoding=encoding)
            parsed.released_on = form.cleaned_data.get("released_on")
        except importers.ImportFailed as failed:
            context["errors"] = failed.errors
        else:
            token = secrets.token_urlsafe(16)
            request.session[key] = {"token": token, "parsed": parsed.to_json()}
            context.update(parsed=parsed, token=token, changes=importers.compare(dataset, parsed),
                           preview=_preview(dataset, parsed))
    return render(request, "stats/import.html", context)


def _start_import_job(request, dataset: Dataset, parsed: importers.Parsed):
    """The checked cells kept in STORAGES and written by the worker (shisaku/jobs)."""
    import json

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from shisaku.jobs import services as jobs

    name = default_storage.save(f"uploads/stats-import/{secrets.token_urlsafe(16)}.json",
                                ContentFile(json.dumps(parsed.to_json()).encode("utf-8")))
    return jobs.start(jobs.Job.Kind.STATS_IMPORT, {"dataset": dataset.slug, "file": name},
                      request.user)


def _preview(dataset: Dataset, parsed: importers.Parsed) -> list[list[str]]:
    schema = schema_for(dataset)
    assert schema is not None, "a dataset imported from a file has a schema"
    rows = []
    for key in sorted(parsed.cells, key=lambda k: (parsed.periods[k[0]].order,
                                                   schema.sort_key(k)))[:PREVIEW_ROWS]:
        dims = [d.label(code) for d, code in zip(schema.dims, key[1:], strict=True)]
        rows.append([parsed.periods[key[0]].label, *dims, f"{parsed.cells[key]:,}"])
    return rows
