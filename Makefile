# The commands a newcomer types. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
DB ?= armswatch.db

.PHONY: run test lint bench lock clean

$(STAMP): requirements/run.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements/run.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(TEST_STAMP): $(STAMP) requirements/test.lock
	$(PY) -m pip install --quiet --require-hashes -r requirements/test.lock
	touch $@

run: $(STAMP)
	$(VENV)/bin/armswatch ingest samples --db $(DB)

test: $(TEST_STAMP)
	$(VENV)/bin/ruff check armswatch tests benchmarks
	$(PY) -m pytest

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check armswatch tests benchmarks

bench: $(STAMP)
	$(PY) benchmarks/bench_ingest.py

# Re-resolve the pinned, hash-checked dependency files (needs pip-tools).
lock:
	cd requirements && pip-compile -q --generate-hashes --allow-unsafe --strip-extras -o run.lock run.in
	cd requirements && pip-compile -q --generate-hashes --allow-unsafe --strip-extras -o test.lock test.in

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
