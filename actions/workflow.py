"""The Action's and the activity's state machines, declared once as data (DESIGN section 3).

Read as a table: transition name → (source states, target state, label). Only MIEUX+ staff move
Actions and activities (or the system, for imports and the automatic start of an Action); the
services in `actions/services.py` apply these tables, and nothing else writes a status.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from actions.models import ActionStatus as A
from actions.models import ActivityStatus as T


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: str
    label: str
    # Transitions a person triggers with a button; the others are applied by services only.
    manual: bool = True


ACTION_TRANSITIONS = {
    t.name: t
    for t in (
        Transition("start", (A.PLANNED,), A.ONGOING, _("Started")),
        Transition("complete", (A.ONGOING,), A.COMPLETED, _("Closed as completed")),
        Transition("cancel", (A.PLANNED, A.ONGOING), A.CANCELLED, _("Cancelled")),
        Transition("reopen", (A.COMPLETED, A.CANCELLED), A.ONGOING, _("Reopened")),
    )
}

ACTIVITY_TRANSITIONS = {
    t.name: t
    for t in (
        Transition("confirm", (T.PLANNED,), T.CONFIRMED, _("Confirmed")),
        Transition("deliver", (T.CONFIRMED,), T.DELIVERED, _("Delivered"), manual=False),
        Transition("postpone", (T.PLANNED, T.CONFIRMED), T.POSTPONED, _("Postponed")),
        Transition("replan", (T.POSTPONED,), T.PLANNED, _("Re-planned with new dates"), manual=False),
        Transition("cancel", (T.PLANNED, T.CONFIRMED, T.POSTPONED), T.CANCELLED, _("Cancelled")),
    )
}

# Activities that still keep an Action open: it can be completed only when none is in these states.
OPEN_ACTIVITY_STATUSES = (T.PLANNED, T.CONFIRMED)

# Activities that keep an Action from being completed: a postponed one still has to happen or be cancelled.
COMPLETION_BLOCKING_STATUSES = (T.PLANNED, T.CONFIRMED, T.POSTPONED)

# Activities shown in calendars as tentative (RFC 5545 STATUS).
TENTATIVE_ACTIVITY_STATUSES = (T.PLANNED, T.POSTPONED)


def available_transitions(table, status):
    """The manual transitions whose source includes `status`, in declaration order."""
    return [t for t in table.values() if t.manual and status in t.sources]
