"""Rendered public pages kept in Django's cache, per language, address and the public record's
generation.

`cached_page(*tokens)` wraps a view: the key is the path (with the query string where
`with_query`), the active language and the given generation tokens (`generation.py`), so a
publication, a correction, a plan edit or an import makes a new key and the next request
renders afresh. Only a 200 response is kept. Nothing in a public page is personal (no CSRF
token, no user), so sharing it is safe; a view whose page differs for a signed-in user
(search: staff see their own drafts) sets `visitors_only`. The portal's pages and the
search results use it.
"""

import functools
import hashlib
from collections.abc import Callable, Sequence

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

TIMEOUT = 60 * 60 * 24  # a day: the key changes with the data anyway


def page_key(request, tokens: Sequence[Callable[[], str]], *, with_query: bool = False) -> str:
    path = request.get_full_path() if with_query else request.path
    parts = (translation.get_language() or "ja", path, *(token() for token in tokens))
    return "page:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def cached_page(*tokens: Callable[[], str], with_query: bool = False,
                visitors_only: bool = False, timeout: int = TIMEOUT):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or (request.GET and not with_query) or (
                    visitors_only and request.user.is_authenticated):
                return view(request, *args, **kwargs)
            key = page_key(request, tokens, with_query=with_query)
            stored = cache.get(key)
            if stored is not None:
                content, content_type = stored
                response = HttpResponse(content, content_type=content_type)
                patch_vary_headers(response, ["Cookie"])  # the language comes from a cookie
                return response
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, ["Cookie"])
            if response.status_code == 200 and not getattr(response, "streaming", False):
                if hasattr(response, "render"):
                    response.render()
                cache.set(key, (response.content, response["Content-Type"]), timeout)
            return response
        return wrapper
    return decorator
