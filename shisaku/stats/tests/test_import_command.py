"""`import_stats PATH --dataset … [--layout wide|long] [--dry-run]`."""

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError

from shisaku.stats.models import CensusValue

from .factories import make_dataset

pytestmark = pytest.mark.django_db

CSV = "業種,2014,2016\n製造業,3299,3034\n建設業,4078,3829\n"


def test_the_command_imports_and_reports_progress(tmp_path, capsys):
    dataset = make_dataset("cmd")
    path = tmp_path / "census.csv"
    path.write_bytes(CSV.encode("cp932"))
    call_command("import_stats", str(path), "--dataset", "cmd")
    out = capsys.readouterr().out
    assert "検証中: 2/2行" in out
    assert "2行を読み、4個の値（H26(2014)、H28(2016)）を登録しました（新しい期間 2件）。" in out
    assert CensusValue.objects.filter(period__dataset=dataset).count() == 4


def test_dry_run_validates_and_writes_nothing(tmp_path, capsys):
    make_dataset("dry")
    path = tmp_path / "census.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    call_command("import_stats", str(path), "--dataset", "dry", "--dry-run")
    assert "書き込みはしていません（--dry-run）" in capsys.readouterr().out
    assert not CensusValue.objects.exists()


def test_errors_are_listed_and_nothing_is_written(tmp_path, capsys):
    make_dataset("err")
    path = tmp_path / "census.csv"
    path.write_text(CSV.replace("3034", "3O34"), encoding="utf-8")
    with pytest.raises(CommandError, match="1件の誤りがあるため、何も登録していません"):
        call_command("import_stats", str(path), "--dataset", "err")
    assert "2行目「2016」列: 「3O34」は数値ではありません" in capsys.readouterr().err
    assert not CensusValue.objects.exists()


def test_an_unknown_dataset_lists_the_known_ones(tmp_path):
    make_dataset("known")
    path = tmp_path / "x.csv"
    path.write_text(CSV)
    with pytest.raises(CommandError, match="データセット「nope」がありません。登録済み: known"):
        call_command("import_stats", str(path), "--dataset", "nope")


def test_the_long_layout_option(tmp_path):
    dataset = make_dataset("long")
    path = tmp_path / "long.csv"
    path.write_text("年,業種,値\n2016,製造業,3034\n", encoding="utf-8")
    call_command("import_stats", str(path), "--dataset", "long", "--layout", "long")
    assert CensusValue.objects.get(period__dataset=dataset).value == 3034


def test_the_command_has_japanese_help():
    command = load_command_class(get_commands()["import_stats"], "import_stats")
    assert command.help.startswith("統計データ（CSV・Excel）をデータセットに取り込みます")
    parser = command.create_parser("manage.py", "import_stats")
    assert "検証だけ行い、登録しない" in parser.format_help()
