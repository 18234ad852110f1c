"""Checks behind /healthz/: each dependency is probed in its own thread with its own timeout, so a hung
Redis or mail server is reported as such and never hangs the probe."""

import smtplib
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.db import connection

CHECK_TIMEOUT = 2.0
_pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="healthz")


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "ok"
    finally:
        connection.close()


def check_cache():
    from django.core.cache import caches

    cache = caches["default"]
    client = getattr(cache, "_cache", None)
    if client is not None and hasattr(client, "get_client"):
        # Ask Redis itself: the fail-soft cache would answer "None" quietly whatever its state.
        client.get_client(write=True).ping()
        return "ok"
    cache.set("healthz", "1", 10)
    return "ok" if cache.get("healthz") == "1" else "error: cache did not keep a value"


def check_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    from mieux.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=0, timeout=CHECK_TIMEOUT)
        client = getattr(conn.default_channel, "client", None)
        if client is not None:
            client.ping()  # a Redis that accepts connections but does not answer (hung) fails here
    return "ok"


SMTP_CHECK_EVERY = 60.0
_smtp_last = (0.0, None)


def check_smtp():
    """Connect and NOOP; the answer is reused for a minute so frequent probes do not pester the relay."""
    global _smtp_last
    if not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        return "not used"
    checked_at, result = _smtp_last
    if result is not None and time.monotonic() - checked_at < SMTP_CHECK_EVERY:
        return result
    try:
        result = _smtp_noop()
    except Exception as exc:  # noqa: BLE001
        result = f"error: {exc.__class__.__name__}"
    _smtp_last = (time.monotonic(), result)
    return result


def _smtp_noop():
    smtp_class = smtplib.SMTP_SSL if getattr(settings, "EMAIL_USE_SSL", False) else smtplib.SMTP
    with smtp_class(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=CHECK_TIMEOUT) as server:
        server.noop()
    return "ok"


def check_outbox():
    """Not a dependency but the operator's first question when mail is late: how much waits, since when."""
    from django.utils import timezone

    from mieux.models import Notification

    try:
        waiting = Notification.objects.filter(email_due=True, sent_at__isnull=True)
        oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
        age = int((timezone.now() - oldest).total_seconds()) if oldest else 0
        return {"unsent": waiting.count(), "oldest_seconds": age}
    finally:
        connection.close()


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker, "smtp": check_smtp}


def _run(check):
    try:
        return check()
    except Exception as exc:  # noqa: BLE001 - the health page reports, it does not raise
        return f"error: {exc.__class__.__name__}"


def run_checks():
    """Every check at once, each cut at CHECK_TIMEOUT; the outbox only when the database answers."""
    futures = {name: _pool.submit(_run, check) for name, check in CHECKS.items()}
    results = {}
    for name, future in futures.items():
        try:
            results[name] = future.result(timeout=CHECK_TIMEOUT + 0.5)
        except FutureTimeout:
            results[name] = "error: timeout"
    if results["database"] == "ok":
        try:
            results["outbox"] = _pool.submit(_run, check_outbox).result(timeout=CHECK_TIMEOUT)
        except FutureTimeout:
            results["outbox"] = "error: timeout"
    return results
