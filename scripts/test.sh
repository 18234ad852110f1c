#!/usr/bin/env bash
# One command that installs the test dependencies and runs the whole test suite.
# With DATABASE_URL / REDIS_URL set (as CI does) the suite runs on PostgreSQL and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh --test
exec .venv/bin/python -m pytest "$@"
