import os
import subprocess
import sys
from pathlib import Path

import pytest

from shisaku.cli import main, own_commands

ROOT = Path(__file__).resolve().parents[3]


def test_shisaku_help_lists_every_own_command_with_its_help(capsys):
    main(["shisaku", "--help"])
    out = capsys.readouterr().out
    commands = own_commands()
    assert {"serve", "load-demo"} <= set(commands)
    for name, text in commands.items():
        assert text, f"{name} has no help text"
        assert f"  {name}" in out and text in out


def test_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in own_commands():
        assert f"shisaku {name}" in readme, f"README does not mention `shisaku {name}`"


def run_manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    full_env.update(env)
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=full_env,
                          capture_output=True, text=True, cwd=ROOT)


def test_production_settings_pass_check_deploy(tmp_path):
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        SHISAKU_ENV="production", SECRET_KEY="x" * 20 + "-production-key-" + "y" * 40,
        ALLOWED_HOSTS="shisaku.example.jp", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        SHISAKU_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_required_settings(tmp_path, missing):
    env = {"SHISAKU_ENV": "production", "SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "example.jp",
           "SHISAKU_VAR_DIR": str(tmp_path)}
    env[missing] = ""
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_development_keeps_a_generated_secret_key_under_var(tmp_path):
    env = {"SHISAKU_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/d.sqlite3"}
    assert run_manage("check", **env).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert run_manage("check", **env).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key


def test_sqlite_file_database_runs_in_wal_mode(tmp_path):
    code = ("from django.db import connection; c = connection.cursor(); "
            "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])")
    result = run_manage("shell", "-c", code, SHISAKU_VAR_DIR=str(tmp_path),
                        DATABASE_URL=f"sqlite:///{tmp_path}/wal.sqlite3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "wal"
