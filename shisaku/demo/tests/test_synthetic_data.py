"""generate-data: a deterministic synthetic municipality, never mixed into other data."""

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import models, transaction

from shisaku.demo.loader import load_demo
from shisaku.demo.synthetic import MARK, Size, generate, provenance
from shisaku.projects.models import Project
from shisaku.sheets.models import Cycle, Sheet
from shisaku.stats.models import Dataset

SKIPPED = {"published_snapshot", "password"}  # the snapshot holds times; the hash is salted


def _rows() -> dict[str, list[tuple]]:
    """Every domain row, in creation order, without keys or clock values.

    A foreign key is written as its offset from the first key of its table, so two runs
    compare equal whatever keys the database handed out.
    """
    tables = {}
    for model in apps.get_models():
        if model._meta.app_label not in {"city", "ordinance", "plan", "projects", "sheets",
                                         "verification", "stats", "accounts"}:
            continue
        fields = [f for f in model._meta.concrete_fields
                  if not f.primary_key and f.name not in SKIPPED
                  and not isinstance(f, models.DateTimeField)]
        first = {f.name: (f.related_model.objects.order_by("pk").values_list("pk", flat=True)
                          .first() or 0) for f in fields if f.is_relation}
        tables[model._meta.label] = [
            tuple(getattr(row, f.attname) - first[f.name]
                  if f.is_relation and getattr(row, f.attname) is not None
                  else getattr(row, f.attname) for f in fields)
            for row in model.objects.order_by("pk")]
    return tables


def _generated(scale: float, seed: int) -> dict[str, list[tuple]]:
    with transaction.atomic():
        generate(scale, seed)
        rows = _rows()
        transaction.set_rollback(True)
    return rows


@pytest.mark.django_db
def test_the_same_seed_writes_the_same_rows_and_another_seed_other_figures():
    first, again, other = _generated(0.3, 7), _generated(0.3, 7), _generated(0.3, 8)
    assert first["sheets.Sheet"] and first["sheets.IndicatorValue"]
    assert first == again
    assert first["sheets.IndicatorValue"] != other["sheets.IndicatorValue"]
    assert len(first["sheets.Sheet"]) == len(other["sheets.Sheet"])


@pytest.mark.django_db
def test_the_scale_sets_years_projects_and_indicators():
    assert Size.of(10) == Size(years=12, projects=350, indicators=5, sections=40)
    size = Size.of(0.3)
    generate(0.3, 1)
    assert Cycle.objects.count() == size.years
    assert Project.objects.filter(lineage_in__isnull=True).count() == size.projects
    assert Sheet.objects.filter(cycle__fiscal_year=2025).count() == size.projects


@pytest.mark.django_db
def test_every_record_says_it_is_synthetic():
    generate(0.3, 1)
    source = provenance(0.3, 1)
    assert set(Cycle.objects.values_list("recorded_from", flat=True)) == {source}
    assert set(Dataset.objects.values_list("source", flat=True)) == {source}
    assert all(name.startswith(MARK) for name in Project.objects.values_list("name", flat=True))
    sheet = Sheet.objects.filter(verified=True).first()
    assert sheet.goal.startswith(MARK)
    # Every row has its creation entry, and each entry names the command and the seed.
    entries = LogEntry.objects.filter(action=LogEntry.Action.CREATE)
    assert {e.additional_data.get("synthetic") for e in entries} == {"scale=0.3 seed=1"}
    for model in (Project, Sheet, Cycle):
        assert entries.filter(content_type__model=model._meta.model_name).count() == \
            model.objects.count()


@pytest.mark.django_db
def test_a_database_holding_the_demo_is_refused_and_left_as_it_was():
    load_demo()
    before = Project.objects.count()
    with pytest.raises(ValidationError, match="空のデータベース"):
        generate(0.3, 1)
    assert Project.objects.count() == before
    assert not Cycle.objects.exists()


@pytest.mark.django_db
def test_the_command_refuses_a_second_run_with_a_message():
    call_command("generate_data", "--scale", "0.2", "--seed", "1")
    with pytest.raises(CommandError, match="既にデータがあります"):
        call_command("generate_data", "--scale", "0.2", "--seed", "1")
