"""The deployment state machine: propose, invite, accept, decline, confirm, complete, cancel, feedback, rating."""

import datetime

import pytest
from django.core import mail

from actions.models import Activity, ActivityStatus
from experts import services
from experts.models import DeploymentStatus
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


def test_staff_propose_then_invite_sends_signed_link(staff_user, expert, django_capture_on_commit_callbacks):
    activity = ActivityFactory()
    with django_capture_on_commit_callbacks(execute=True):
        deployment = services.deployment_propose(actor=staff_user, activity=activity, expert=expert)
        services.deployment_invite(actor=staff_user, deployment=deployment)
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.INVITED and deployment.invited_at
    assert [e.transition for e in deployment.events.all()] == ["propose", "invite"]
    note = Notification.objects.get(recipient=expert.user, kind="deployment_invitation")
    assert "/experts/invitation/" in note.body
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [expert.user.email]


def test_invite_creates_an_expert_account_when_the_expert_has_none(staff_user):
    expert = ExpertFactory(email="Nora.Newcomer@Example.org")
    deployment = DeploymentFactory(expert=expert, proposed=True)
    services.deployment_invite(actor=staff_user, deployment=deployment)
    expert.refresh_from_db()
    assert expert.user.email == "nora.newcomer@example.org" and expert.user.is_expert
    assert not expert.user.has_usable_password()


def test_expert_cannot_invite_or_confirm(expert):
    deployment = DeploymentFactory(expert=expert, proposed=True)
    with pytest.raises(services.DeploymentError):
        services.deployment_invite(actor=expert.user, deployment=deployment)
    accepted = DeploymentFactory(expert=expert, accepted=True, activity=ActivityFactory(start_date=D(2026, 5, 1), end_date=D(2026, 5, 2)))
    with pytest.raises(services.DeploymentError):
        services.deployment_confirm(actor=expert.user, deployment=accepted)


def test_other_expert_cannot_accept_someone_elses_invitation(expert):
    deployment = DeploymentFactory(expert=expert)
    intruder = UserFactory(expert=True)
    with pytest.raises(services.DeploymentError):
        services.deployment_accept(actor=intruder, deployment=deployment)


def test_full_lifecycle_to_completion_with_feedback_and_rating(staff_user, expert):
    deployment = DeploymentFactory(expert=expert, proposed=True)
    services.deployment_invite(actor=staff_user, deployment=deployment)
    services.deployment_accept(actor=expert.user, deployment=deployment)
    services.deployment_confirm(actor=staff_user, deployment=deployment)
    # The activity takes place and is recorded as delivered (by the actions app).
    Activity.objects.filter(pk=deployment.activity_id).update(status=ActivityStatus.DELIVERED)
    services.deployment_complete(actor=staff_user, deployment=deployment)
    services.deployment_give_feedback(actor=expert.user, deployment=deployment, beneficial=True, satisfaction=5, comment="Great")
    services.deployment_rate(actor=staff_user, deployment=deployment, rating=4, comment="Solid")
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.COMPLETED
    assert (deployment.beneficial, deployment.satisfaction, deployment.staff_rating) == (True, 5, 4)
    assert [e.transition for e in deployment.events.all()] == ["invite", "accept", "confirm", "complete", "feedback", "rate"]


def test_feedback_refused_before_completion_and_twice(expert):
    deployment = DeploymentFactory(expert=expert, confirmed=True)
    with pytest.raises(services.DeploymentError):
        services.deployment_give_feedback(actor=expert.user, deployment=deployment, beneficial=True, satisfaction=4)
    done = DeploymentFactory(expert=expert, completed=True, activity=ActivityFactory(start_date=D(2025, 1, 1), end_date=D(2025, 1, 2)))
    services.deployment_give_feedback(actor=expert.user, deployment=done, beneficial=False, satisfaction=3)
    with pytest.raises(services.DeploymentError):
        services.deployment_give_feedback(actor=expert.user, deployment=done, beneficial=True, satisfaction=5)


def test_staff_rating_is_staff_only(expert):
    deployment = DeploymentFactory(expert=expert, completed=True)
    with pytest.raises(services.DeploymentError):
        services.deployment_rate(actor=expert.user, deployment=deployment, rating=5)


def test_decline_from_invited(expert):
    deployment = DeploymentFactory(expert=expert)
    services.deployment_decline(actor=expert.user, deployment=deployment, note="Busy")
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.DECLINED and deployment.answered_at


def test_wrong_source_state_is_refused_with_a_message(staff_user, expert):
    deployment = DeploymentFactory(expert=expert, proposed=True)
    with pytest.raises(services.DeploymentError, match="Proposed"):
        services.deployment_confirm(actor=staff_user, deployment=deployment)


def test_cancelled_deployment_can_be_proposed_again(staff_user, expert):
    deployment = DeploymentFactory(expert=expert, status=DeploymentStatus.CANCELLED)
    again = services.deployment_propose(actor=staff_user, activity=deployment.activity, expert=expert)
    assert again.pk == deployment.pk and again.status == DeploymentStatus.PROPOSED


def test_proposing_twice_is_refused(staff_user, expert):
    deployment = DeploymentFactory(expert=expert, proposed=True)
    with pytest.raises(services.DeploymentError, match="already"):
        services.deployment_propose(actor=staff_user, activity=deployment.activity, expert=expert)


def test_inactive_expert_cannot_be_proposed(staff_user):
    with pytest.raises(services.DeploymentError):
        services.deployment_propose(actor=staff_user, activity=ActivityFactory(), expert=ExpertFactory(inactive=True))


def test_completion_refused_until_the_activity_took_place_naming_it(staff_user, expert):
    activity = ActivityFactory(confirmed=True, title="Workshop in Nairobi", start_date=D(2027, 1, 25), end_date=D(2027, 1, 28))
    deployment = DeploymentFactory(activity=activity, expert=expert, confirmed=True)
    with pytest.raises(services.DeploymentError, match="Workshop in Nairobi.*confirmed.*2027-01-25"):
        services.deployment_complete(actor=staff_user, deployment=deployment)
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.CONFIRMED and not deployment.events.filter(transition="complete").exists()
    Activity.objects.filter(pk=activity.pk).update(status=ActivityStatus.DELIVERED)
    services.deployment_complete(actor=staff_user, deployment=deployment)
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.COMPLETED
