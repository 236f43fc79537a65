#!/usr/bin/env bash
# Install Signpost and run the demo portal (SQLite, demo content) on http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_setup.sh
ensure_venv
.venv/bin/pip install -q --disable-pip-version-check -e .
exec .venv/bin/signpost demo "$@"
