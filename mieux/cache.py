"""A Redis cache that fails soft: a cache that is down or hung is logged and degraded around.

Every read answers the caller's default (the value is recomputed), every write and delete is skipped.
After a failure the process leaves the cache alone for `RETRY_AFTER` seconds, so a hung Redis costs one
short socket timeout per process and interval, not one per call. Key-facts invalidation, allauth's
rate limits and TOTP replay records, the survey limit and sessions' neighbours all go through here.
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0


class _Breaker:
    def __init__(self):
        self._open_until = 0.0
        self._lock = threading.Lock()

    def is_open(self):
        return time.monotonic() < self._open_until

    def trip(self, operation, exc):
        with self._lock:
            first = not self.is_open()
            self._open_until = time.monotonic() + RETRY_AFTER
        if first:
            logger.warning("Cache unavailable (%s failed: %s); serving without it for %.0f s",
                           operation, exc.__class__.__name__, RETRY_AFTER)

    def close(self):
        self._open_until = 0.0


def _fail_soft(name, fallback):
    parent = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        if self._breaker.is_open():
            return fallback(args, kwargs)
        try:
            return parent(self, *args, **kwargs)
        except ValueError:
            raise  # incr/decr of a missing key: the caller's business, not an outage
        except Exception as exc:  # noqa: BLE001 - any client error means the cache is unavailable
            self._breaker.trip(name, exc)
            return fallback(args, kwargs)

    method.__name__ = name
    method.__doc__ = parent.__doc__
    return method


def _default(args, kwargs):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class FailSoftRedisCache(RedisCache):
    """Django's Redis cache with short socket timeouts (set in OPTIONS) and no error ever raised."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._breaker = _Breaker()

    get = _fail_soft("get", _default)
    # An add that cannot reach Redis answers True: locks and rate-limit counters fail open, never closed.
    add = _fail_soft("add", lambda a, k: True)
    set = _fail_soft("set", lambda a, k: None)
    touch = _fail_soft("touch", lambda a, k: False)
    delete = _fail_soft("delete", lambda a, k: False)
    get_many = _fail_soft("get_many", lambda a, k: {})
    has_key = _fail_soft("has_key", lambda a, k: False)
    set_many = _fail_soft("set_many", lambda a, k: [])
    delete_many = _fail_soft("delete_many", lambda a, k: None)
    clear = _fail_soft("clear", lambda a, k: False)

    def incr(self, key, delta=1, version=None):
        if self._breaker.is_open():
            return delta
        try:
            return super().incr(key, delta, version)
        except ValueError:
            raise
        except Exception as exc:  # noqa: BLE001
            self._breaker.trip("incr", exc)
            # A counter that cannot be read counts as the first hit: limits fail open, never closed.
            return delta
