import os

import pytest
from hypothesis import settings as hypothesis_settings

from shisaku.core.tests.browser import page  # noqa: F401  (headless Chromium fixture)
from shisaku.core.tests.fixtures import module_data, uses_module_data

# CI runs the fuzz tests with a fixed seed so a landing never depends on luck;
# HYPOTHESIS_PROFILE=explore runs them with fresh random input.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
hypothesis_settings.register_profile("explore", deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))



@pytest.fixture(scope="session")
def _chart_cache(tmp_path_factory):
    """A chart cache of this test session only (each xdist worker its own): a chart is drawn
    once per set of inputs, and nothing drawn by an earlier run of other code is reused."""
    return tmp_path_factory.mktemp("charts")


@pytest.fixture(autouse=True)
def _test_settings(settings, _chart_cache):
    # The manifest storage needs `collectstatic`; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        # Files of jobs stay in memory (the worker tests give a directory of their own).
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    # Jobs run in the request that starts them (the worker tests start a real worker).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Charts are keyed by their inputs; the cache lives as long as the session (see above).
    from shisaku.lib import charts

    charts.CACHE_DIR = _chart_cache
    # Hashing passwords properly is slow on purpose; tests only need them to round-trip.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Public pages and tables are cached by publication generation; each test starts empty
    # (a test that edits a frozen snapshot directly changes no generation).
    from django.core.cache import cache

    from shisaku.published import cache as published_cache
    from shisaku.published import generation

    cache.clear()
    published_cache.forget()
    generation.forget()


@pytest.fixture
def section(db):
    from shisaku.core.testing import make_section

    return make_section("工業振興課")


@pytest.fixture
def other_section(db):
    from shisaku.core.testing import make_section

    return make_section("商業振興課")


@pytest.fixture
def users(db, section):
    """One named user per role, as in the demo: kikaku, kogyo, iin, etsuran."""
    from shisaku.accounts.models import Role
    from shisaku.core.testing import make_user

    return {
        "planning_admin": make_user("kikaku", Role.PLANNING_ADMIN),
        "section_editor": make_user("kogyo", Role.SECTION_EDITOR, [section]),
        "council_member": make_user("iin", Role.COUNCIL_MEMBER),
        "viewer": make_user("etsuran", Role.VIEWER),
    }


@pytest.fixture
def kikaku(users):
    """The demo's planning admin: role 企画課, staff through the role, not a superuser."""
    user = users["planning_admin"]
    user.refresh_from_db()
    assert user.is_staff and not user.is_superuser
    return user


@pytest.fixture
def root(db):
    from shisaku.accounts.models import User

    return User.objects.create_superuser("root", "root@example.invalid", "x-Pass-1234")


@pytest.fixture
def login(client):
    """login(user) → a test client logged in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def csrf_client():
    """A client that enforces CSRF, as a browser session does."""
    from django.test import Client

    return Client(enforce_csrf_checks=True)


@pytest.fixture(autouse=True)
def _japanese_first():
    # A request in English leaves the thread's language switched; every test starts in Japanese.
    from django.utils import translation

    translation.activate("ja")
    yield
    translation.activate("ja")


def _load_published_demo():
    from shisaku.demo.everything import load_everything

    load_everything(users=True, publish_past=True)


# The demo as `load-demo` leaves it (FY2021 published as the city did in 2022-08, FY2022 in
# progress), loaded once for a test module and rolled back after it (see
# shisaku/core/tests/fixtures.py). Tests using it also ask for `db`. Not for live_server tests
# on PostgreSQL: the server thread's connection cannot see uncommitted rows. The demo's own
# users (kikaku, kogyo, shogyo, nogyo, iin, etsuran; demo.data) are there: do not add the
# `users` fixture, whose usernames clash with them.
published_demo = module_data(_load_published_demo)


@pytest.fixture
def committed_demo(transactional_db, settings):
    """The same demo, committed, for a browser test: the live server's thread reads it through
    its own connection whatever earlier tests did to the test thread's one (a module's
    uncommitted demo is visible to the server only while both share one connection, which
    an earlier live-server test in the same worker can break: "database table is locked").
    SQLite only: the pages read the same on PostgreSQL, and a second full load there costs
    the shared machine more than it tells."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("browser test on the demo: run on SQLite")
    _load_published_demo()


# Fixtures through which a test reaches the test database.
_DATABASE_FIXTURES = frozenset({"db", "transactional_db", "django_db_setup", "live_server"})


def uses_database(item) -> bool:
    return bool(_DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
                or item.get_closest_marker("django_db"))


def pytest_collection_modifyitems(config, items):
    """The PostgreSQL run keeps to what the database changes. Two kinds of test run once, on
    SQLite:
    - a test that never opens the test database (text rules, parsers, charts, the import
      graph): its result cannot depend on the engine;
    - a page-layout test, which reads built documents: the same data gives the same document
      on any database (test_documents builds every kind and format on both)."""
    from django.conf import settings

    # Within a module, the tests that share data loaded once for it (module_data) run last:
    # the others expect the empty database they would meet alone. (xdist hands each worker
    # its tests in this order.)
    first: dict = {}
    for item in items:
        first.setdefault(item.path, len(first))
    position = {id(item): n for n, item in enumerate(items)}
    items.sort(key=lambda item: (first[item.path], uses_module_data(item), position[id(item)]))

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        return
    layout = pytest.mark.skip(reason="layout test: run on SQLite (the document does not "
                                     "depend on the database)")
    no_database = pytest.mark.skip(reason="opens no database: run on SQLite")
    for item in items:
        if item.get_closest_marker("layout"):
            item.add_marker(layout)
        elif not uses_database(item):
            item.add_marker(no_database)
