#!/usr/bin/env bash
# Install what sse-monitor's demo and tests need, idempotently; say what is done and what is skipped.
#   scripts/setup.sh            Python venv (.venv, editable install with dev extras) + pinned npm assets
#   scripts/setup.sh --browser  the same, plus Debian's chromium for the browser tests
#   scripts/setup.sh --redis    the same, plus Debian's redis-server for the hub's tests (they start their own instances)
#   scripts/setup.sh --proxy    the same, plus Debian's nginx for the tests behind a reverse proxy (they start their own)
# Re-running is cheap: each step is skipped while its inputs (pyproject.toml, package-lock.json) are unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0 want_redis=0 want_proxy=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --redis) want_redis=1 ;;
    --proxy) want_proxy=1 ;;
    *) echo "setup: unknown option '$arg' (expected --browser, --redis or --proxy)" >&2; exit 2 ;;
  esac
done

say() { printf 'setup: %s\n' "$*"; }
stamps=.setup-stamps
mkdir -p "$stamps"

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
apt_install() {
  say "installing Debian packages: $*"
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Is the stamp for step $1 up to date with the content of files $2...?
fresh() { local step=$1; shift; [ -f "$stamps/$step" ] && [ "$(cat "$@" | sha256sum)" = "$(cat "$stamps/$step")" ]; }
stamp() { local step=$1; shift; cat "$@" | sha256sum > "$stamps/$step"; }

# 1. Python virtual environment with the package (editable) and dev extras.
python=${PYTHON:-python3}
if ! command -v "$python" >/dev/null; then apt_install python3 python3-venv; fi
if [ ! -x .venv/bin/python ]; then
  say "creating virtual environment .venv"
  if ! "$python" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    apt_install python3-venv
    "$python" -m venv .venv
  fi
fi
if fresh python pyproject.toml && [ -x .venv/bin/nbdev-test ]; then
  say "Python packages up to date (.venv)"
else
  say "installing sse-monitor (editable) with dev extras into .venv"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[dev]"
  stamp python pyproject.toml
fi

# 2. Pinned browser assets (htmx 2 and htmx-ext-sse, htmx 4, daisyUI, Tailwind; htmx 4.0.0 for the tests) from the npm registry into node_modules/.
if ! command -v npm >/dev/null; then apt_install nodejs npm; fi
if fresh npm package-lock.json && [ -d node_modules ]; then
  say "npm assets up to date (node_modules)"
else
  say "installing pinned npm assets from package-lock.json into node_modules"
  npm ci --no-audit --no-fund --loglevel=error
  stamp npm package-lock.json
fi

# 3. Debian's chromium for the browser tests (Playwright must not download a browser).
if [ "$want_browser" = 1 ]; then
  if [ -x /usr/bin/chromium ]; then
    say "chromium present (/usr/bin/chromium)"
  else
    apt_install chromium
  fi
fi
# 4. Debian's redis-server for the hub's Redis tests (each test starts its own, on a free port, without persistence).
if [ "$want_redis" = 1 ]; then
  if command -v redis-server >/dev/null; then
    say "redis-server present ($(command -v redis-server))"
  else
    apt_install redis-server
  fi
fi
# 5. Debian's nginx for the tests behind a reverse proxy (each test starts its own, on a free port, with its own config).
if [ "$want_proxy" = 1 ]; then
  if [ -x /usr/sbin/nginx ]; then
    say "nginx present (/usr/sbin/nginx)"
  else
    apt_install nginx-light
  fi
fi
say "done"
