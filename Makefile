# The commands a newcomer types. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
DB ?= armswatch.db

.PHONY: run serve test lint lock-check bench bench-api lock clean chromium postgres

# The locks are complete sets: installed with --no-deps so that pip never resolves
# anything itself (an extra such as smart-open[http] would otherwise pick the newest
# release), then checked with pip check. pip itself is pinned by hash and installed first.
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps

$(STAMP): requirements/pip.lock requirements/run.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements/pip.lock
	$(PIP_INSTALL) -r requirements/run.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	touch $@

$(TEST_STAMP): $(STAMP) requirements/test.lock
	$(PIP_INSTALL) -r requirements/test.lock
	$(PY) -m pip check
	touch $@

# The web pages' map library, cluster plugin and country boundaries: npm packages pinned with
# their integrity hashes in package-lock.json, served from node_modules (nothing at run time).
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# The browser tests drive Debian's chromium (never a browser download). Installed when
# missing; where it cannot be (not root, no apt), the browser tests skip, and fail under CI.
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } \
		|| echo "make: chromium could not be installed; the browser tests will skip (and fail in CI)"

# The second test run's PostgreSQL 15: Debian's package when missing (as chromium above), then a
# throw-away cluster on 127.0.0.1:$(PG_PORT) owned by the postgres user (scripts/local_postgres.sh;
# does nothing when it already runs; `scripts/local_postgres.sh stop` stops it). Where it cannot be
# installed or started, the PostgreSQL run skips with one line, and fails under CI.
PG_PORT ?= 54329
PG_URL = postgresql://armswatch@127.0.0.1:$(PG_PORT)/armswatch
postgres:
	@test -x /usr/lib/postgresql/15/bin/initdb || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15; } \
		|| echo "make: postgresql-15 could not be installed; the PostgreSQL run will skip (and fail in CI)"
	@ARMSWATCH_PG_PORT=$(PG_PORT) scripts/local_postgres.sh start >/dev/null \
		|| echo "make: PostgreSQL could not be started; the PostgreSQL run will skip (and fail in CI)"

run: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/armswatch ingest samples --db $(DB)

# The JSON API and its docs on http://127.0.0.1:8000/docs, over the store `make run` built.
serve: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/armswatch serve --db $(DB)

# The whole suite on SQLite, then every test that reaches a store again on PostgreSQL (each in
# a schema of its own; tests that are SQLite by nature skip there with their reason).
test: $(TEST_STAMP) $(NODE_STAMP) chromium postgres lock-check
	$(VENV)/bin/ruff check armswatch tests benchmarks scripts
	$(PY) -m pytest
	ARMSWATCH_TEST_POSTGRES=$(PG_URL) $(PY) -m pytest -m uses_store

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check armswatch tests benchmarks scripts

# Fails when a lock pins a package without its hash or version, or when an installed
# package needs something (an extra included) that the locks do not pin.
lock-check: $(TEST_STAMP)
	$(PY) scripts/check_lock.py requirements/pip.lock requirements/run.lock requirements/test.lock

bench: $(STAMP)
	$(PY) benchmarks/bench_ingest.py
	$(PY) benchmarks/bench_engine.py

# The API under load on loopback: a synthetic 100k-article store (built once into bench-out/),
# 20 concurrent clients, p50/p95 per endpoint; about 2 minutes (the first build adds ~1).
bench-api: $(STAMP)
	$(PY) benchmarks/bench_api.py

# Re-resolve the pinned, hash-checked dependency files (needs pip-tools).
lock:
	cd requirements && pip-compile -q --generate-hashes --allow-unsafe --strip-extras -o run.lock run.in
	cd requirements && pip-compile -q --generate-hashes --allow-unsafe --strip-extras -o test.lock test.in

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache node_modules
