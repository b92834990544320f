#!/usr/bin/env bash
# Make this machine ready to run huimin: uv, the Python environment, the Debian packages, compiled translations.
# Idempotent and quick when everything is already there. Run by `make demo` and `make test`.
#
#   scripts/bootstrap.sh            development and tests
#   HUIMIN_PROD=1 scripts/bootstrap.sh   also collect static files into STATIC_ROOT for production
#
# Not root? It prints the apt-get command to run and exits 1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '\033[1mbootstrap:\033[0m %s\n' "$*"; }

# Debian packages: msgfmt (translations), Chromium for the end-to-end tests, CJK fonts and the libraries
# WeasyPrint needs to render Chinese PDFs quickly (libharfbuzz-subset0: ~2 s a page instead of ~15 s).
APT_PACKAGES=(
  gettext
  chromium chromium-driver
  fonts-noto-cjk
  libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0
)

# --- 1. uv ----------------------------------------------------------------------------------------------------
if ! command -v uv >/dev/null 2>&1; then
  say "installing uv with pip"
  pip=(python3 -m pip install --quiet --disable-pip-version-check)
  if ! "${pip[@]}" uv 2>/dev/null; then
    # A system Python that refuses pip (PEP 668) or a user without rights: install for this user.
    "${pip[@]}" --user uv || "${pip[@]}" --user --break-system-packages uv || {
      say "could not install uv; install it (https://docs.astral.sh/uv/) and run this again"
      exit 1
    }
    export PATH="$HOME/.local/bin:$PATH"
  fi
  hash -r
fi
# uv must use a Python 3.12 already on the machine (.python-version); it may not download one.
export UV_PYTHON_DOWNLOADS=never

# --- 2. Debian packages ---------------------------------------------------------------------------------------
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
else
  say "warning: not a Debian system; make sure these are installed: ${APT_PACKAGES[*]}"
fi
if ((${#missing[@]})); then
  cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then
    say "installing Debian packages: ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    say "missing Debian packages: ${missing[*]}"
    echo "Run as root:"
    echo "  sudo sh -c '$cmd'"
    exit 1
  fi
fi

# --- 3. Python environment (exactly the locked versions) ------------------------------------------------------
uv sync --frozen --quiet

# --- 4. translations --------------------------------------------------------------------------------------------
uv run --frozen python manage.py compilemessages --ignore '.venv' --ignore 'node_modules' --ignore 'var' -v 0

# --- 5. production only: static files into STATIC_ROOT (development serves them from the sources) ----------
if [[ "${HUIMIN_PROD:-0}" == "1" || "${DJANGO_SETTINGS_MODULE:-}" == "config.settings.prod" ]]; then
  say "collecting static files"
  uv run --frozen python manage.py collectstatic --noinput -v 0
fi
