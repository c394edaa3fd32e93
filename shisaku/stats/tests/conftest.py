import pytest

from shisaku.core.tests.fixtures import module_data
from shisaku.stats.demo import load_demo_stats

# The seeds' statistics, as ``load_demo`` loads them: once per test module, rolled back after
# its last test (the module's tests without them run first, on an empty database).
stats_demo = module_data(load_demo_stats)


@pytest.fixture
def demo(stats_demo, db):
    """The seeds' statistics, as ``load_demo`` loads them (each test writes in a savepoint)."""
