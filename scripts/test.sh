#!/usr/bin/env bash
# Run every test: the notebooks (nbdev-test), then tests/ (pytest: real uvicorn servers, headless chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
echo "test: nbdev-test (all notebooks in nbs/)"
nbdev-test
echo "test: pytest tests/"
pytest tests/ "$@"
