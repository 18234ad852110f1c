import os
import subprocess
import sys

import pytest
from django.conf import settings


@pytest.mark.django_db
def test_healthz_reports_database_cache_and_broker(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    assert "broker" in body


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ENV")}
    # Port 1 on the loopback has no database: the connection is refused at once.
    env.update(DATABASE_URL="postgres://postgres@127.0.0.1:1/nothing", MIEUX_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="mieux.settings")
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz/');"
        "print(r.status_code); print(json.dumps(r.json()))"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "503"
    assert '"database": "error' in lines[1]
