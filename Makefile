# Shisaku: the two commands of the README.
#   make run   install, migrate, load the demo data and serve on http://127.0.0.1:8000
#   make test  install, then ruff, makemigrations --check, mypy and the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test

run: $(STAMP)
	$(BIN)/shisaku migrate --noinput
	$(BIN)/shisaku load-demo
	$(BIN)/shisaku serve --no-migrate

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/shisaku makemigrations --check --dry-run
	$(BIN)/mypy
	$(BIN)/pytest -n auto

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Shisaku needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)
