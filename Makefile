# Querschnitt: `make run` serves the demo, `make test` runs everything CI runs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV := $(PYTHON) -m uv
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Where `make run` serves (GUNICORN_BIND=127.0.0.1:8080 make run for another port).
RUN_URL = http://$(or $(GUNICORN_BIND),127.0.0.1:8000)
PYTEST := $(VENV)/bin/pytest
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES = gettext chromium fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 postgresql postgresql-common redis-server

.PHONY: help install system-packages messages run serve test lint test-sqlite test-postgres test-browser test-deployment explore bench audit clean

help:
	@echo "make run    install, migrate, load the demo and serve on http://127.0.0.1:8000"
	@echo "make test   lint, the test suite on SQLite and PostgreSQL, browser and accessibility tests"
	@echo "make explore  the property tests with new examples (make test tries the same ones each run)"
	@echo "make bench  benchmarks (see bench/)"
	@echo "make audit  Lighthouse over every public page type in German and Arabic (AUDIT_PORT=8580)"

# Python packages from uv.lock, into .venv, with the Python 3.13 that pyenv provides.
install: $(VENV)/.installed messages

$(VENV)/.installed: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	@touch $@

# Debian packages that the tests need and a fresh machine may lack.
system-packages:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v pg_virtualenv >/dev/null || missing="$$missing postgresql-common"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans Arabic" || missing="$$missing fonts-noto-core"; \
	ldconfig -p | grep -q libpangoft2 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gettext >/dev/null; }
	@$(MANAGE) compilemessages --ignore=.venv -v0

run: install
	$(MANAGE) migrate --noinput -v0
	QS_MANIFEST_STATIC=1 $(MANAGE) collectstatic --noinput -v0
	$(MANAGE) load_demo
	@echo
	@echo "Querschnitt is served on $(RUN_URL)"
	@echo "  Municipalities:  $(RUN_URL)/"
	@echo "  Mannheim:        $(RUN_URL)/mannheim/   staff area: $(RUN_URL)/mannheim/verwaltung/"
	@echo "  Bamberg:         $(RUN_URL)/bamberg/    staff area: $(RUN_URL)/bamberg/verwaltung/"
	@echo "  Health check:    $(RUN_URL)/healthz"
	@echo "  Current TOTP code of a demo account: $(MANAGE) demo_code admin@mannheim.example"
	@echo "Stop with Ctrl+C."
	@QS_MANIFEST_STATIC=1 bin/serve

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	QS_PRODUCTION=1 QS_SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | base64 | tr -dc a-zA-Z0-9) \
	  QS_ALLOWED_HOSTS=querschnitt.example $(MANAGE) check --deploy --fail-level WARNING

test-sqlite: install
	$(PYTEST) -n 2 -m "not browser and not deployment" -q

test-postgres: install system-packages
	pg_virtualenv -t -o max_connections=50 sh -c 'DATABASE_URL=postgres:// $(PYTEST) -n 2 -m "not browser and not deployment" -q'

test-browser: install system-packages
	$(PYTEST) -n 2 -m browser -q

# PostgreSQL, Redis, two gunicorn servers and the task worker (core/tests/test_deployment.py).
test-deployment: install system-packages
	pg_virtualenv -t sh -c 'DATABASE_URL=postgres:// $(PYTEST) -p no:xdist -m deployment -q src/querschnitt/core/tests/test_deployment.py'

test: system-packages install lint test-sqlite test-postgres test-browser test-deployment

# The property tests with examples never tried before (`make test` tries the same ones each
# run); failing ones are kept under var/hypothesis/ and tried first the next time.
explore: install
	$(PYTEST) -n 2 -m hypothesis -q --hypothesis-profile=explore

bench: install
	$(PY) bench/run.py
	$(PY) bench/first_request.py

# A report, not a test: serves the demo with gunicorn and runs Lighthouse (npm, installed under
# var/audit/) with Debian's Chromium over every public page type, mobile preset, de and ar.
AUDIT_PORT ?= 8580
audit: install system-packages
	AUDIT_PORT=$(AUDIT_PORT) CHROME_PATH=/usr/bin/chromium $(PY) scripts/audit.py

clean:
	rm -rf $(VENV) var
