"""Queue a background refresh at most once at a time (single flight) for the derived data of the top
floor: key facts, the dashboard and the open-data files."""

import logging

from django.core.cache import cache

from mieux.celery import app as celery_app

logger = logging.getLogger(__name__)


def queue_once(task, queued_key, *args, busy_key=None):
    """Send `task(*args)` to the workers unless it is already queued (`queued_key`, kept a minute) or
    running (`busy_key`). Without a broker nothing is raised: the caller computes or serves what it has.
    Where tasks run eagerly the marker is dropped at once, so the next change queues again."""
    if (busy_key and cache.get(busy_key)) or not cache.add(queued_key, 1, 60):
        return
    try:
        task.delay(*args)
    except Exception:  # noqa: BLE001 - no broker: the caller computes or serves what it has
        logger.warning("Could not queue %s", task.name, exc_info=True)
        cache.delete(queued_key)
    finally:
        if celery_app.conf.task_always_eager:
            cache.delete(queued_key)
