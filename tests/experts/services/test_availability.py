"""Double booking and declared unavailability."""

import datetime

import pytest

from experts import services
from experts.models import DeploymentStatus
from tests.factories import (
    ActivityFactory,
    DeploymentFactory,
    ExpertFactory,
    UnavailabilityFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def expert(expert_user):
    return ExpertFactory(user=expert_user, email=expert_user.email, first_name="Eva", last_name="Expert", consented=True)


def test_accept_refused_when_booked_on_overlapping_dates(expert):
    first = ActivityFactory(start_date=D(2026, 6, 1), end_date=D(2026, 6, 3), title="Training in Rabat")
    second = ActivityFactory(start_date=D(2026, 6, 3), end_date=D(2026, 6, 5))
    DeploymentFactory(expert=expert, activity=first, confirmed=True)
    deployment = DeploymentFactory(expert=expert, activity=second)
    with pytest.raises(services.DeploymentError, match="Training in Rabat"):
        services.deployment_accept(actor=expert.user, deployment=deployment)
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.INVITED


def test_accept_allowed_on_adjacent_dates_and_when_other_activity_cancelled(expert):
    first = ActivityFactory(start_date=D(2026, 6, 1), end_date=D(2026, 6, 3))
    DeploymentFactory(expert=expert, activity=first, confirmed=True)
    adjacent = DeploymentFactory(expert=expert, activity=ActivityFactory(start_date=D(2026, 6, 4), end_date=D(2026, 6, 5)))
    services.deployment_accept(actor=expert.user, deployment=adjacent)
    cancelled = ActivityFactory(start_date=D(2026, 7, 1), end_date=D(2026, 7, 3), status="cancelled")
    DeploymentFactory(expert=expert, activity=cancelled, confirmed=True)
    overlapping = DeploymentFactory(expert=expert, activity=ActivityFactory(start_date=D(2026, 7, 2), end_date=D(2026, 7, 2)))
    services.deployment_accept(actor=expert.user, deployment=overlapping)


def test_accept_refused_inside_unavailability(expert):
    UnavailabilityFactory(expert=expert, start_date=D(2026, 8, 1), end_date=D(2026, 8, 31))
    deployment = DeploymentFactory(expert=expert, activity=ActivityFactory(start_date=D(2026, 8, 30), end_date=D(2026, 9, 2)))
    with pytest.raises(services.DeploymentError, match="unavailable"):
        services.deployment_accept(actor=expert.user, deployment=deployment)


def test_confirm_refused_when_unavailability_declared_after_acceptance(staff_user, expert):
    deployment = DeploymentFactory(expert=expert, accepted=True, activity=ActivityFactory(start_date=D(2026, 8, 10), end_date=D(2026, 8, 11)))
    UnavailabilityFactory(expert=expert, start_date=D(2026, 8, 1), end_date=D(2026, 8, 31))
    with pytest.raises(services.DeploymentError):
        services.deployment_confirm(actor=staff_user, deployment=deployment)


def test_confirm_refused_when_another_overlapping_deployment_is_confirmed(staff_user, expert):
    a = DeploymentFactory(expert=expert, accepted=True, activity=ActivityFactory(start_date=D(2026, 9, 1), end_date=D(2026, 9, 3)))
    b = DeploymentFactory(expert=expert, accepted=True, activity=ActivityFactory(start_date=D(2026, 9, 2), end_date=D(2026, 9, 4)))
    services.deployment_confirm(actor=staff_user, deployment=a)
    with pytest.raises(services.DeploymentError, match="overlap"):
        services.deployment_confirm(actor=staff_user, deployment=b)


def test_unavailability_period_end_before_start_refused(expert):
    with pytest.raises(services.ExpertError):
        services.unavailability_add(actor=expert.user, expert=expert, start_date=D(2026, 5, 2), end_date=D(2026, 5, 1))
