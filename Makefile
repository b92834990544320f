# huimin — the commands a newcomer types. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# The web server listens on this machine only; ADDR=0.0.0.0:8000 lets other machines in.
ADDR   ?= 127.0.0.1:8000
export UV_PYTHON_DOWNLOADS := never

LOCALE_IGNORES := --ignore .venv --ignore var --ignore node_modules --ignore 'huimin/static/*'

.PHONY: help bootstrap demo serve worker test test-pg fast lint format messages openapi bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

bootstrap: ## install what the project needs (uv, Python packages, Debian packages, translations)
	@scripts/bootstrap.sh

demo: bootstrap ## fresh demo database (huimin.sqlite3), then web server (ADDR=127.0.0.1:8000) + task worker
	uv run huimin demo load
	@echo
	@echo "huimin demo: http://127.0.0.1:$(lastword $(subst :, ,$(ADDR)))/  (logins above, and in README.md)"
	@echo
	@uv run huimin worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  uv run huimin serve $(ADDR)

serve: ## the web server (ADDR=127.0.0.1:8000) on the current database
	uv run huimin serve $(ADDR)

worker: ## the background task worker against the current database
	uv run huimin worker

test: bootstrap ## everything CI checks, on SQLite: lint, types, boundaries, migrations, OpenAPI, catalogue, tests
	env -u DATABASE_URL scripts/test.sh

test-pg: bootstrap ## the test suite on PostgreSQL (PG_URL=…/test; the tests create test_test)
	@scripts/ensure_postgres.sh
	DATABASE_URL=$(PG_URL) scripts/test.sh --pytest-only -- -m "not bench and not e2e"

fast: ## quick tests only (no slow, e2e or bench markers), on SQLite
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test \
	  uv run pytest -p no:cacheprovider -m "not slow and not e2e and not bench" $(ARGS)

lint: ## ruff (check + format check), mypy and the import contracts
	uv run ruff check .
	uv run ruff format --check .
	uv run mypy huimin config
	uv run lint-imports --no-cache

format: ## apply ruff's fixes and formatting
	uv run ruff check --fix .
	uv run ruff format .

messages: ## extract new messages into the zh_Hans catalogue, then compile it
	uv run python manage.py makemessages -l zh_Hans --no-obsolete --add-location file $(LOCALE_IGNORES)
	uv run python manage.py compilemessages $(LOCALE_IGNORES)

openapi: ## rewrite docs/api/openapi.json from the code
	DATABASE_URL=sqlite:///:memory: uv run huimin openapi

bench: ## the benchmarks on PostgreSQL, then bench/REPORT.md (BENCH_IMPORT_ROWS, BENCH_CHECK_RECORDS; see bench/README.md)
	bench/run.sh $(ARGS)

clean: ## remove caches, compiled translations, collected static files and the demo database
	find . -path ./.venv -prune -o -type d -name __pycache__ -exec rm -rf {} +
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis .import_linter_cache test-results var/static
	find huimin -name '*.mo' -path '*/locale/*' -delete
	rm -f huimin.sqlite3 huimin.sqlite3-shm huimin.sqlite3-wal
