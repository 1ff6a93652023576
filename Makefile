# The two commands a newcomer needs: `make run` and `make test`.
VENV   := .venv
BIN    := $(VENV)/bin
PYTHON ?= python3
STAMP  := $(VENV)/.installed
FLASK  := $(BIN)/flask --app app
LOCALES := fr es ar ru pt

.PHONY: run test install system-deps i18n translations lint format serve clean

run: install translations
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install translations system-deps node_modules/axe-core/axe.min.js
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest --junitxml=reports/junit-sqlite.xml
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "== database tests again on PostgreSQL =="; \
	  TEST_DB_BACKEND=postgresql $(BIN)/pytest -m db --junitxml=reports/junit-postgresql.xml; \
	else echo "TEST_DATABASE_URL is not set: PostgreSQL run skipped (CI sets it)."; fi

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# axe-core for the accessibility checks in the browser tests (from the npm registry).
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's chromium and Noto fonts for the browser tests (only as root, only when missing).
system-deps:
	@scripts/install-system-deps

# Compile the message catalogs (the .mo files are build output, not in git).
translations: install
	$(BIN)/pybabel --quiet compile --use-fuzzy -d app/translations -f

# Extract every marked string, update each language's catalog, compile.
i18n: install
	$(BIN)/pybabel --quiet extract -F babel.cfg -k _l -o app/translations/messages.pot --no-location --sort-output --project judicial-ethics .
	@for l in $(LOCALES); do \
	  if [ -f app/translations/$$l/LC_MESSAGES/messages.po ]; then \
	    $(BIN)/pybabel --quiet update -i app/translations/messages.pot -d app/translations -l $$l --no-fuzzy-matching; \
	  else $(BIN)/pybabel --quiet init -i app/translations/messages.pot -d app/translations -l $$l; fi; \
	done
	$(MAKE) translations

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) reports .pytest_cache .ruff_cache node_modules
