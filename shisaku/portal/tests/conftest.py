import pytest


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Rendered portal pages live in the process-wide cache: each test starts without them
    (a page cached by another test's rolled-back data would otherwise be served)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
