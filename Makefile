# Set-up and everyday commands. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test demo migrate lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# A random secret for this installation, written once and kept (instance/ is git-ignored).
instance/config.py: | $(BIN)/python
	mkdir -p instance
	$(BIN)/python -c "import secrets; print('SECRET_KEY = ' + repr(secrets.token_hex(32)))" > $@
	chmod 600 $@

# A backup into instance/backups/ first when a migration would change an existing SQLite
# database (the newest 10 are kept); a fresh install has no database and needs none.
migrate: $(VENV)/.installed instance/config.py
	$(FLASK) tracker backup --before-upgrade
	$(FLASK) db upgrade

# The web server in the foreground, and beside it the job worker (imports) and the reminder
# sender, both ended with it.
run: migrate
	@$(FLASK) tracker worker & worker=$$!; \
	$(FLASK) tracker reminders run & sender=$$!; \
	trap 'kill $$worker $$sender 2>/dev/null; wait $$worker $$sender 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

demo: migrate
	$(FLASK) tracker demo

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
