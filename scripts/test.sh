#!/usr/bin/env bash
# The whole check, in the order CI runs it. Every step runs even after a failure; the summary lists them all and
# the exit status is 1 when any failed.
#
#   scripts/test.sh                 lint, types, boundaries, migrations, OpenAPI, catalogue, then pytest
#   scripts/test.sh --pytest-only   only the pytest run (used by `make test-pg`)
#   FAST=1 scripts/test.sh          pytest skips tests marked slow (and so the end-to-end ones)
#   PYTEST_JOBS=2 scripts/test.sh   run pytest on 2 processes (pytest-xdist)
#   PYTEST_JUNIT=FILE               also write pytest's results as JUnit XML
#   scripts/test.sh -- -k audit     extra arguments after `--` go to pytest
#
# The database of the pytest run is DATABASE_URL's (SQLite in memory when unset). Tests marked `bench` never run
# here: `make bench` runs them.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export UV_FROZEN=1 UV_PYTHON_DOWNLOADS=never
export DJANGO_SETTINGS_MODULE=config.settings.test
export PYTHONDONTWRITEBYTECODE=1

pytest_only=0
pytest_extra=()
while (($#)); do
  case "$1" in
    --pytest-only) pytest_only=1 ;;
    --) shift; pytest_extra=("$@"); break ;;
    *) echo "unknown option $1 (see the top of $0)" >&2; exit 2 ;;
  esac
  shift
done

summary=()
failed=0
step() {  # step NAME COMMAND… — run, time and record one step
  local name="$1"; shift
  printf '\n\033[1m=== %s\033[0m\n' "$name"
  local start=$SECONDS rc=0
  "$@" || rc=$?
  local took=$((SECONDS - start))
  if ((rc == 0)); then
    summary+=("$(printf 'ok    %-42s %5ss' "$name" "$took")")
  else
    summary+=("$(printf 'FAIL  %-42s %5ss  (exit %s)' "$name" "$took" "$rc")")
    failed=1
  fi
}

# Checks that do not need a real database use an in-memory SQLite one.
checks_db() { DATABASE_URL="sqlite:///:memory:" "$@"; }

if ((pytest_only == 0)); then
  step "ruff check" uv run ruff check .
  step "ruff format --check" uv run ruff format --check .
  step "mypy (huimin, config)" uv run mypy huimin config
  step "import-linter contracts" uv run lint-imports --no-cache
  step "bandit (security lint)" uv run bandit -q -c pyproject.toml -r huimin config
  step "pip-audit (known vulnerabilities)" scripts/audit_dependencies.sh
  step "migrations are complete" checks_db uv run huimin makemigrations --check --dry-run
  step "OpenAPI document is current" checks_db scripts/check_openapi.sh
  step "zh_Hans catalogue is complete" checks_db uv run pytest -q -p no:cacheprovider \
    huimin/core/tests/test_i18n_catalogue.py
  step "compilemessages" checks_db uv run python manage.py compilemessages \
    --ignore .venv --ignore node_modules --ignore var -v 0
fi

markers="not bench"
if [[ "${FAST:-0}" == "1" ]]; then
  markers="not bench and not slow and not e2e"
fi
pytest_args=(-m "$markers" -p no:cacheprovider --durations=10 --durations-min=1.0)  # the ten slowest tests in the log
if ((pytest_only == 0)); then
  pytest_args+=(--ignore huimin/core/tests/test_i18n_catalogue.py)  # ran above
fi
if [[ -n "${PYTEST_JUNIT:-}" ]]; then  # a JUnit XML report, for CI's summary
  pytest_args+=(--junitxml "$PYTEST_JUNIT")
fi
if [[ -n "${PYTEST_JOBS:-}" ]]; then
  pytest_args+=(-n "$PYTEST_JOBS")
fi
db_label="SQLite"
[[ "${DATABASE_URL:-}" == postgres* ]] && db_label="PostgreSQL"
pytest_log="$(mktemp)"
trap 'rm -f "$pytest_log"' EXIT
run_pytest() { uv run pytest "${pytest_args[@]}" "${pytest_extra[@]}" 2>&1 | tee "$pytest_log"; }
step "pytest on $db_label (-m \"$markers\")" run_pytest

printf '\n\033[1m=== summary\033[0m\n'
printf '%s\n' "${summary[@]}"
# pytest's own closing line last, so that whoever reads the end of the log sees the test count.
closing="$(grep -E '^=+ .*(passed|failed|error|skipped|no tests ran).* in [0-9.]+s' "$pytest_log" | tail -1 || true)"
[[ -n "$closing" ]] && printf '\n%s\n' "$closing"
exit "$failed"
