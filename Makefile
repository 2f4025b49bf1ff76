# Samverkan. Quick start: `make run` (demo on http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(PYTHON) -m uv
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: install run test test-pg check lint types imports migrations-check e2e screenshots messages loadtest loadtest-ci clean bench

# Installs uv into the interpreter .python-version selects, then the locked dependencies,
# compiled to bytecode once here: uv does not by default, and where PYTHONDONTWRITEBYTECODE is set
# every process would compile each library it imports again (≈5 s of CPU for `samverkan demo`).
$(BIN)/samverkan: pyproject.toml uv.lock
	$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen --compile-bytecode
	touch $(BIN)/samverkan

install: $(BIN)/samverkan

run: install
	SAMVERKAN_DEMO=1 SAMVERKAN_DEBUG=1 $(BIN)/samverkan migrate --no-input
	SAMVERKAN_DEMO=1 SAMVERKAN_DEBUG=1 $(BIN)/samverkan demo
	# the background worker (e-mail send-outs) runs beside the web server and stops with it
	SAMVERKAN_DEMO=1 SAMVERKAN_DEBUG=1 $(BIN)/samverkan db_worker --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	SAMVERKAN_DEMO=1 SAMVERKAN_DEBUG=1 $(BIN)/samverkan runserver 127.0.0.1:$(PORT)

# The whole suite on SQLite (browser tests are `make e2e`), in one process per core (pytest-xdist;
# each process has its own test database). `make test WORKERS=0` runs it in this process alone.
WORKERS ?= auto
test: install
	$(BIN)/pytest -m "not browser" -n $(WORKERS) --dist worksteal

test-pg: install
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not browser" -n $(WORKERS) --dist worksteal

check: lint types imports migrations-check

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install
	$(BIN)/mypy

# the layers of docs/architecture.md and no import cycles (import-linter, contracts in pyproject.toml)
imports: install
	$(BIN)/lint-imports

migrations-check: install
	$(BIN)/samverkan makemigrations --check --dry-run

# Browser tests in Debian's Chromium with axe-core (needs `apt-get install chromium` and `npm ci`),
# two at a time (each process its own live server, browser and test database).
E2E_WORKERS ?= 2
e2e: install
	npm ci --no-audit --no-fund
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -m browser -n $(E2E_WORKERS) --dist worksteal

# Screenshots of the main pages at 375 px and 1280 px into docs/screenshots/ (needs chromium, like e2e).
screenshots: install
	npm ci --no-audit --no-fund
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest tests/browser/screenshots.py -m browser -q

# Two gunicorns behind nginx, two task workers, one PostgreSQL, one Redis, and a load test of 50
# users on loopback (docs/deployment.md). Needs Debian's nginx, PostgreSQL at 127.0.0.1:5432 (user
# postgres; the database SCALEOUT_DB, default scaleout, is made afresh) and Redis at 127.0.0.1:6379.
loadtest: install
	$(BIN)/python deploy/scaleout.py --seconds 120 --max-requests 20000

# the same for CI: 30 seconds
loadtest-ci: install
	$(BIN)/python deploy/scaleout.py --seconds 30 --max-requests 5000 --mails 100

messages: install
	$(BIN)/samverkan makemessages -l en --no-obsolete --ignore=.venv --ignore=node_modules --ignore=staticfiles
	$(BIN)/samverkan compilemessages --ignore=.venv

# The benchmark (docs/performance.md): generates the county and the national data set into
# .bench/<scale>.sqlite3 (once; delete the file to generate it again), benches each, and prints
# national beside county with the targets of issue 14 met or missed.
BENCH := .bench
BENCH_REQUESTS ?= 20
bench: install
	mkdir -p $(BENCH)
	for scale in county national; do \
	  if [ ! -f $(BENCH)/$$scale.sqlite3 ]; then \
	    rm -f $(BENCH)/$$scale.tmp.sqlite3*; \
	    DATABASE_URL=sqlite:///$(CURDIR)/$(BENCH)/$$scale.tmp.sqlite3 $(BIN)/samverkan migrate --no-input -v0 && \
	    DATABASE_URL=sqlite:///$(CURDIR)/$(BENCH)/$$scale.tmp.sqlite3 $(BIN)/samverkan generate --scale $$scale && \
	    mv $(BENCH)/$$scale.tmp.sqlite3 $(BENCH)/$$scale.sqlite3 || exit 1; \
	  fi; \
	done
	DATABASE_URL=sqlite:///$(CURDIR)/$(BENCH)/county.sqlite3 $(BIN)/samverkan bench --scale county \
	  --requests $(BENCH_REQUESTS) --json $(BENCH)/county.json
	DATABASE_URL=sqlite:///$(CURDIR)/$(BENCH)/national.sqlite3 $(BIN)/samverkan bench --scale national \
	  --requests $(BENCH_REQUESTS) --json $(BENCH)/national.json --compare $(BENCH)/county.json

clean:
	rm -rf $(VENV) staticfiles node_modules .pytest_cache .mypy_cache .ruff_cache
