"""When an expert can be held for an activity: overlapping bookings and declared unavailability.

Accepting, confirming, declaring a period and moving an activity all lock the EXPERT row first, so a
booking and a period (or two bookings) cannot cross under concurrent requests.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from experts.models import BOOKED_STATUSES, Deployment, Expert, Unavailability
from experts.services.common import ExpertError, can_edit_profile


def overlapping_booking(expert_id, start, end, *, exclude_deployment_id=None, statuses=BOOKED_STATUSES):
    """The expert's first deployment in `statuses` whose activity overlaps `start`..`end`, or None."""
    return (
        Deployment.objects.filter(
            expert_id=expert_id,
            status__in=statuses,
            activity__start_date__lte=end,
            activity__end_date__gte=start,
        )
        .exclude(pk=exclude_deployment_id)
        .exclude(activity__status="cancelled")
        .select_related("activity")
        .order_by("activity__start_date", "pk")
        .first()
    )


def overlapping_unavailability(expert_id, start, end):
    """The expert's first declared unavailability overlapping `start`..`end`, or None."""
    return (
        Unavailability.objects.filter(expert_id=expert_id, start_date__lte=end, end_date__gte=start)
        .order_by("start_date")
        .first()
    )


def booking_conflict(expert_id, activity, *, exclude_deployment_id=None, statuses=BOOKED_STATUSES):
    """A user-safe reason why the expert cannot be held for `activity`'s dates, or None."""
    start, end = activity.start_date, activity.end_date
    clash = overlapping_booking(expert_id, start, end, exclude_deployment_id=exclude_deployment_id, statuses=statuses)
    if clash is not None:
        return _("The expert is already %(status)s on “%(title)s” (%(start)s – %(end)s), whose dates overlap.") % {
            "status": clash.get_status_display().lower(),
            "title": clash.activity.title,
            "start": clash.activity.start_date.isoformat(),
            "end": clash.activity.end_date.isoformat(),
        }
    period = overlapping_unavailability(expert_id, start, end)
    if period is not None:
        return _("The expert declared themselves unavailable from %(start)s to %(end)s.") % {
            "start": period.start_date.isoformat(),
            "end": period.end_date.isoformat(),
        }
    return None


def unavailability_conflict(expert_id, start_date, end_date):
    """A user-safe reason why the expert cannot declare `start_date`..`end_date` unavailable, or None:
    a booking (accepted, confirmed or completed) on an activity in the period."""
    clash = overlapping_booking(expert_id, start_date, end_date)
    if clash is None:
        return None
    return _(
        "This period overlaps “%(title)s” (%(start)s – %(end)s), on which the expert is already "
        "%(status)s. Choose other dates."
    ) % {
        "title": clash.activity.title,
        "start": clash.activity.start_date.isoformat(),
        "end": clash.activity.end_date.isoformat(),
        "status": clash.get_status_display().lower(),
    }


def unavailability_refusal(*, expert_id, start_date, end_date):
    """Why `start_date`..`end_date` cannot be declared unavailable for the expert, or None; for forms
    that save the period themselves (the admin). Locks the expert row, as `unavailability_add` does,
    so call it inside the transaction that saves."""
    if start_date and end_date and end_date < start_date:
        return _("The end of the period is before its start.")
    if not (expert_id and start_date and end_date):
        return None
    Expert.objects.select_for_update().filter(pk=expert_id).first()
    return unavailability_conflict(expert_id, start_date, end_date)


def unavailability_add(*, actor, expert, start_date, end_date, reason="") -> Unavailability:
    """Declare a period when the expert cannot be deployed (the expert, or staff on their behalf)."""
    if not can_edit_profile(actor, expert):
        raise ExpertError(_("You are not allowed to do this."))
    if end_date < start_date:
        raise ExpertError(_("The end of the period is before its start."))
    with transaction.atomic():
        # Lock the expert row as accepting and confirming do, so a booking and a period cannot cross.
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        conflict = unavailability_conflict(expert.pk, start_date, end_date)
        if conflict:
            raise ExpertError(conflict)
        return Unavailability.objects.create(expert=expert, start_date=start_date, end_date=end_date, reason=reason)


def unavailability_delete(*, actor, period) -> None:
    """Withdraw a declared period of unavailability."""
    if not can_edit_profile(actor, period.expert):
        raise ExpertError(_("You are not allowed to do this."))
    period.delete()
