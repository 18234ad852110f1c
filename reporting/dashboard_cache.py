"""The staff dashboard's tables, cached with the key facts they rest on.

An entry is keyed by language and filters and remembers the data version it was computed from (see
`reporting.keyfacts.data_version`). A fresh entry is served as it is; a stale unfiltered one is served
while a background task recomputes it (single-flight); the periodic task keeps the unfiltered
dashboard warm. A filtered dashboard is computed on first use, then cached the same way. A CSV export
computes only its own table when the whole dashboard is not cached.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from reporting.background import queue_once
from reporting.keyfacts import data_version
from requests_app.selectors import pipeline_figures

PREFIX = "mieux:dashboard:v1"
ENTRY_SECONDS = 24 * 3600
LOCK_SECONDS = 300


def _filters_key(filters):
    return ",".join(f"{k}={getattr(v, 'code', v)}" for k, v in sorted(filters.items()) if v) or "all"


def _key(what, filters, language=None):
    return f"{PREFIX}:{language or translation.get_language()}:{what}:{_filters_key(filters)}"


def _fresh(entry):
    if not entry:
        return False
    version, computed_at, _value = entry
    age = (timezone.now() - computed_at).total_seconds()
    return version == data_version() and age < settings.KEY_FACTS_CACHE_SECONDS


def _compute(filters):
    from reporting.dashboard import Scope, build_dashboard

    version = data_version()
    facts, tables = build_dashboard(Scope(**filters))
    return (version, timezone.now(), (facts, tables))


def refresh_unfiltered(language=None):
    """Recompute the unfiltered dashboard (one language) unless fresh; one computation at a time."""
    language = language or settings.LANGUAGE_CODE
    key = _key("dashboard", {}, language)
    lock = key + ":lock"
    if _fresh(cache.get(key)) or not cache.add(lock, 1, LOCK_SECONDS):
        return
    try:
        with translation.override(language):
            cache.set(key, _compute({}), ENTRY_SECONDS)
            cache.set(_key("pipeline", {}, language), _compute_pipeline(), ENTRY_SECONDS)
    finally:
        cache.delete(lock)


def _request_refresh(language):
    from reporting.tasks import refresh_dashboard

    queue_once(refresh_dashboard, _key("dashboard", {}, language) + ":queued", language)


def dashboard(filters):
    """(key facts, tables) for the filters."""
    key = _key("dashboard", filters)
    entry = cache.get(key)
    if _fresh(entry):
        return entry[2]
    if not filters:
        _request_refresh(translation.get_language())  # at once where tasks are eager
        entry = cache.get(key) or entry
        if entry:
            return entry[2]
    entry = _compute(filters)
    cache.set(key, entry, ENTRY_SECONDS)
    return entry[2]


def table(filters, table_id):
    """One table, for its CSV: from the cached dashboard if fresh, else computed alone."""
    from reporting.dashboard import Scope, build_table

    entry = cache.get(_key("dashboard", filters))
    if _fresh(entry):
        return next(t for t in entry[2][1] if t.id == table_id)
    key = _key(f"table-{table_id}", filters)
    cached = cache.get(key)
    if _fresh(cached):
        return cached[2]
    version = data_version()
    result = build_table(Scope(**filters), table_id)
    cache.set(key, (version, timezone.now(), result), ENTRY_SECONDS)
    return result


def _compute_pipeline():
    version = data_version()
    return (version, timezone.now(), pipeline_figures())


def pipeline():
    """The review pipeline figures (programme-wide), cached like the unfiltered dashboard."""
    key = _key("pipeline", {})
    entry = cache.get(key)
    if _fresh(entry):
        return entry[2]
    _request_refresh(translation.get_language())
    entry = cache.get(key) or entry
    if entry:
        return entry[2]
    entry = _compute_pipeline()
    cache.set(key, entry, ENTRY_SECONDS)
    return entry[2]


def years():
    """The years offered by the filter, cached with the data version."""
    from reporting.dashboard import available_years

    key = f"{PREFIX}:years"
    entry = cache.get(key)
    if entry and entry[0] == data_version():
        return entry[1]
    result = available_years()
    cache.set(key, (data_version(), result), ENTRY_SECONDS)
    return result
