# The two commands: `make run` sets everything up and serves the app; `make test` runs every test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages the app and its tests need: Pango for WeasyPrint, poppler to read PDFs back,
# Chromium for the browser tests.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils chromium gettext

.PHONY: run test lint format lock bench bench-import serve load cluster system-deps install clean

$(VENV)/.installed: requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed

# Test-only tools from the npm registry (axe-core for the accessibility checks).
node_modules/.installed: package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing system packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Missing system packages:$$missing — run: sudo apt-get install -y$$missing"; exit 1; \
		fi; \
	fi

run: install system-deps
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_sample_data
	$(PY) manage.py collectstatic --no-input --verbosity 0
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C stops the server, the task worker and the scheduler: reminders, relocking)"
	@echo "E-mail is written to mail/ (one .eml file per message)"
	@trap 'kill 0' EXIT INT TERM; \
	$(PY) manage.py db_worker --queue-name '*' >/dev/null 2>&1 & \
	$(PY) manage.py schedule_reminders >/dev/null 2>&1 & \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install system-deps node_modules/.installed
	$(PY) -m pytest -n 2 -p no:cacheprovider

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Re-resolve the pinned versions after changing pyproject.toml.
lock:
	$(VENV)/bin/pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes --no-header -o requirements.lock

# Production-style serving on this machine: gunicorn (settings in gunicorn.conf.py), whitenoise for the
# compressed, hashed static files, a pooled database connection, and a task worker.
serve: install system-deps
	$(PY) manage.py migrate --no-input
	DEBUG=false STATICFILES_BACKEND=whitenoise.storage.CompressedManifestStaticFilesStorage \
		SECRET_KEY=$${SECRET_KEY:-$$(cat .serve-secret 2>/dev/null || (head -c 48 /dev/urandom | base64 | tr -d '/+=\n' | tee .serve-secret))} \
		$(PY) manage.py collectstatic --no-input --verbosity 0
	@trap 'kill 0' EXIT INT TERM; \
	export DEBUG=false SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-false} SECURE_COOKIES=$${SECURE_COOKIES:-false} DB_POOL=$${DB_POOL:-true} \
		ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} BIND=$${BIND:-$(HOST):$(PORT)} \
		SECRET_KEY=$${SECRET_KEY:-$$(cat .serve-secret)}; \
	for i in $$(seq $${TASK_WORKERS:-1}); do $(PY) manage.py db_worker --queue-name '*' --worker-id "worker-$$i" & done; \
	$(PY) manage.py schedule_reminders & \
	$(VENV)/bin/gunicorn tracker.wsgi

# Benchmarks (not tests): SCALE projects in one fiscal year; PostgreSQL when reachable, else SQLite.
SCALE ?= 10000
bench: install system-deps
	$(PY) -m bench.run --scale $(SCALE)

# The legacy importer over an archive: FILES generated files imported with `import_legacy DIR`, time and memory.
FILES ?= 10000
bench-import: install
	$(PY) -m bench.import_archive --files $(FILES)

# Locust load test on loopback (bench/locustfile.py, headless): USERS simulated people (one in ten a planner) for
# DURATION seconds against gunicorn (2 workers) + a task worker.
USERS ?= 50
DURATION ?= 60
load: install system-deps
	$(PY) -m bench.load --users $(USERS) --duration $(DURATION)

# Two app servers and two task workers sharing one PostgreSQL database, checked end to end.
cluster: install system-deps
	$(PY) -m bench.cluster

clean:
	rm -rf $(VENV) staticfiles db.sqlite3* media artifacts bench/results.json bench/load.sqlite3*
