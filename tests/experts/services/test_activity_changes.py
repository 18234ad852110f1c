"""What an activity's postponement, cancellation or delivery does to its deployments (the actions app's events)."""

import datetime

import pytest

from actions import services as action_services
from actions.errors import ActionError
from actions.events import ActivityCancelled, ActivityDelivered, ActivityPostponed
from actions.models import Activity, ActivityStatus
from experts.models import Deployment, DeploymentEvent, DeploymentStatus
from mieux.events import publish
from mieux.models import Notification
from tests.factories import (
    ActivityFactory,
    DeploymentFactory,
    ExpertFactory,
    UnavailabilityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def expert(expert_user):
    return ExpertFactory(user=expert_user, email=expert_user.email, first_name="Eva", last_name="Expert", consented=True)


def test_activity_postponed_notifies_engaged_experts_only(staff_user, expert):
    activity = ActivityFactory()
    DeploymentFactory(activity=activity, expert=expert, confirmed=True)
    proposed_only = ExpertFactory(user=UserFactory(expert=True))
    DeploymentFactory(activity=activity, expert=proposed_only, proposed=True)
    publish(ActivityPostponed(activity=activity, actor=staff_user))
    assert Notification.objects.filter(kind="activity_postponed", recipient=expert.user).count() == 1
    assert not Notification.objects.filter(recipient=proposed_only.user).exists()


def test_activity_cancelled_cancels_open_deployments_and_notifies(staff_user, expert):
    activity = ActivityFactory()
    confirmed = DeploymentFactory(activity=activity, expert=expert, confirmed=True)
    proposed = DeploymentFactory(activity=activity, proposed=True)
    declined = DeploymentFactory(activity=activity, status=DeploymentStatus.DECLINED)
    publish(ActivityCancelled(activity=activity, actor=staff_user))
    statuses = dict(Deployment.objects.filter(activity=activity).values_list("pk", "status"))
    assert statuses == {confirmed.pk: "cancelled", proposed.pk: "cancelled", declined.pk: "declined"}
    assert Notification.objects.filter(kind="activity_cancelled", recipient=expert.user).count() == 1
    assert DeploymentEvent.objects.filter(deployment=confirmed, transition="cancel").exists()


def test_activity_delivered_completes_confirmed_deployments(staff_user, expert):
    activity = ActivityFactory(delivered=True)
    confirmed = DeploymentFactory(activity=activity, expert=expert, confirmed=True)
    invited = DeploymentFactory(activity=activity)
    publish(ActivityDelivered(activity=activity, actor=staff_user))
    confirmed.refresh_from_db()
    invited.refresh_from_db()
    assert confirmed.status == DeploymentStatus.COMPLETED and confirmed.completed_at
    assert invited.status == DeploymentStatus.INVITED
    assert Notification.objects.filter(kind="deployment_completed", recipient=expert.user).exists()


# --- moving an activity re-checks its booked experts ------------------------------------------------


def _booked_elsewhere(expert):
    """`expert` confirmed on "Study visit" 4–6 May 2026, and accepted on a workshop 10–12 March 2026."""
    other = ActivityFactory(title="Study visit to Lisbon", start_date=D(2026, 5, 4), end_date=D(2026, 5, 6))
    DeploymentFactory(activity=other, expert=expert, confirmed=True)
    workshop = ActivityFactory(title="Workshop", start_date=D(2026, 3, 10), end_date=D(2026, 3, 12))
    DeploymentFactory(activity=workshop, expert=expert, accepted=True)
    return workshop


def test_moving_an_activity_onto_another_booking_is_refused_naming_expert_and_activity(staff_user, expert):
    workshop = _booked_elsewhere(expert)
    with pytest.raises(ActionError, match="Eva Expert.*Study visit to Lisbon"):
        action_services.activity_update(actor=staff_user, activity=workshop,
                                        data={"start_date": D(2026, 5, 5), "end_date": D(2026, 5, 7)})
    workshop.refresh_from_db()
    assert (workshop.start_date, workshop.sequence) == (D(2026, 3, 10), 0)
    assert not workshop.events.filter(transition="dates_changed").exists()


def test_moving_an_activity_into_a_declared_unavailability_is_refused(staff_user, expert):
    workshop = _booked_elsewhere(expert)
    UnavailabilityFactory(expert=expert, start_date=D(2026, 4, 1), end_date=D(2026, 4, 10))
    with pytest.raises(ActionError, match="Eva Expert.*unavailable"):
        action_services.activity_update(actor=staff_user, activity=workshop,
                                        data={"start_date": D(2026, 4, 9), "end_date": D(2026, 4, 11)})


def test_moving_to_free_dates_is_accepted_and_a_mere_invitation_does_not_block(staff_user, expert):
    workshop = _booked_elsewhere(expert)
    invited_elsewhere = ActivityFactory(start_date=D(2026, 6, 1), end_date=D(2026, 6, 3))
    DeploymentFactory(activity=invited_elsewhere, expert=expert)  # invited only: not a booking
    action_services.activity_update(actor=staff_user, activity=workshop,
                                    data={"start_date": D(2026, 6, 2), "end_date": D(2026, 6, 3)})
    workshop.refresh_from_db()
    assert workshop.start_date == D(2026, 6, 2)


def test_replanning_a_postponed_activity_rechecks_its_experts(staff_user, expert):
    workshop = _booked_elsewhere(expert)
    Activity.objects.filter(pk=workshop.pk).update(status=ActivityStatus.POSTPONED)
    with pytest.raises(ActionError, match="Study visit to Lisbon"):
        action_services.activity_replan(actor=staff_user, activity=workshop,
                                        start_date=D(2026, 5, 6), end_date=D(2026, 5, 8))
    workshop.refresh_from_db()
    assert workshop.status == ActivityStatus.POSTPONED
