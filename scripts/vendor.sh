#!/usr/bin/env bash
# Refresh the vendored browser libraries in huimin/static/vendor/ from the npm registry.
# Only the distribution files and each package's licence are kept; nothing is built.
# Usage: scripts/vendor.sh            (then review `git diff --stat` and update huimin/static/vendor/README.md)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/huimin/static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# npm spec → vendor folder
declare -A SPECS=(
  [bootstrap]="bootstrap@5.3"
  [bootstrap-icons]="bootstrap-icons@1"
  [htmx]="htmx.org@2"
  [alpinejs]="alpinejs@3"
  [echarts]="echarts@6"
)

unpack() {  # unpack NAME → $WORK/NAME/package
  local name="$1"
  mkdir -p "$WORK/$name"
  (cd "$WORK/$name" && npm pack --silent "${SPECS[$name]}" >/dev/null && tar xzf ./*.tgz)
  echo "$name $(node -p "require('$WORK/$name/package/package.json').version")"
}

copy() {  # copy NAME SRC... (relative to the package) into vendor/NAME/, keeping the last path component
  local name="$1"; shift
  local dest="$VENDOR/$name"
  mkdir -p "$dest"
  for src in "$@"; do cp -R "$WORK/$name/package/$src" "$dest/"; done
}

for name in "${!SPECS[@]}"; do unpack "$name"; done
# alpinejs publishes no licence file in its npm package (package.json says MIT): keep the MIT text already here.
[[ -f "$VENDOR/alpinejs/LICENSE" ]] && cp "$VENDOR/alpinejs/LICENSE" "$WORK/alpinejs.LICENSE"
rm -rf "${VENDOR:?}"/{bootstrap,bootstrap-icons,htmx,alpinejs,echarts}

copy bootstrap LICENSE dist/css/bootstrap.min.css dist/css/bootstrap.min.css.map \
  dist/js/bootstrap.bundle.min.js dist/js/bootstrap.bundle.min.js.map
copy bootstrap-icons LICENSE font/bootstrap-icons.min.css font/fonts
copy htmx LICENSE dist/htmx.min.js
copy alpinejs dist/cdn.min.js
copy echarts LICENSE NOTICE licenses/LICENSE-d3 dist/echarts.min.js

if [[ -f "$WORK/alpinejs.LICENSE" ]]; then
  cp "$WORK/alpinejs.LICENSE" "$VENDOR/alpinejs/LICENSE"
else
  echo "warning: write huimin/static/vendor/alpinejs/LICENSE (MIT, Caleb Porzio and contributors)" >&2
fi
echo "Vendored into $VENDOR — update huimin/static/vendor/README.md with the versions above."
