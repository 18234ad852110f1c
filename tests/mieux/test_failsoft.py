"""Infrastructure fails soft: a dead cache is no error for anyone, the client address honours the
trusted proxies, and /healthz/ answers plain HTTP without hanging."""

import time

import pytest
from django.core.cache import caches
from django.test import Client

from mieux.middleware import client_address
from tests.factories.actions import ActivityFactory

DEAD_REDIS = "redis://127.0.0.1:1/0"
DEAD_CACHE = {
    "default": {
        "BACKEND": "mieux.cache.FailSoftRedisCache",
        "LOCATION": DEAD_REDIS,
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }
}


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = DEAD_CACHE
    yield caches["default"]


def test_a_dead_cache_answers_defaults_and_never_raises(dead_cache):
    assert dead_cache.get("k", "default") == "default"
    assert dead_cache.set("k", 1) is None
    assert dead_cache.delete("k") is False
    assert dead_cache.get_many(["a", "b"]) == {}
    assert dead_cache.add("lock", True) is True  # locks and counters fail open
    assert dead_cache.incr("counter") == 1
    assert dead_cache.get_or_set("computed", lambda: 42) == 42


@pytest.mark.django_db
def test_pages_sign_in_and_state_changes_work_with_the_cache_down(dead_cache, client, partner_user, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    assert client.get("/").status_code == 200
    assert client.get("/api/key-facts/").status_code == 200
    response = client.post("/accounts/login/", {"login": partner_user.email, "password": "pass"})
    assert response.status_code in (200, 302)
    assert "_auth_user_id" in client.session or response.status_code == 200
    activity = ActivityFactory(delivered=True)  # saving rows invalidates the key facts in the cache
    activity.title = "Renamed"
    activity.save()


@pytest.mark.django_db
def test_survey_answers_are_taken_with_the_cache_down(dead_cache, client):
    from django.utils import timezone

    activity = ActivityFactory(delivered=True, delivered_at=timezone.now())
    answer = {"satisfaction": "5", "relevance": "4", "made_difference": "yes", "would_recommend": "yes"}
    assert client.post(f"/survey/{activity.survey_token}/", answer).status_code == 302


@pytest.mark.parametrize(
    ("meta", "proxies", "expected"),
    [
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, 0, "10.0.0.2"),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, 1, "1.2.3.4"),
        # A client forging the header gets its own forged entry ignored: the proxy appended the real one.
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 1.2.3.4"}, 1, "1.2.3.4"),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 1.2.3.4, 10.0.0.9"}, 2, "1.2.3.4"),
        ({"REMOTE_ADDR": "10.0.0.2"}, 1, "10.0.0.2"),
    ],
)
def test_client_address_counts_trusted_proxies_from_the_right(meta, proxies, expected):
    assert client_address(meta, proxies) == expected


@pytest.mark.django_db
def test_survey_limit_keys_on_the_forwarded_client_behind_the_proxy(client, settings):
    from django.utils import timezone

    settings.TRUSTED_PROXY_COUNT = 1
    settings.SURVEY_RATE_LIMIT = "1/h"
    activity = ActivityFactory(delivered=True, delivered_at=timezone.now())
    answer = {"satisfaction": "5", "relevance": "4", "made_difference": "yes", "would_recommend": "yes"}
    url = f"/survey/{activity.survey_token}/"
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    assert Client().post(url, answer, HTTP_X_FORWARDED_FOR="1.1.1.1", **proxy).status_code == 302
    assert Client().post(url, answer, HTTP_X_FORWARDED_FOR="2.2.2.2", **proxy).status_code == 302
    assert Client().post(url, answer, HTTP_X_FORWARDED_FOR="2.2.2.2", **proxy).status_code == 429


@pytest.mark.django_db
def test_healthz_reports_a_dead_cache_and_broker_quickly_and_stays_200(dead_cache, client, settings):
    from mieux.celery import app

    saved = app.conf.broker_url, settings.CELERY_TASK_ALWAYS_EAGER
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.broker_url = DEAD_REDIS
    try:
        started = time.monotonic()
        response = client.get("/healthz/")
        elapsed = time.monotonic() - started
    finally:
        app.conf.broker_url, settings.CELERY_TASK_ALWAYS_EAGER = saved
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["cache"].startswith("error") and body["broker"].startswith("error")
    assert body["smtp"] == "not used"
    assert elapsed < 10  # a bound, not a benchmark: each check is cut at a few seconds


@pytest.mark.django_db
def test_healthz_over_plain_http_is_not_redirected_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    assert client.get("/healthz/").status_code == 200
    assert client.get("/").status_code == 301


def test_production_settings_exempt_healthz_and_declare_fail_soft_cache():
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {**os.environ, "DJANGO_ENV": "production", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "localhost",
           "REDIS_URL": "redis://127.0.0.1:1/0", "DJANGO_SETTINGS_MODULE": "mieux.settings"}
    script = ("from django.conf import settings as s;"
              "print(s.SECURE_REDIRECT_EXEMPT, s.CACHES['default']['BACKEND'], s.CELERY_TASK_PUBLISH_RETRY)")
    out = subprocess.run([sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["['^healthz/$']", "mieux.cache.FailSoftRedisCache", "False"]


def _sign_in_attempts(client_ip_header, count):
    statuses = []
    for n in range(count):
        client = Client()
        extra = {"REMOTE_ADDR": "10.0.0.2"}
        if client_ip_header:
            extra["HTTP_X_FORWARDED_FOR"] = f"198.51.100.{n + 1}"
        statuses.append(client.post("/accounts/login/", {"login": f"nobody{n}@example.org", "password": "x"},
                                    **extra).status_code)
    return statuses


@pytest.mark.django_db
def test_sign_in_rate_limit_keys_on_each_person_behind_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert 429 not in _sign_in_attempts(True, 32)


@pytest.mark.django_db
def test_without_a_trusted_proxy_the_sign_in_limit_keys_on_the_connecting_address(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert _sign_in_attempts(True, 32)[-1] == 429


@pytest.mark.django_db
def test_healthz_reports_smtp_down_and_up(client, settings):
    import socket
    import threading

    from mieux import health

    health._smtp_last = (0.0, None)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1
    body = client.get("/healthz/").json()
    assert body["smtp"].startswith("error") and body["status"] == "degraded"

    # A minimal SMTP server: greeting, NOOP, QUIT.
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def serve():
        conn, _ = server.accept()
        with conn:
            conn.sendall(b"220 sink ESMTP\r\n")
            for line in conn.makefile("rb"):
                conn.sendall(b"221 bye\r\n" if line.upper().startswith(b"QUIT") else b"250 ok\r\n")
                if line.upper().startswith(b"QUIT"):
                    break

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    settings.EMAIL_PORT = server.getsockname()[1]
    health._smtp_last = (0.0, None)  # the next probe asks again instead of reusing the last minute's answer
    try:
        assert client.get("/healthz/").json()["smtp"] == "ok"
    finally:
        server.close()


@pytest.mark.django_db
def test_staff_sign_in_with_totp_works_with_the_cache_down(dead_cache, client, staff_user, settings):
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    settings.MFA_REQUIRED_FOR_PRIVILEGED = True
    secret = generate_totp_secret()
    TOTP.activate(staff_user, secret)
    response = client.post("/accounts/login/", {"login": staff_user.email, "password": "correct-horse-battery-staple"})
    assert response.status_code == 302 and "/2fa/authenticate/" in response["Location"]
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.get("/staff/").status_code in (200, 302)
    assert "_auth_user_id" in client.session
