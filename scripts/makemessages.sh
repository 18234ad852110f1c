#!/usr/bin/env bash
# Extracts translatable strings into the French, Spanish, Portuguese, Arabic and Russian catalogues: one catalogue per app
# (<app>/locale/) and one for the project-wide templates and the mieux package (locale/).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
IGNORE=(--ignore ".venv/*" --ignore "node_modules/*" --ignore "static/vendor/*" --ignore "staticfiles/*"
        --ignore "tests/*" --ignore "var/*" --ignore "bench/*")
# -P: the app folder must not shadow standard modules (requests_app/selectors.py vs selectors).
for app in requests_app actions experts; do
  (cd "$app" && DJANGO_SETTINGS_MODULE=mieux.settings PYTHONPATH=.. PYTHONSAFEPATH=1 ../$PY -P -m django makemessages -l fr -l es -l pt -l ar -l ru --no-obsolete --no-location "${IGNORE[@]}" >/dev/null)
done
$PY manage.py makemessages -l fr -l es -l pt -l ar -l ru --no-obsolete --no-location "${IGNORE[@]}" \
  --ignore "requests_app/*" --ignore "actions/*" --ignore "experts/*" >/dev/null
echo "catalogues updated; add translations to locale/pending/*.json, then run: .venv/bin/python scripts/apply_translations.py && .venv/bin/python manage.py compile_translations"
