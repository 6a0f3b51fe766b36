# `make run` starts the product with a demo business; `make test` runs every test.
# Both set up what a fresh machine lacks (a virtual environment, Python and npm packages).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# scheduling/ holds every rule about time and stays fully covered; `make test COVERAGE=` for a subset.
COVERAGE ?= --cov=scheduling --cov-report=term-missing:skip-covered --cov-fail-under=100
# pytest runs over this many processes (pytest-xdist), each with its own browser, servers, PostgreSQL
# database and Redis namespace; `make test WORKERS=0` runs in one.
WORKERS ?= 2

.PHONY: setup run test lint bench messages

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The pages' browser code, bundled by esbuild from web/static into web/static/dist (not committed).
# With them, the catalogs' wordings of the texts each bundle says, one script per language and bundle.
web/static/dist/.built: node_modules/.installed $(VENV)/.installed web/build.mjs i18n/browser.py \
		$(wildcard i18n/*/LC_MESSAGES/messages.po) \
		$(filter-out web/static/dist/%,$(wildcard web/static/*.css web/static/*/*.js))
	npm run --silent build
	$(PY) -m i18n.browser web/static/dist/messages
	touch $@

setup: $(VENV)/.installed node_modules/.installed web/static/dist/.built

run: setup
	$(PY) server.py --host $(HOST) --port $(PORT) --demo

# The types first (mypy over the Python code, tsc over the browser code's JSDoc), the browser
# code's pure modules in Node (together some seconds), then pytest.
test: setup
	$(VENV)/bin/mypy
	node_modules/.bin/tsc -p web/tsconfig.json
	node --test --test-reporter=dot web/tests/
	$(PY) -m pytest -n $(WORKERS) $(COVERAGE) $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	node_modules/.bin/tsc -p web/tsconfig.json

bench: setup
	$(PY) bench/bench_scheduling.py
	$(PY) bench/bench_realtime.py
	$(PY) bench/bench_holds.py

# The gettext catalogs: every text of templates, mails, Python and browser code, extracted into a template and
# merged into each i18n/<lang>/LC_MESSAGES/messages.po (new texts arrive untranslated).
messages: setup
	$(VENV)/bin/pybabel extract -F babel.cfg -k translate:2 -k N_ -k t -k tn:1,2 -k pt:1c,2 --no-location --sort-output \
		--ignore-dirs "dist node_modules .* _*" --omit-header -o i18n/messages.pot .
	$(VENV)/bin/pybabel update -i i18n/messages.pot -d i18n --no-fuzzy-matching \
		--ignore-obsolete --width 100
	rm i18n/messages.pot
