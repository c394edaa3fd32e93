import pytest

from shisaku.stats.demo import load_demo_stats


@pytest.fixture
def demo(db):
    """The seeds' statistics, as ``load_demo`` loads them."""
    load_demo_stats()
