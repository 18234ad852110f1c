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
    assert {"web", "worker", "beat", "db", "redis"} <= set(services)
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no health check"
    assert "pgdata" in compose["volumes"] and "media" in compose["volumes"]
    assert any("pgdata" in v for v in services["db"]["volumes"])
    assert any("media" in v for v in services["web"]["volumes"])


def test_every_service_command_refers_to_something_in_the_project():
    services = load_compose()["services"]
    web = services["web"]["command"]
    assert "gunicorn mieux.wsgi:application" in web
    assert (ROOT / "mieux" / "wsgi.py").exists()
    assert "manage.py migrate" in web and (ROOT / "manage.py").exists()
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
