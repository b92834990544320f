#!/usr/bin/env bash
# The benchmarks of bench/ (tests marked `bench` in tests/benchmark), then bench/REPORT.md from their results.
#
#   bench/run.sh                                   # all: import 200,000 and 1,000,000 rows, check 10 million records
#   BENCH_IMPORT_ROWS=20000 BENCH_CHECK_RECORDS=1000000 bench/run.sh      # smaller, quicker
#   bench/run.sh -k check                          # pytest arguments pass through
#
# PostgreSQL on 127.0.0.1:5432 (BENCH_SERVER_URL, default postgres://postgres@127.0.0.1:5432/postgres); the
# benchmarks create and migrate their own databases huimin_bench and huimin_bench_import, never the test database.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure_postgres.sh
status=0
env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test \
  uv run pytest -p no:cacheprovider -m bench tests/benchmark -v "$@" || status=$?
uv run python bench/report.py
exit $status
