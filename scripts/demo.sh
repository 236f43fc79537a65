#!/usr/bin/env bash
# Install Signpost and run the demo portal (SQLite, demo content) on http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_setup.sh
ensure_venv
# Easy-read PDFs: WeasyPrint lays text out with Pango, in Noto fonts for every script the site speaks.
apt_install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-cjk || \
  echo "Could not install Pango and the Noto fonts: easy-read PDFs will not be available." >&2
.venv/bin/pip install -q --disable-pip-version-check -e .
exec .venv/bin/signpost demo "$@"
