"""Data loaded once per test module, for modules whose tests only read it (or write inside
their own savepoint).

    demo_data = module_data(lambda: load_everything())

    @pytest.fixture
    def demo_cycle(demo_data, db):
        return Cycle.objects.get(fiscal_year=2021)

The loader runs once in a transaction opened for the module and rolled back after its last
test; each test asks for `db` and so runs in a savepoint inside it (its writes vanish with
it). Loading the demo takes seconds: once per module instead of once per test is most of
the suite's time on documents. Not for `transactional_db` or `live_server` tests (they
flush the database, or read it through another connection). Tests of the module that do
not ask for it run first (conftest.py), so they still meet an empty database.
"""

from collections.abc import Callable
from typing import Any

import pytest


def module_data(load: Callable[[], Any]):
    def fixture(django_db_setup, django_db_blocker):
        from django.db import transaction

        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                loaded = load()
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                raise
        yield loaded  # what the loader returned (counts, records)
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)

    fixture.module_data = True  # type: ignore[attr-defined]  (see uses_module_data)
    return pytest.fixture(scope="module")(fixture)


def uses_module_data(item) -> bool:
    """Whether a test asks (directly or through another fixture) for data loaded by
    module_data. The conftest runs a module's other tests before these: the data stays until
    the module's last test, so a test that expects an empty database must come first.
    A test must name such a fixture among its arguments: one asked for on the way
    (request.getfixturevalue) would be loaded inside that test's transaction and lost with
    it."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(getattr(definition.func, "module_data", False)
               for name in item.fixturenames
               for definition in info.name2fixturedefs.get(name, ()))


def load_verified_demo() -> None:
    """The demo up to FY2021's verification (plan, users, sheets, opinions and responses),
    nothing published: what the documents and the council's workspace are built from."""
    from shisaku.demo.loader import create_demo_users, load_demo
    from shisaku.demo.sheets_loader import load_demo_sheets
    from shisaku.demo.verification_loader import load_demo_verification

    load_demo()
    create_demo_users()
    load_demo_sheets()
    load_demo_verification()
