#!/usr/bin/env bash
# Install Signpost with its test dependencies and run the whole test suite.
# Set SIGNPOST_TEST_DATABASE_URL=postgresql+psycopg://user@host/db to run it against PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_setup.sh
ensure_venv
.venv/bin/pip install -q --disable-pip-version-check -e ".[test]"
exec .venv/bin/python -m pytest "$@"
