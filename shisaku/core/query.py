"""Reading the query string: a bad parameter is ignored, never a server error."""

from django.http import HttpRequest

# Primary keys and ordinals are positive and fit a 64-bit integer column on every database.
_MAX = 2**63 - 1


def int_param(request: HttpRequest, name: str) -> int | None:
    """``?name=`` as a positive integer, or None when it is missing or not one (abc, -1, 1e9)."""
    value = request.GET.get(name, "").strip()
    if not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= _MAX else None
