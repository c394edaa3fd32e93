"""Open data: the list of tables, their downloads (CSV, Excel, JSON) and the DCAT catalogue.

Public, no login. Everything read comes through `tables` (built on `published.records`).
"""

import datetime
import hashlib

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from shisaku.published import records
from shisaku.published.cache import remember

from . import catalog as catalog_meta
from . import downloads, formats, tables
from .dcat import Site, catalog_jsonld


def _site(request) -> Site:
    return Site(
        catalog_url=request.build_absolute_uri(reverse("opendata:dcat")),
        page_url=request.build_absolute_uri(reverse("opendata:catalog")),
        download_url=lambda slug, fmt: request.build_absolute_uri(
            reverse("opendata:download", args=[slug, fmt])))


@require_safe
def catalog(request):
    return render(request, "opendata/catalog.html", {
        "entries": tables.entries(),
        "years": records.published_years(),
        "formats": list(formats.FORMATS),
    })


@require_safe
def dcat(request):
    site = _site(request)

    def build() -> bytes:
        with translation.override("ja"):  # the data and their metadata are Japanese
            built = [entry.table(absolute=request.build_absolute_uri)
                     for entry in tables.entries()]
            return catalog_jsonld(built, site, catalog_meta.publisher()).encode("utf-8")

    # Built from every table: kept until the published record changes.
    body = remember("dcat", request.build_absolute_uri("/"), build)
    return _respond(request, body, "application/ld+json", None, None)


def _fiscal_year(request, entry):
    """(fiscal year or None, error message or None) from ?fy=."""
    raw = request.GET.get("fy", "").strip()
    if not raw:
        return None, None
    if not entry.per_year:
        return None, _("この表は年度で絞り込めません。fy を指定せずにダウンロードしてください。")
    if not raw.isdigit() or len(raw) != 4:
        return None, _("年度は西暦4桁で指定してください（例: ?fy=2021）。")
    return int(raw), None


@require_safe
def download(request, slug, fmt):
    entry = tables.entry(slug)
    if entry is None or fmt not in formats.FORMATS:
        raise Http404(_("そのデータセットはありません。"))
    fiscal_year, error = _fiscal_year(request, entry)
    if error:
        return HttpResponseBadRequest(error, content_type="text/plain; charset=utf-8")
    encoding = request.GET.get("encoding", "utf-8").lower().replace("_", "-")
    if encoding in ("shift-jis", "cp932"):
        encoding = "sjis"
    if encoding not in ("utf-8", "utf8", "sjis") or (encoding == "sjis" and fmt != "csv"):
        return HttpResponseBadRequest(
            _("文字コードは CSV にだけ指定できます（encoding=sjis で Shift_JIS）。"),
            content_type="text/plain; charset=utf-8")
    try:
        with translation.override("ja"):  # the data are Japanese, whatever the reader's language
            return _download(request, entry, fmt, fiscal_year, encoding)
    except tables.UnknownFiscalYear:
        raise Http404(_("その年度は公表されていません。")) from None


def _download(request, entry, fmt: str, fiscal_year: int | None, encoding: str):
    def build():
        table = entry.table(fiscal_year, absolute=request.build_absolute_uri)
        return table.modified, downloads.render(
            table, fmt, encoding=encoding, url=request.build_absolute_uri(),
            catalog_url=request.build_absolute_uri(reverse("opendata:dcat")))

    # The same table, format and address give the same bytes until the record changes.
    modified, download = remember("opendata", (entry.slug, fmt, fiscal_year, encoding,
                                               request.build_absolute_uri()), build)
    response = _respond(request, download.body, download.content_type, modified,
                        download.filename)
    if download.replaced:
        # Characters Shift_JIS cannot hold were replaced (formats.to_cp932); UTF-8 is exact.
        response["X-Replaced-Characters"] = str(download.replaced)
    return response


def _last_modified(value) -> int | None:
    """Whole seconds, as the Last-Modified header and If-Modified-Since carry them."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time(), datetime.UTC)
    return int(value.timestamp())


def _respond(request, body: bytes, content_type: str, modified, filename: str | None):
    response = HttpResponse(body, content_type=content_type)
    response["ETag"] = f'"{hashlib.sha256(body).hexdigest()}"'
    last_modified = _last_modified(modified)
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    if filename:
        response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=300)
    return get_conditional_response(request, etag=response["ETag"], last_modified=last_modified,
                                    response=response)
