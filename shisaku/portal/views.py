"""The public portal: no login, Japanese first, server-rendered, no script needed.

Thin views: each asks `shisaku.published.records` (through the small modules beside it)
and renders. Year, project, plan and statistics pages are cached per language and
publication generation (`published/pages.py`, `generation.py`).
"""

from django.http import Http404, HttpResponse, HttpResponseNotModified, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from shisaku.city.models import CitySettings
from shisaku.lib.charts import target_actual_chart
from shisaku.ordinance.models import Article, Ordinance
from shisaku.published import records
from shisaku.published.generation import (
    ordinance_token,
    plan_token,
    published_token,
    stats_token,
)
from shisaku.published.pages import TIMEOUT, cached_page, page_key
from shisaku.reports.build import FORMATS, KINDS
from shisaku.stats.charts import inline_svg

from . import plan_book
from .project_record import chart_points, project_record
from .statistics import released_presentations
from .yearbook import year_book

# The order readers expect: PDF first, then Word, Excel, HTML.
FORMAT_ORDER = ("pdf", "docx", "xlsx", "html")
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "html": "html"}


def documents_of(cycle) -> list[dict]:
    return [{"kind": kind, "label": label,
             "formats": [fmt for fmt in FORMAT_ORDER if fmt in FORMATS]}
            for kind, label in KINDS.items()]


@require_safe
@cached_page(published_token, plan_token, ordinance_token)
def home(request):
    """The portal's front page (also the site root for visitors: see home.views.home)."""
    ordinance = Ordinance.objects.first()
    purpose = None
    if ordinance is not None:
        purpose = Article.objects.filter(ordinance=ordinance, number=1).first()
    cycles = list(records.cycles())
    return render(request, "portal/home.html", {
        "ordinance": ordinance, "purpose": purpose,
        "measures": Article.objects.measures().order_by("number"),
        "programs": records.programs(),
        "current_fy": records.current_fiscal_year(),
        "cycles": [(c, documents_of(c)) for c in cycles],
        "latest": cycles[0] if cycles else None, "nav": "home",
    })


@require_safe
@cached_page(published_token)
def year(request, fy):
    book = year_book(fy)
    if book is None:
        raise Http404
    return render(request, "portal/year.html", {
        "book": book, "documents": documents_of(book.cycle),
        "years": records.published_years(), "nav": "years"})


@require_safe
def years(request):
    """年度別の結果: the published years, newest first."""
    return render(request, "portal/years.html", {
        "cycles": [(c, documents_of(c)) for c in records.cycles()], "nav": "years"})


@require_safe
@cached_page(published_token)
def project(request, pk):
    record = project_record(pk)
    if record is None:
        raise Http404
    charts = [(series, mark_safe(inline_svg(target_actual_chart(
        chart_points(series), title="", unit=series.unit or "", width_cm=14, height_cm=7,
        target_label=_("目標"), actual_label=_("実績"), no_data=_("データがありません")))))
        for series in record.series]
    return render(request, "portal/project.html", {"record": record, "charts": charts,
                                                   "nav": "years"})


@require_safe
@cached_page(plan_token, published_token)
def plan(request):
    return render(request, "portal/plan.html", {"programs": plan_book.programs(), "nav": "plan"})


@require_safe
def plan_summary(request, pk, fmt):
    """The plan's summary (概要版) of an adopted program that has begun, kept in the cache
    per plan, statistics and ordinance generation (a draft program is never here)."""
    from django.core.cache import cache

    from shisaku.reports.content.plan_summary import SUMMARY_FORMATS, render_plan_summary

    program = records.programs().filter(pk=pk).first()
    if program is None or fmt not in SUMMARY_FORMATS:
        raise Http404
    key = page_key(request, (plan_token, stats_token, ordinance_token))
    data = cache.get(key)
    if data is None:
        data, _doc = render_plan_summary(program, fmt, public=True)
        cache.set(key, data, TIMEOUT)
    response = HttpResponse(data, content_type=SUMMARY_FORMATS[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="plan-program{program.ordinal}-summary.{fmt}"')
    return response


@require_safe
@cached_page(stats_token)
def stats(request):
    return render(request, "portal/stats.html", {"datasets": released_presentations(), "nav": "stats"})


@require_safe
def stats_chart(request, slug):
    """One dataset's chart as an SVG image (released periods only), cached by the browser."""
    import hashlib

    found = released_presentations(slug)
    svg = found[0].chart_svg if found else None
    if svg is None:
        raise Http404
    data = svg.encode("utf-8")
    etag = f'"{hashlib.sha256(data).hexdigest()}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(data, content_type="image/svg+xml")
    response["ETag"] = etag
    return response


@require_safe
def accessibility(request):
    return render(request, "portal/accessibility.html", {"city": CitySettings.current()})


@require_safe
def document(request, fy, kind, fmt):
    """A published year's document, built and stored on first request (published only)."""
    from shisaku.reports.html_render import style_hashes
    from shisaku.reports.publish import ensure_document

    cycle = records.cycle(fy)
    if cycle is None or kind not in KINDS or fmt not in FORMATS:
        raise Http404
    stored, _created = ensure_document(cycle, kind, fmt)
    etag = f'"{stored.sha256}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    data = bytes(stored.content)
    response = HttpResponse(data, content_type=FORMATS[fmt])
    disposition = "inline" if fmt in ("pdf", "html") else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="shisaku-{cycle.fiscal_year}-{kind}.{EXTENSIONS[fmt]}"')
    response["ETag"] = etag
    if fmt == "html":  # the document's own stylesheet, allowed by its hash only
        response._csp_update = {"style-src": style_hashes(data)}
    return response


@require_safe
def language(request):
    """Switch the language with a plain link (no form, no CSRF token: pages stay cacheable);
    only the language cookie is set, then back to the page."""
    code = request.GET.get("language", "")
    target = request.GET.get("next") or "/public/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()},
                                           require_https=request.is_secure()):
        target = "/public/"
    response = HttpResponseRedirect(target)
    if check_for_language(code):
        from django.conf import settings

        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code,
                            max_age=settings.LANGUAGE_COOKIE_AGE,
                            samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
                            secure=settings.LANGUAGE_COOKIE_SECURE,
                            httponly=settings.LANGUAGE_COOKIE_HTTPONLY)
    return response
