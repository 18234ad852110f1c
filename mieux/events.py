"""Typed, synchronous domain events: how a lower floor tells a higher one, without importing it.

The house has floors (DESIGN section 6) and imports only go down. When a change in a lower app must
change a higher app's rows *in the same transaction* (an activity cancelled -> its deployments
cancelled), the lower app defines an event (a frozen dataclass in its own `events.py`) and publishes it
inside its transaction; the higher app subscribes a handler in its `AppConfig.ready()`. Handlers run at
once, in the publisher's transaction and in the order they subscribed: an exception in a handler rolls
the whole change back, so the rows of both apps always agree. Notifications still go after commit,
through the outbox.

Every event of the portal is listed in `EVENTS.md` beside this file.
"""

from collections import defaultdict

_handlers = defaultdict(list)


def subscribe(event_type, handler):
    """Call `handler(event)` whenever an event of `event_type` is published (idempotent per handler)."""
    if handler not in _handlers[event_type]:
        _handlers[event_type].append(handler)


def publish(event):
    """Run every handler subscribed to this event's type, synchronously, in the caller's transaction."""
    for handler in list(_handlers[type(event)]):
        handler(event)


def subscribers(event_type):
    """The handlers subscribed to `event_type` (for documentation and tests)."""
    return list(_handlers[event_type])
