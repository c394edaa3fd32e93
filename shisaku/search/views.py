"""The search page: one box for the public record, and for signed-in staff their own data."""


from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from shisaku.accounts import access
from shisaku.published import records
from shisaku.published.cache import generation, remember
from shisaku.published.pages import cached_page
from shisaku.sheets.models import Cycle

from . import query
from .forms import SearchForm
from .highlight import highlight, snippet

PAGE_SIZE = 20
PAGE_TIMEOUT = 60 * 60  # an hour; the key changes with the public record anyway


def _link(entry) -> str:
    """The entry's page; none when that page's app is not installed (yet)."""
    if not entry.url_name:
        return ""
    try:
        return reverse(entry.url_name, args=entry.url_args)
    except NoReverseMatch:
        return ""


@require_safe
@cached_page(generation, with_query=True, visitors_only=True, timeout=PAGE_TIMEOUT)
def results(request):
    """The results page. A visitor's is the same for every visitor until the public record
    changes, so it is kept in Django's cache per query, language and generation, as the
    portal's pages are (bench/portal.py: search with 16 clients); a signed-in user always gets
    their own results."""
    return _results(request)


def _results(request):
    user = request.user if request.user.is_authenticated else None
    staff = access.has_role(request.user, *access.STAFF_ROLES)
    # Staff filter by every year they may have records of; the public by published years.
    years = (list(Cycle.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True))
             if staff else records.published_years())
    form = SearchForm(request.GET or None, years=years)
    found = query.Found(terms=[])
    if form.is_valid():
        data = form.cleaned_data
        filters = query.Filters(fiscal_year=data["fy"], article=data["article"],
                                kind=data["kind"])
        if user is None:
            # The public record's answer is the same until it changes: found once a query.
            found = remember("search", (data["q"], filters), lambda: query.search(
                data["q"], None, filters))
        else:
            found = query.search(data["q"], user, filters)
    page = Paginator(found.ids, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{
        "entry": entry, "url": _link(entry), "title": highlight(entry.title, found.terms),
        "snippet": snippet(entry.body, found.terms),
    } for entry in query.entries(list(page.object_list))]
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "search/results.html", {
        "form": form, "found": found, "page": page, "rows": rows, "query": params.urlencode(),
        "searched": bool(found.terms), "staff": staff,
    })
