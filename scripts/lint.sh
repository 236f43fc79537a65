#!/usr/bin/env bash
# Lint, format, import layers and types, before the tests (scripts/test.sh runs this). Run it alone with
# ./scripts/lint.sh once ./scripts/test.sh has installed the test dependencies; `.venv/bin/ruff format .` fixes the
# formatting. The same checks run on each commit with pre-commit (see .pre-commit-config.yaml).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== ruff check" && .venv/bin/ruff check .
echo "== ruff format --check" && .venv/bin/ruff format --check .
echo "== import contracts" && .venv/bin/lint-imports --no-cache
echo "== mypy" && .venv/bin/mypy
