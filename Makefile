# Sozialraum-Portal Jena. `make run` serves the portal, `make test` runs every check.
PORT ?= 8000
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
DB_NAME := jena_sozialraum

.PHONY: run test stop db deps deps-test serve-prod lock messages clean-db

# --- setup steps shared by run and test --------------------------------------------------------
deps:
	@scripts/debian-packages.sh run

deps-test:
	@scripts/debian-packages.sh test

$(VENV)/.installed: pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r requirements.lock
	$(VENV)/bin/pip install -q --disable-pip-version-check --no-deps -e .
	@touch $@

# The local server is only started when DATABASE_URL does not point elsewhere.
db: deps
ifndef DATABASE_URL
	@scripts/localdb.sh start $(DB_NAME)
endif

# Compiled catalogues are build output (git-ignored); rebuild when a .po file changes.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
locale/%.mo: locale/%.po
	msgfmt --check -o $@ $<
messages: $(MO_FILES)

# --- the two commands -------------------------------------------------------------------------
run: deps $(VENV)/.installed db messages
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) load_jena --demo
	$(MANAGE) create_demo_users
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: deps-test $(VENV)/.installed db messages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest

stop:
	@scripts/localdb.sh stop

# Production mode: gunicorn, whitenoise, DEBUG off. Needs DJANGO_SECRET_KEY and ALLOWED_HOSTS
# in the environment (see .env.example); DATABASE_URL defaults to the project-local server.
LOCAL_DATABASE_URL := postgis://jena@$(subst /,%2F,$(CURDIR)/.pg/run):$(or $(LOCAL_DB_PORT),5432)/$(DB_NAME)
serve-prod: export DJANGO_DEBUG = false
serve-prod: export DATABASE_URL ?= $(LOCAL_DATABASE_URL)
serve-prod: deps $(VENV)/.installed db messages
	$(MANAGE) check --deploy
	$(MANAGE) collectstatic --no-input -v 0
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) load_jena
	$(VENV)/bin/gunicorn jena_sozialraum.wsgi \
		--bind 127.0.0.1:$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile -

# Load benchmark (bench/README.md): seeds 10,000 offers into a separate database (jena_bench),
# serves it with gunicorn in production mode, measures with wrk, writes bench/RESULTS.md.
# Never part of `make test`; leaves the main database alone.
.PHONY: bench deps-bench
deps-bench:
	@scripts/debian-packages.sh bench

bench: deps-bench $(VENV)/.installed messages
	bench/run.sh

# Re-resolve requirements.lock from the pins in pyproject.toml (needs network access).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install -q --disable-pip-version-check ".[dev]"
	.venv-lock/bin/pip freeze --exclude-editable --exclude jena-sozialraum > requirements.lock
	rm -rf .venv-lock
