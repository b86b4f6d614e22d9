# Two commands: `make run` serves the app with demo data; `make test` runs every check.
# Both set up what they need on a fresh machine (Python 3.11 and, for the browser
# tests, Debian's Chromium).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# `make run` serves in development mode unless the environment says otherwise;
# the tests use tests/settings.py whatever this says.
DJANGO_DEBUG ?= true
MANAGE := DJANGO_DEBUG=$(DJANGO_DEBUG) $(PY) manage.py
# Exits 0 when a job broker (Redis) is configured and answers.
export BROKER_ANSWERS := import os, django; os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intl_office.settings"); django.setup(); from intl_office.jobs.health import broker_answers; raise SystemExit(0 if broker_answers() else 1)

.PHONY: run test install install-dev system-deps lint migrations-check messages clean backup restore

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# Chromium drives the browser tests, Noto CJK renders Chinese in PDFs and
# screenshots, poppler's pdftoppm turns report PDF pages into screenshots, and
# LibreOffice Calc checks that report workbooks open. Installed only when
# missing, and only where apt-get is usable.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi "noto sans cjk" || missing="$$missing fonts-noto-cjk"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-calc"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		echo "Installing system packages:$$missing"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) load_demo
	$(MANAGE) demo_login
	@# With Redis configured (REDIS_URL) and answering, a Celery worker runs the background jobs beside the server
	@# (stopped with it); otherwise jobs run inside the server's requests and nothing else is needed.
	@if DJANGO_DEBUG=$(DJANGO_DEBUG) $(PY) -c "$$BROKER_ANSWERS"; then \
		echo "Redis answers: starting a job worker beside the server."; \
		DJANGO_DEBUG=$(DJANGO_DEBUG) $(PY) -m celery -A intl_office.jobs.celery worker -B --concurrency 1 \
			--loglevel INFO --schedule /tmp/intl-office-celerybeat-schedule & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver $(HOST); \
	else \
		$(MANAGE) runserver $(HOST); \
	fi

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

migrations-check: install-dev
	$(MANAGE) makemigrations --check --dry-run

test: install-dev system-deps lint migrations-check
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Back up the PostgreSQL database and the private files into BACKUP_DIR (default ./backups), and restore the newest
# backup (or BACKUP=<time stamp>) into DATABASE_URL (docs/deployment.md).
backup: install
	DJANGO_DEBUG=$(DJANGO_DEBUG) $(PY) scripts/backup.py backup

restore: install
	DJANGO_DEBUG=$(DJANGO_DEBUG) $(PY) scripts/backup.py restore $(BACKUP)

# Refresh the Chinese translation catalogue (needs GNU gettext).
messages: install-dev
	$(MANAGE) makemessages -l zh_Hans --ignore=.venv --ignore=staticfiles
	$(MANAGE) compilemessages -l zh_Hans --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

# Benchmark (docs/benchmarks.md): the demo at 1x and at SCALE x on PostgreSQL (databases reused when generated with
# the same scale and seed), every page's queries and latency, exports, import, and throughput under gunicorn.
SCALE ?= 100
SEED ?= 20131231
BENCH_DB_PREFIX ?= intl_office_bench
BENCH_ARGS ?=
.PHONY: bench
bench: install-dev
	$(PY) bench/run.py --scale $(SCALE) --seed $(SEED) --small-db $(BENCH_DB_PREFIX)_1x \
		--large-db $(BENCH_DB_PREFIX)_$(SCALE)x $(BENCH_ARGS)
