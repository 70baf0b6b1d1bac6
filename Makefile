# The two commands: `make run` (set up everything and serve the app with its job worker on
# SQLite) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app surveyapp
STAMP := $(VENV)/.installed

.PHONY: run test test-sqlite test-postgresql lint format bench load assets css-support translations translations-update system-deps db demo clean

# The job worker runs beside the development server (its queue an SQLite file in instance/);
# Ctrl+C stops both, the worker after finishing what it has started.
run: $(STAMP) assets translations db demo
	$(FLASK) worker & worker=$$!; trap 'kill -INT $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(FLASK) run --host 127.0.0.1 --port 5000

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

# KERN UX as the app serves it: copied from node_modules, then its CSS rewritten in place with
# fallbacks (rgb() for oklch() and color-mix(), guards for :has() and :focus-visible, prefixes)
# for the oldest browsers the app promises: "browserslist" in package.json, see docs/design.md.
assets: surveyapp/static/vendor/kern/.built

CSS_BUILD := postcss.config.mjs tools/css/guard-selectors.mjs tools/css/resolve-colour-variables.mjs
surveyapp/static/vendor/kern/.built: node_modules/.installed $(CSS_BUILD)
	mkdir -p surveyapp/static/vendor/kern
	cp -r node_modules/@kern-ux/native/dist/. surveyapp/static/vendor/kern/
	node_modules/.bin/postcss 'surveyapp/static/vendor/kern/**/*.css' --replace --no-map
	touch $@

# Fails on any CSS feature, in the app's own CSS or in KERN's as built, that a promised
# browser lacks and that no @supports guards (tools/css/check-support.mjs says what counts).
css-support: assets
	node tools/css/check-support.mjs surveyapp/static/css surveyapp/static/vendor/kern

translations: $(STAMP)
	$(BIN)/pybabel -q compile --use-fuzzy -d surveyapp/translations

# After changing user-facing text: collect the German source strings and merge them into the
# translations, then translate the new entries in surveyapp/translations/en/LC_MESSAGES/messages.po.
translations-update: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg --no-location --sort-output -o surveyapp/translations/messages.pot .
	$(BIN)/pybabel -q update --no-fuzzy-matching -i surveyapp/translations/messages.pot -d surveyapp/translations

db: $(STAMP)
	$(FLASK) db upgrade

demo: $(STAMP) db
	$(FLASK) demo

# Debian packages the tests drive for real: Chromium for the respondent pages, poppler and
# LibreOffice for the outputs. Installed only where missing (CI and developers run as root).
SYSTEM_PACKAGES := chromium poppler-utils libreoffice-calc-nogui fonts-dejavu-core
# The readers the statistics files are checked with: GNU PSPP and R's haven; R's MASS holds the
# reference data set `survey` the tables are checked against.
READER_PACKAGES := pspp r-cran-haven r-cran-mass
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages for the tests: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@missing=$$(for p in $(READER_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages for the tests: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $$missing; \
	fi

test: $(STAMP) lint assets css-support translations system-deps test-sqlite test-postgresql

# One test process per core (pytest-xdist): the suite holds browser, PDF and solver tests that
# would otherwise take half an hour per database.
test-sqlite:
	TEST_DATABASE=sqlite $(BIN)/pytest -q -n auto

test-postgresql:
	TEST_DATABASE=postgresql $(BIN)/pytest -q -n auto

# The arrows between the packages (contracts in pyproject.toml), then the types. No cache for
# lint-imports: the graph builds in under a second.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	status=0; for script in bench/bench_*.py; do $(BIN)/python $$script || status=1; done; exit $$status

clean:
	rm -rf $(VENV) node_modules surveyapp/static/vendor

# Back up the database (DATABASE_URL, else the SQLite file in instance/), restore it into an
# empty one and compare rows and workbooks; see docs/operations.md.
.PHONY: restore-check
restore-check: $(STAMP)
	$(BIN)/python tools/restore_check.py --database-url "$${DATABASE_URL:-sqlite:///instance/surveyapp.db}"

# On demand, not in CI (minutes): simulated respondents against gunicorn, PostgreSQL and Redis.
load: $(STAMP)
	$(BIN)/python bench/load/run.py
