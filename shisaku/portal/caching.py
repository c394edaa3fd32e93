"""Rendered public pages kept in Django's cache, per language and publication generation.

`cached_page(*tokens)` wraps a view: the key is the path, the active language and the
given generation tokens (`generation.py`), so a publication, a correction, a plan edit or
an import makes a new key and the next request renders afresh. Only a 200 response is kept;
nothing in a public page is personal (no CSRF token, no user), so sharing it is safe.
"""

import functools

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

TIMEOUT = 60 * 60 * 24  # a day: the key changes with the data anyway


def page_key(request, tokens) -> str:
    parts = [token() for token in tokens]
    return ":".join(["portal", translation.get_language() or "ja", request.path, *parts])


def cached_page(*tokens):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or request.GET:
                return view(request, *args, **kwargs)
            key = page_key(request, tokens)
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
                cache.set(key, (response.content, response["Content-Type"]), TIMEOUT)
            return response
        return wrapper
    return decorator
