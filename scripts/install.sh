#!/usr/bin/env bash
# Installs the portal into a local virtual environment (.venv) and the front-end packages.
# Usage: scripts/install.sh [--test]   (--test adds the test dependencies)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
extras=""
[ "${1:-}" = "--test" ] && extras="[test]"
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".${extras}"
npm install --no-audit --no-fund --loglevel=error
.venv/bin/python manage.py compile_translations
