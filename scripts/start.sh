#!/usr/bin/env bash
# One command from a fresh clone to a running portal on http://127.0.0.1:8000 (embedded default:
# SQLite under var/, tasks in-process, e-mail written to var/mail/), with demo data and one login per role.
set -euo pipefail
cd "$(dirname "$0")/.."

# PORT is a port ("8101") or an address and port ("127.0.0.1:8101"). Links in e-mails point at the
# address the portal is served on here, whatever SITE_URL said before.
ADDRESS="${PORT:-127.0.0.1:8000}"
if [[ "$ADDRESS" =~ ^[0-9]+$ ]]; then ADDRESS="127.0.0.1:$ADDRESS"; fi
export SITE_URL="http://$ADDRESS"

bash scripts/install.sh
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo
echo
echo "MIEUX+ portal: $SITE_URL/   (stop with Ctrl+C)"
exec .venv/bin/python manage.py runserver "$ADDRESS"
