#!/usr/bin/env bash
# Install Signpost with its test dependencies and run the whole test suite.
# Set SIGNPOST_TEST_DATABASE_URL=postgresql+psycopg://user@host/db to run it against PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_setup.sh
ensure_venv
# Browser tests use Debian's Chromium (never a downloaded browser) and Noto fonts for every script;
# msgfmt (gettext) checks the translations; pdffonts and pdftoppm (poppler) look inside the leaflets' PDFs.
if ! apt_install chromium libatomic1 fonts-noto-core fonts-noto-cjk gettext poppler-utils libpango-1.0-0 \
    libpangoft2-1.0-0; then
  echo "Could not install Chromium: the browser tests will be skipped." >&2
fi
.venv/bin/pip install -q --disable-pip-version-check -e ".[test]"
./scripts/lint.sh
exec .venv/bin/python -m pytest "$@"
