# tongket: `make demo` to try it, `make test` to check it, `make bench` to measure it.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
TONGKET := $(VENV)/bin/tongket
STAMP := $(VENV)/.installed
PG_URL ?= postgresql://postgres@127.0.0.1:5432/tongket
HOST ?= 127.0.0.1
PORT ?= 8000
AGENCY ?= Sở Khoa học và Công nghệ tỉnh Hưng Yên
AGENCY_EN ?= Department of Science and Technology, Hưng Yên
export TONGKET_HOME ?= $(CURDIR)/var

.PHONY: install browser office softhsm demo test check lint pytest pytest-sqlite pytest-postgres bench clean postgres cluster haproxy

# PyICU (Vietnamese collation) builds against Debian's ICU.
$(STAMP): pyproject.toml
	pkg-config --exists icu-i18n 2>/dev/null && command -v g++ >/dev/null \
	  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config g++; }
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $(STAMP)

# What the tests and the gate need, and what the benchmarks compare against.
TEST_STAMP := $(VENV)/.installed-test
$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[test]'
	touch $(TEST_STAMP)

BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[test,bench]'
	touch $(BENCH_STAMP)

# Front-end libraries from the npm registry (frontend/package-lock.json), served as static files.
FRONTEND_STAMP := frontend/node_modules/.package-lock.json
$(FRONTEND_STAMP): frontend/package-lock.json
	command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $(FRONTEND_STAMP)

# The English translation: .po files in the repository, compiled here.
PO_FILES := $(wildcard src/tongket/*/locale/*/LC_MESSAGES/django.po)
MESSAGES_STAMP := $(VENV)/.messages
$(MESSAGES_STAMP): $(PO_FILES) $(STAMP)
	command -v msgfmt >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; }
	cd src/tongket && $(CURDIR)/$(TONGKET) compilemessages -v 0
	touch $(MESSAGES_STAMP)

install: $(STAMP) $(FRONTEND_STAMP) $(MESSAGES_STAMP)

# Browser tests drive Debian's Chromium with Playwright (never a downloaded browser).
browser: install
	test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# PDF of the generated documents: Debian's LibreOffice (no GUI); pdftoppm/pdftotext to look at them.
office:
	command -v soffice >/dev/null && command -v pdftoppm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui poppler-utils; }

# A PKCS#11 module the signing tests sign through, as a USB token would (Debian's SoftHSM2).
softhsm:
	test -e /usr/lib/softhsm/libsofthsm2.so || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq softhsm2; }

demo: install
	mkdir -p $(TONGKET_HOME)
	$(TONGKET) init --agency "$(AGENCY)" --agency-en "$(AGENCY_EN)"
	$(TONGKET) demo
	@echo
	$(TONGKET) demoaccounts
	@echo
	$(TONGKET) serve --host $(HOST) --port $(PORT)

# The one gate: lint, format, migrations, then the suite on SQLite and on PostgreSQL.
test: check browser office softhsm haproxy pytest

check: install $(TEST_STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy src/tongket/core/periods.py src/tongket/core/numbers.py src/tongket/extraction
	TONGKET_DATABASE_URL=sqlite:///:memory: $(TONGKET) makemigrations --check --dry-run
	$(VENV)/bin/openapi-spec-validator src/tongket/api/openapi.json

# The two databases' runs go side by side (two cores; much of each run waits on Chromium,
# LibreOffice and the database); each run's output is printed whole when it ends.
pytest: install $(TEST_STAMP) postgres
	$(MAKE) --no-print-directory -j2 --output-sync=target pytest-sqlite pytest-postgres

pytest-sqlite: install $(TEST_STAMP)
	@echo "== tests on SQLite =="
	TONGKET_DATABASE_URL= $(VENV)/bin/pytest

# PostgreSQL answers on 127.0.0.1:5432 on CI's machine; if it is down, start it.
postgres:
	@$(PY) -c "import psycopg; psycopg.connect('postgresql://postgres@127.0.0.1:5432/postgres', connect_timeout=3).close()" 2>/dev/null \
	  || { command -v pg_ctlcluster >/dev/null && pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start && sleep 2; } \
	  || true

pytest-postgres: install $(TEST_STAMP) postgres
	@if $(PY) -c "import psycopg; psycopg.connect('postgresql://postgres@127.0.0.1:5432/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== tests on PostgreSQL ($(PG_URL)) =="; \
	  TONGKET_DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest; \
	else \
	  echo "== PostgreSQL does not answer at 127.0.0.1:5432: tests ran on SQLite only =="; \
	fi

bench: install $(BENCH_STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var build *.egg-info src/*.egg-info

# Two servers behind Debian's HAProxy on one PostgreSQL and Redis (sessions in the database,
# cached figures in Redis): http://127.0.0.1:$(PORT)/ (tongket cluster --help).
CLUSTER_DB_NAME ?= tongket_cluster
CLUSTER_DB := postgresql://postgres@127.0.0.1:5432/$(CLUSTER_DB_NAME)
haproxy:
	command -v haproxy >/dev/null || test -x /usr/sbin/haproxy || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy; }

cluster: install postgres haproxy
	mkdir -p $(TONGKET_HOME)
	$(PY) -c "import psycopg; c = psycopg.connect('postgresql://postgres@127.0.0.1:5432/postgres', autocommit=True); c.execute(\"SELECT 1 FROM pg_database WHERE datname = '$(CLUSTER_DB_NAME)'\").fetchone() or c.execute('CREATE DATABASE $(CLUSTER_DB_NAME)')"
	TONGKET_DATABASE_URL=$(CLUSTER_DB) $(TONGKET) init
	TONGKET_DATABASE_URL=$(CLUSTER_DB) TONGKET_CACHE_URL=redis://127.0.0.1:6379/0 $(TONGKET) cluster --host $(HOST) --port $(PORT)
