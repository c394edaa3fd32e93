"""The main pages run the same number of queries whatever the number of rows.

Each page is opened on a small and on a larger synthetic municipality (generate-data at
scale 0.3: 3 years × 10 projects; at 3.4: 4 years × 119 projects; both with published
years, renamed projects and opinions) by the role that uses it; the larger may not cost one
query more.
"""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shisaku.accounts.models import User
from shisaku.demo.synthetic import generate
from shisaku.sheets.models import Cycle, Sheet

SMALL, LARGE = 0.3, 3.4


def _pages() -> list[tuple[str, str, str]]:
    """(label, username, path) of the pages bench/load.py drives."""
    editor = User.objects.get(username="synth-shokan")
    entering = Cycle.objects.get(status=Cycle.Status.ENTERING)
    verifying = Cycle.objects.get(status=Cycle.Status.VERIFYING)
    draft = (Sheet.objects.filter(cycle=entering, state__in=["draft", "returned"],
                                  project__section__in=editor.sections.all())
             .order_by("-verified", "pk").first())
    sheet = Sheet.objects.filter(cycle=verifying, verified=True, opinions__isnull=False
                                 ).order_by("pk").first()
    return [
        ("plan tree", "synth-etsuran", "/plan/"),
        ("planning dashboard", "synth-kikaku", f"/sheets/fy/{entering.fiscal_year}/"),
        ("sheet", "synth-kikaku", f"/sheets/{sheet.pk}/"),
        ("sheet edit form", "synth-shokan", f"/sheets/{draft.pk}/edit/"),
        ("verification dashboard", "synth-kikaku", f"/verification/fy/{verifying.fiscal_year}/"),
        ("achievement overview", "synth-etsuran",
         f"/sheets/fy/{verifying.fiscal_year}/achievement/"),
        ("my sheets", "synth-shokan", "/sheets/"),
        ("projects", "synth-etsuran", "/projects/"),
        ("planning home (to-do)", "synth-kikaku", "/"),
        ("section home (to-do)", "synth-shokan", "/"),
        ("council home (to-do)", "synth-iin", "/"),
        ("council workspace", "synth-iin",
         f"/verification/fy/{verifying.fiscal_year}/workspace/"),
    ]


def _queries(scale: float) -> dict[str, int]:
    counts = {}
    with transaction.atomic():
        generate(scale, 1)
        for label, username, path in _pages():
            client = Client()
            client.force_login(User.objects.get(username=username))
            client.get(path)  # the first request fills per-process caches
            with CaptureQueriesContext(connection) as queries:
                status = client.get(path).status_code
            assert status == 200, (label, status)
            counts[label] = len(queries)
        transaction.set_rollback(True)
    return counts


@pytest.mark.django_db
def test_the_main_pages_run_as_many_queries_on_twelve_times_the_rows():
    small, large = _queries(SMALL), _queries(LARGE)
    assert all(count > 0 for count in small.values())
    assert large == small
