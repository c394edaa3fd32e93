"""Production refuses to start with unsafe settings: DEBUG on, a missing or weak SECRET_KEY,
no ALLOWED_HOSTS. `shisaku check --deploy` reports each as an error (not a warning) and exits
non-zero; `shisaku serve` stops before gunicorn; the WSGI application refuses to load."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from shisaku.core.checks import check_production_settings, production_errors

ROOT = Path(__file__).resolve().parents[3]
GOOD_KEY = "Qm3v-8xT_pZ2rW9sLk4Yb7nHc1dFg6JeAu0iOyVtRqXwEz5SaDlPjMhGfN"


def run(*args, **env):
    full_env = {k: v for k, v in os.environ.items()
                if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SHISAKU_ENV"}}
    full_env.update(env)
    return subprocess.run([sys.executable, *args], env=full_env, capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def production(tmp_path, **overrides):
    env = {"SHISAKU_ENV": "production", "SECRET_KEY": GOOD_KEY,
           "ALLOWED_HOSTS": "shisaku.example.jp", "SHISAKU_VAR_DIR": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    env.update(overrides)
    return env


def ids(errors) -> list[str]:
    return [error.id for error in errors]


@pytest.mark.parametrize("key,why", [
    ("x" * 50, "種類"),                              # Django's own example of a weak key
    ("short-but-random-Q8z", "短すぎ"),
    ("django-insecure-" + GOOD_KEY, "django-insecure-"),
    ("", "設定されていません"),
])
def test_a_weak_or_missing_secret_key_is_an_error_in_production(key, why):
    with override_settings(PRODUCTION=True, DEBUG=False, SECRET_KEY=key,
                           ALLOWED_HOSTS=["example.jp"]):
        errors = check_production_settings()
    assert ids(errors) == ["shisaku.E002"]
    assert errors[0].is_serious() and why in errors[0].msg


def test_debug_on_and_empty_allowed_hosts_are_errors_in_production():
    with override_settings(PRODUCTION=True, DEBUG=True, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS=[]):
        errors = production_errors()
    assert ids(errors) == ["shisaku.E001", "shisaku.E003"]
    assert all(error.is_serious() for error in errors)


def test_good_production_settings_and_development_give_no_error():
    with override_settings(PRODUCTION=True, DEBUG=False, SECRET_KEY=GOOD_KEY,
                           ALLOWED_HOSTS=["example.jp"]):
        assert production_errors() == []
    with override_settings(PRODUCTION=False, DEBUG=True, SECRET_KEY="x" * 50):
        assert production_errors() == []  # development: Django's own warnings only


def test_check_deploy_fails_with_an_error_for_a_weak_key(tmp_path):
    result = run("-m", "shisaku.cli", "check", "--deploy",
                 **production(tmp_path, SECRET_KEY="x" * 50))
    assert result.returncode != 0
    assert "shisaku.E002" in result.stderr and "ERRORS:" in result.stderr


def test_check_deploy_fails_with_an_error_for_debug_on(tmp_path):
    result = run("-m", "shisaku.cli", "check", "--deploy", **production(tmp_path, DEBUG="true"))
    assert result.returncode != 0
    assert "shisaku.E001" in result.stderr and "ERRORS:" in result.stderr


def test_check_deploy_is_clean_with_proper_production_settings(tmp_path):
    result = run("-m", "shisaku.cli", "check", "--deploy", "--fail-level", "WARNING",
                 **production(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_serve_refuses_to_start_gunicorn_with_debug_on_in_production(tmp_path):
    result = run("-m", "shisaku.cli", "serve", "--no-migrate", "--port", "1",
                 **production(tmp_path, DEBUG="true"))
    assert result.returncode != 0
    assert "shisaku.E001" in result.stderr
    assert "Shisaku: http" not in result.stdout  # stopped before gunicorn


@pytest.mark.parametrize("overrides,error", [
    ({"SECRET_KEY": "x" * 50}, "shisaku.E002"),
    ({"DEBUG": "1"}, "shisaku.E001"),
])
def test_the_wsgi_application_refuses_to_load_with_unsafe_production_settings(tmp_path,
                                                                              overrides, error):
    result = run("-c", "import shisaku.wsgi", **production(tmp_path, **overrides))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and error in result.stderr


def test_the_wsgi_application_loads_with_proper_production_settings(tmp_path):
    result = run("-c", "import shisaku.wsgi; print(shisaku.wsgi.application)",
                 **production(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "WSGIHandler" in result.stdout
