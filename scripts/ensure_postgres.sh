#!/usr/bin/env bash
# PostgreSQL answers on 127.0.0.1:5432, or is started (root only) with the Debian cluster tools.
set -euo pipefail

answering() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

if answering; then
  exit 0
fi
if [[ $(id -u) -eq 0 ]] && command -v pg_ctlcluster >/dev/null 2>&1 && [[ -d /etc/postgresql ]]; then
  version="$(ls /etc/postgresql | sort -V | tail -1)"
  echo "Starting PostgreSQL $version (cluster main)…"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do
    answering && exit 0
    sleep 1
  done
fi
echo "PostgreSQL does not answer on 127.0.0.1:5432. Start it, e.g.:" >&2
echo "  pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start" >&2
exit 1
