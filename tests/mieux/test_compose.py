"""docker-compose.yml describes the production topology and only refers to what the project has."""

from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def load_compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_production_services_with_health_checks_and_volumes():
    compose = load_compose()
    services = compose["services"]
    assert {"proxy", "migrate", "web", "worker", "beat", "db", "redis", "cache"} <= set(services)
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no health check"
    assert "pgdata" in compose["volumes"] and "media" in compose["volumes"]
    assert any("pgdata" in v for v in services["db"]["volumes"])
    assert any("media" in v for v in services["web"]["volumes"])


def test_every_service_command_refers_to_something_in_the_project():
    services = load_compose()["services"]
    web = services["web"]["command"]
    assert web.startswith("gunicorn -c python:mieux.gunicorn_conf ") and web.endswith(" mieux.wsgi:application")
    assert (ROOT / "mieux" / "gunicorn_conf.py").exists()
    assert (ROOT / "mieux" / "wsgi.py").exists()
    assert "migrate" not in web, "scaled web containers must not each run migrate"
    assert "manage.py migrate" in services["migrate"]["command"] and (ROOT / "manage.py").exists()
    for name in ("worker", "beat"):
        command = services[name]["command"]
        assert command.startswith("celery -A mieux "), command
        assert (ROOT / "mieux" / "celery.py").exists()
    assert " worker " in services["worker"]["command"] + " "
    assert " beat " in services["beat"]["command"] + " "
    from mieux.celery import app

    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks, f"beat schedules {entry['task']}, which no module defines"
    build = services["web"].get("build") or "."
    assert (ROOT / build / "Dockerfile").exists()
    healthcheck = " ".join(services["web"]["healthcheck"]["test"])
    assert "/healthz/" in healthcheck


def test_scaled_web_waits_for_one_migration_and_every_long_running_service_restarts():
    services = load_compose()["services"]
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["restart"] == "no"
    for name in ("proxy", "web", "worker", "beat", "db", "redis", "cache"):
        assert services[name]["restart"] == "unless-stopped", name


def test_gunicorn_is_reachable_only_through_the_proxy_network():
    compose = load_compose()
    services = compose["services"]
    assert "ports" not in services["web"]
    assert "proxy" in services["web"]["networks"] and services["proxy"]["networks"] == ["proxy"]
    assert compose["networks"]["backend"]["internal"] is True
    for name in ("db", "redis", "cache"):
        assert services[name]["networks"] == ["backend"], name
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "reverse_proxy web:8000" in caddyfile


def test_env_example_allows_the_probe_host_and_trusts_the_one_proxy():
    values = dict(
        line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert "localhost" in values["ALLOWED_HOSTS"].split(",")
    assert values["TRUSTED_PROXY_COUNT"] == "1"
    assert values["SITE_URL"].startswith("https://")
    assert values["CSRF_TRUSTED_ORIGINS"] == values["SITE_URL"]


def test_gunicorn_access_log_names_the_client_behind_the_trusted_proxies(monkeypatch):
    import importlib

    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "1")
    import mieux.gunicorn_conf as conf

    conf = importlib.reload(conf)
    from gunicorn.config import Config

    logger = conf.ClientAddressLogger(Config())

    class Response:
        status = "200 OK"
        sent = 10
        headers = []

    class Request:
        headers = []

    environ = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.5", "REQUEST_METHOD": "GET",
               "RAW_URI": "/", "SERVER_PROTOCOL": "HTTP/1.1", "QUERY_STRING": "", "PATH_INFO": "/"}
    from datetime import timedelta

    assert logger.atoms(Response(), Request(), environ, timedelta(seconds=0.1))["h"] == "203.0.113.5"
