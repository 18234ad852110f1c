"""What an activity's postponement, cancellation or delivery does to its deployments (the actions app's events)."""

import datetime

import pytest

from actions.events import ActivityCancelled, ActivityDelivered, ActivityPostponed
from experts.models import Deployment, DeploymentEvent, DeploymentStatus
from mieux.events import publish
from mieux.models import Notification
from tests.factories import (
    ActivityFactory,
    DeploymentFactory,
    ExpertFactory,
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
