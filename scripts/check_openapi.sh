#!/usr/bin/env bash
# The committed OpenAPI document (docs/api/openapi.json) matches the API the code serves.
# On failure it prints the diff; `huimin openapi` (or `make openapi`) rewrites the file.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.test}"
export DATABASE_URL="${DATABASE_URL:-sqlite:///:memory:}"
exec uv run huimin openapi --check "$@"
