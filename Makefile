# Afterwards. `make run` serves the app; `make test` runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench bench-patterns bench-reports bench-pages bench-load lint demo clean

$(STAMP): pyproject.toml scripts/find-python
	@python=$$(scripts/find-python) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		rm -rf $(VENV); echo "Making a virtual environment with $$python"; $$python -m venv $(VENV) || exit 1; \
	fi; \
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]" || exit 1; \
	touch $(STAMP)

run: $(STAMP)  ## serve on http://127.0.0.1:8000 with the reminders worker, SQLite in ./data (AFTERWARDS_DATA_DIR)
	$(VENV)/bin/afterwards serve --with-worker

test: lint  ## lint and types, then the whole suite on SQLite and on PostgreSQL
	scripts/test

demo: $(STAMP)  ## a demo with made-up people on http://127.0.0.1:8000, its data in ./demo-data (AFTERWARDS_DEMO_DIR)
	$(VENV)/bin/afterwards demo

bench: $(STAMP)  ## benchmarks, each beside a floor measured in the same run
	$(PY) bench/run.py

bench-patterns: $(STAMP)  ## honesty of Patterns on simulated journals (ours beside a naive method), and its speed
	$(PY) bench/patterns.py

bench-reports: $(STAMP)  ## the report PDF, export and import, the reminders worker's planning, each beside a floor
	$(PY) bench/reports.py

bench-pages: $(STAMP)  ## each main page on a first visit in Chromium at 390 px: requests, bytes, DOMContentLoaded, largest paint, beside a bare page
	$(PY) bench/pages.py

bench-load: $(STAMP)  ## people one box holds: Locust over HTTP on SQLite and PostgreSQL, 1 and 2 workers, a login storm (ARGS=--quick: a smoke run)
	@$(PY) -c 'import locust, psutil' 2>/dev/null || $(PY) -m pip install --quiet --disable-pip-version-check -e ".[bench]"
	$(PY) -m bench.load.run $(ARGS)

lint: $(STAMP)  ## ruff, then mypy over afterwards/ (settings in pyproject.toml)
	$(VENV)/bin/ruff check afterwards tests bench
	d=$$(mktemp -d) && AFTERWARDS_DATA_DIR=$$d $(VENV)/bin/mypy; s=$$?; rm -rf $$d; exit $$s

clean:
	rm -rf $(VENV) .pytest_cache
