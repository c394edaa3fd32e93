"""The idempotent loaders obey the rules the services keep."""

import pytest
from django.core.exceptions import ValidationError

from shisaku.core.loading import IdempotentLoader
from shisaku.core.testing import make_project
from shisaku.projects.models import Project
from shisaku.sheets.models import Cycle
from shisaku.sheets.tests.factories import make_cycle
from shisaku.verification.models import Meeting

pytestmark = pytest.mark.django_db


def test_a_loaded_change_moves_a_versioned_records_version():
    project = make_project("読込事業", first_fy=2016)
    IdempotentLoader().upsert(Project, {"name": "読込事業"}, {"description": "読み込んだ概要"})
    project.refresh_from_db()
    assert (project.description, project.version) == ("読み込んだ概要", 1)


def test_an_unchanged_load_writes_nothing_and_keeps_the_version():
    project = make_project("読込事業", first_fy=2016, description="同じ")
    IdempotentLoader().upsert(Project, {"name": "読込事業"}, {"description": "同じ"})
    project.refresh_from_db()
    assert project.version == 0


def test_a_load_refuses_to_change_a_published_years_record():
    cycle = make_cycle(2021, Cycle.Status.PUBLISHED)
    from shisaku.verification.models import Committee

    committee = Committee.objects.create(name="産業振興協議会")
    meeting = Meeting.objects.create(cycle=cycle, committee=committee, title="第1回",
                                     kind=Meeting.Kind.COUNCIL)
    with pytest.raises(ValidationError, match="公表済"):
        IdempotentLoader().upsert(Meeting, {"pk": meeting.pk}, {"title": "書き換え"})
    meeting.refresh_from_db()
    assert meeting.title == "第1回"
    with pytest.raises(ValidationError, match="公表済"):
        IdempotentLoader().upsert(Cycle, {"fiscal_year": 2021}, {"achieved_min": 90})
