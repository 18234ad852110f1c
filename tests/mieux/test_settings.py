"""The embedded default and production mode, each started in a clean process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CONFIG_VARS = (
    "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL", "DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE", "IATI_REPORTING_ORG_REF", "IATI_IMPLEMENTING_ORG_REF",
)


def clean_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS and not k.startswith("DJANGO_SETTINGS")}
    env.update({"MIEUX_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "mieux.settings", **extra})
    return env


def run(args, env, **kwargs):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, **kwargs)


def test_embedded_default_boots_and_serves_home_with_nothing_configured(tmp_path):
    env = clean_env(tmp_path)
    migrate = run(["manage.py", "migrate", "--noinput"], env)
    assert migrate.returncode == 0, migrate.stderr
    assert (tmp_path / "var" / "mieux.sqlite3").exists()
    script = (
        "import django; django.setup();"
        "from django.conf import settings;"
        "from django.test import Client;"
        "r = Client().get('/');"
        "print(r.status_code, settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER,"
        " settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1], settings.EMAIL_BACKEND.rsplit('.', 2)[-2]);"
        "print('MIEUX' in r.content.decode())"
    )
    result = run(["-c", script], env)
    assert result.returncode == 0, result.stderr
    status, engine, eager, cache, mail = result.stdout.splitlines()[0].split()
    assert status == "200"
    assert engine.endswith("sqlite3")
    assert eager == "True"
    assert cache == "LocMemCache"
    assert mail == "filebased"
    assert result.stdout.splitlines()[1] == "True"


def test_production_mode_without_secret_key_refuses_to_start(tmp_path):
    env = clean_env(tmp_path, DJANGO_ENV="production", ALLOWED_HOSTS="mieux.example.org")
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_mode_without_allowed_hosts_refuses_to_start(tmp_path):
    env = clean_env(tmp_path, DJANGO_ENV="production", SECRET_KEY="s" * 60)
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_mode_passes_check_deploy_with_zero_warnings(tmp_path):
    env = clean_env(
        tmp_path,
        DJANGO_ENV="production",
        SECRET_KEY="k3y-" + "a7B9c" * 12,
        ALLOWED_HOSTS="mieux.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
        IATI_REPORTING_ORG_REF="XM-EXAMPLE-0001",
    )
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("ref", [None, "", "XX-NOT-SET-DEVELOPMENT-ONLY"])
def test_production_refuses_to_start_without_its_own_iati_organisation(tmp_path, ref):
    extra = {} if ref is None else {"IATI_REPORTING_ORG_REF": ref}
    env = clean_env(tmp_path, DJANGO_ENV="production", SECRET_KEY="k3y-" + "a7B9c" * 12,
                    ALLOWED_HOSTS="mieux.example.org", REDIS_URL="redis://127.0.0.1:6379/0", **extra)
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "mieux.E010" in result.stderr and "IATI_REPORTING_ORG_REF" in result.stderr


def test_development_iati_placeholder_is_no_real_organisation_identifier(tmp_path):
    script = "import django; django.setup(); from django.conf import settings; print(settings.IATI_REPORTING_ORG_REF)"
    result = run(["-c", script], clean_env(tmp_path))
    assert result.returncode == 0, result.stderr
    ref = result.stdout.strip()
    assert ref == "XX-NOT-SET-DEVELOPMENT-ONLY"
    # IATI organisation identifiers start with a registration agency's prefix (a country code or
    # XI/XM): XX is none, so no validator can take the placeholder for a real organisation.
    assert ref.split("-")[0] == "XX" and "47066" not in ref


def test_production_csp_forbids_inline_scripts(tmp_path):
    env = clean_env(
        tmp_path, DJANGO_ENV="production", SECRET_KEY="x" * 60, ALLOWED_HOSTS="testserver", REDIS_URL="redis://127.0.0.1:6379/0"
    )
    script = (
        "import django; django.setup();"
        "from django.conf import settings;"
        "d = settings.CONTENT_SECURITY_POLICY['DIRECTIVES'];"
        "print(\"'unsafe-inline'\" in d['script-src'], settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
        " settings.SECURE_HSTS_SECONDS > 0, 'Manifest' in settings.STORAGES['staticfiles']['BACKEND'])"
    )
    result = run(["-c", script], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "True"]


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_unsafe_inline(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src
