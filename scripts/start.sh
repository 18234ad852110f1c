#!/usr/bin/env bash
# One command from a fresh clone to a running portal on http://127.0.0.1:8000 (embedded default:
# SQLite under var/, tasks in-process, e-mail written to var/mail/), with demo data and one login per role.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo
echo
echo "MIEUX+ portal: http://${PORT:-127.0.0.1:8000}/   (stop with Ctrl+C)"
exec .venv/bin/python manage.py runserver "${PORT:-127.0.0.1:8000}"
