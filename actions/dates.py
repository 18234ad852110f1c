"""The dates rules of Actions and activities (DESIGN section 3, "Action and activities").

- An activity's delivery is recorded on or after its start date, never for a future activity.
- An Action's actual start is the start date of its first delivered activity; its actual end, set at
  completion, is the end date of its last delivered activity. Actual dates are never in the future
  (IATI: an actual date is a fact), whether derived here or typed by staff.
- A completed or cancelled Action takes no new, re-planned or confirmed activity.

Every function raises `ActionError` with a message naming what is in the way; the services, the
staff forms and the admin all call them.
"""

from django.db.models import Max, Min
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from actions.errors import ActionError
from actions.models import ActionStatus, ActivityStatus

CLOSED_ACTION_STATUSES = (ActionStatus.COMPLETED, ActionStatus.CANCELLED)


def _day(value):
    return formats.date_format(value, "DATE_FORMAT")


def check_deliverable(activity, *, today=None):
    """Refuse to record the delivery of an activity that has not started yet."""
    today = today or timezone.localdate()
    if activity.start_date and activity.start_date > today:
        raise ActionError(
            _("“%(title)s” starts on %(start)s: its delivery can be recorded from that day on, not before.")
            % {"title": activity.title, "start": _day(activity.start_date)}
        )


def check_action_open(action, *, doing):
    """Refuse `doing` (a short phrase: "add an activity"...) on a completed or cancelled Action."""
    if action.status in CLOSED_ACTION_STATUSES:
        raise ActionError(
            _("The Action %(code)s is “%(status)s”: you cannot %(doing)s. Reopen the Action first.")
            % {"code": action.code, "status": action.get_status_display(), "doing": doing}
        )


def check_actual_dates(actual_start, actual_end, *, today=None):
    """Refuse actual dates in the future, or an actual end before the actual start."""
    today = today or timezone.localdate()
    for label, value in ((_("actual start"), actual_start), (_("actual end"), actual_end)):
        if value and value > today:
            raise ActionError(
                _("The %(field)s (%(date)s) is in the future: actual dates record what happened.")
                % {"field": label, "date": _day(value)}
            )
    if actual_start and actual_end and actual_end < actual_start:
        raise ActionError(_("The actual end cannot be before the actual start."))


def _delivered(action):
    return action.activities.filter(status=ActivityStatus.DELIVERED)


def derived_actual_start(action, *, today=None):
    """The start date of the Action's first delivered activity (never after today), or None."""
    today = today or timezone.localdate()
    first = _delivered(action).aggregate(first=Min("start_date"))["first"]
    return min(first, today) if first else None


def derived_actual_end(action, *, today=None):
    """The end date of the Action's last delivered activity (never after today), or None."""
    today = today or timezone.localdate()
    last = _delivered(action).aggregate(last=Max("end_date"))["last"]
    return min(last, today) if last else None
