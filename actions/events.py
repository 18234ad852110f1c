"""Domain events of the actions app: what an activity's change tells the floors above.

Published inside the activity's transaction with `mieux.events.publish`; handlers (the experts app's
deployments, subscribed in `ExpertsConfig.ready()`) run at once in the same transaction, so an
activity and its deployments never disagree. A handler refuses the change by raising
`ActivityChangeRefused`, which rolls the activity's change back and reaches the user as an
`ActionError`. Every event is listed in `mieux/EVENTS.md`.
"""

import datetime
from dataclasses import dataclass

from actions.errors import ActionError
from actions.models import Activity
from mieux.models import User


class ActivityChangeRefused(ActionError):
    """A subscriber refuses the activity's change; the message names what is in the way."""


@dataclass(frozen=True)
class ActivityPostponed:
    """The activity was postponed; it keeps its deployments until it is re-planned or cancelled."""

    activity: Activity
    actor: User | None


@dataclass(frozen=True)
class ActivityCancelled:
    """The activity was cancelled for good (on its own or with its Action)."""

    activity: Activity
    actor: User | None


@dataclass(frozen=True)
class ActivityDelivered:
    """The activity took place and was recorded as delivered."""

    activity: Activity
    actor: User | None


@dataclass(frozen=True)
class ActivityDatesChanged:
    """The activity's dates changed (edited, or re-planned after a postponement); already saved."""

    activity: Activity
    actor: User | None
    old_start: datetime.date | None
    old_end: datetime.date | None
