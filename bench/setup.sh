#!/usr/bin/env bash
# The benchmarks' own environment (bench/.venv): sse-monitor plus the libraries it is compared with, which are
# not dependencies of the project. Idempotent: skipped while bench/requirements.txt and pyproject.toml are unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
stamp=bench/.venv/.installed
want=$(cat bench/requirements.txt pyproject.toml | sha256sum)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "bench: environment up to date (bench/.venv)"
else
  echo "bench: installing sse-monitor and the compared libraries into bench/.venv"
  python3 -m venv bench/.venv
  bench/.venv/bin/python -m pip install --quiet -e ".[redis]" -r bench/requirements.txt
  echo "$want" > "$stamp"
fi
