#!/usr/bin/env bash
# Lint and format check (ruff), before the tests. Run it alone with ./scripts/lint.sh after ./scripts/test.sh has
# installed the test dependencies; `.venv/bin/ruff format .` fixes the formatting.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== ruff check" && .venv/bin/ruff check .
echo "== ruff format --check" && .venv/bin/ruff format --check .
