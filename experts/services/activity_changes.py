"""What an activity's change does to its deployments: the handlers of the actions app's domain events.

Subscribed in `ExpertsConfig.ready()`; each runs inside the activity's transaction (see
`mieux/events.py`), so a cancelled activity never keeps a confirmed expert, and a refusal (an expert
double-booked by new dates) rolls the activity's change back. E-mails go through the outbox, after
commit.
"""

from django.utils.translation import gettext as _

from actions.events import (
    ActivityCancelled,
    ActivityChangeRefused,
    ActivityDatesChanged,
    ActivityDelivered,
    ActivityPostponed,
)
from experts.models import BOOKED_STATUSES, Deployment, DeploymentStatus, Expert
from experts.services.availability import overlapping_booking, overlapping_unavailability
from experts.services.common import notify_expert
from experts.services.deployments import apply_transition, deployment_complete
from experts.workflow import ENGAGED, TRANSITIONS
from mieux.events import subscribe


def _system_or_staff(actor):
    """Staff act in their own name; anything else (a task, an import) acts as the system."""
    return actor if actor is not None and actor.is_mieux_staff else None


def on_activity_postponed(event: ActivityPostponed) -> None:
    """Tell the invited, accepted and confirmed experts; their deployments wait for the new dates."""
    activity = event.activity
    for deployment in Deployment.objects.filter(activity=activity, status__in=ENGAGED).select_related(
        "expert__user", "activity"
    ):
        notify_expert(
            deployment, kind="activity_postponed", template="deployment_activity_postponed",
            dedupe_key=f"activity-postponed-{activity.pk}-{activity.sequence}-{deployment.pk}",
        )


def on_activity_cancelled(event: ActivityCancelled) -> None:
    """Cancel every deployment not yet completed; the engaged experts are told."""
    activity = event.activity
    open_ids = Deployment.objects.filter(activity=activity, status__in=TRANSITIONS["cancel"].sources).values_list(
        "pk", flat=True
    )
    for pk in list(open_ids):
        deployment, from_status = apply_transition(
            pk, "cancel", actor=_system_or_staff(event.actor),
            note=_("The activity was cancelled."), data={"cause": "activity_cancelled"},
        )
        if from_status in ENGAGED:
            notify_expert(
                deployment, kind="activity_cancelled", template="deployment_activity_cancelled",
                dedupe_key=f"activity-cancelled-{activity.pk}-{deployment.pk}",
            )


def on_activity_delivered(event: ActivityDelivered) -> None:
    """Complete the confirmed deployments of the delivered activity."""
    confirmed = Deployment.objects.filter(activity=event.activity, status=DeploymentStatus.CONFIRMED)
    for pk in list(confirmed.values_list("pk", flat=True)):
        deployment_complete(actor=_system_or_staff(event.actor), deployment=Deployment(pk=pk))


def dates_conflict(deployment, start, end):
    """A message naming the expert and what is in the way if `deployment`'s expert cannot be held
    from `start` to `end` (another booking or a declared unavailability), or None."""
    expert = deployment.expert
    clash = overlapping_booking(expert.pk, start, end, exclude_deployment_id=deployment.pk)
    if clash is not None:
        return _(
            "%(expert)s is %(own)s on this activity and already %(status)s on “%(title)s” (%(start)s – %(end)s), "
            "which overlaps the new dates."
        ) % {
            "expert": expert.full_name,
            "own": deployment.get_status_display().lower(),
            "status": clash.get_status_display().lower(),
            "title": clash.activity.title,
            "start": clash.activity.start_date.isoformat(),
            "end": clash.activity.end_date.isoformat(),
        }
    period = overlapping_unavailability(expert.pk, start, end)
    if period is not None:
        return _(
            "%(expert)s is %(own)s on this activity and declared themselves unavailable from %(start)s to "
            "%(end)s, which overlaps the new dates."
        ) % {
            "expert": expert.full_name,
            "own": deployment.get_status_display().lower(),
            "start": period.start_date.isoformat(),
            "end": period.end_date.isoformat(),
        }
    return None


def on_activity_dates_changed(event: ActivityDatesChanged) -> None:
    """Re-check the accepted and confirmed experts against their other bookings and unavailability
    on the new dates; the first clash refuses the change."""
    activity = event.activity
    held = Deployment.objects.filter(activity=activity, status__in=BOOKED_STATUSES).exclude(
        status=DeploymentStatus.COMPLETED
    )
    # Lock the experts (in one order, as accepting and confirming do) before reading their bookings.
    expert_ids = sorted(set(held.values_list("expert_id", flat=True)))
    experts = {e.pk: e for e in Expert.objects.select_for_update().filter(pk__in=expert_ids).order_by("pk")}
    for deployment in held.order_by("pk"):
        deployment.expert = experts[deployment.expert_id]
        conflict = dates_conflict(deployment, activity.start_date, activity.end_date)
        if conflict:
            raise ActivityChangeRefused(conflict)


def subscribe_to_activity_events():
    """Called once from `ExpertsConfig.ready()`."""
    subscribe(ActivityPostponed, on_activity_postponed)
    subscribe(ActivityCancelled, on_activity_cancelled)
    subscribe(ActivityDelivered, on_activity_delivered)
    subscribe(ActivityDatesChanged, on_activity_dates_changed)
