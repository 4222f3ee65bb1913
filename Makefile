# The two commands that matter: `make run` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test dist lint format bench doctor translations system-deps-run system-deps-test clean

run: system-deps-run $(STAMP)
	$(BIN)/studio

test: system-deps-test $(STAMP)
	$(BIN)/ruff check studio tests installer assets
	$(BIN)/ruff format --check studio tests installer assets
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q -p no:cacheprovider; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest: no tests were collected"; exit 1; fi; exit $$rc

# The self-contained app for this platform in dist/ (installer/build.sh says what it makes).
dist: system-deps-run $(STAMP)
	bash installer/build.sh

bench: $(STAMP)
	$(BIN)/studio bench --json

doctor: $(STAMP)
	$(BIN)/studio doctor

# Qt translation files from the sources (.ts for translators, .qm for the app; both committed).
translations: $(STAMP)
	bash installer/translations.sh update

lint: $(STAMP)
	$(BIN)/ruff check studio tests installer assets
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff check --fix studio tests installer assets
	$(BIN)/ruff format studio tests installer assets

system-deps-run:
	@bash installer/debian-deps.sh run

system-deps-test:
	@bash installer/debian-deps.sh test

# Re-install when the pinned dependencies change.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,dist]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
