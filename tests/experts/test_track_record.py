"""The expert track record behind the matching's feedback and workload criteria stays equal to the
deployments it summarises, whatever changes them."""

import datetime

import pytest
from django.db.models import Avg, Count, Q
from django.utils import timezone

from experts.models import Deployment, DeploymentStatus
from experts.track_record import TrackRecord, refresh_all, track_records
from tests.factories import ActivityFactory, DeploymentFactory, ExpertFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)


def aggregate_directly():
    """What the matching used to compute on each call: every booked deployment aggregated."""
    since = TODAY - datetime.timedelta(days=365)
    return {
        row["expert_id"]: (row["r"], row["s"], row["recent"])
        for row in Deployment.objects.filter(status__in=("accepted", "confirmed", "completed"))
        .order_by().values("expert_id").annotate(
            r=Avg("staff_rating", filter=Q(status="completed")), s=Avg("satisfaction", filter=Q(status="completed")),
            recent=Count("pk", filter=Q(activity__start_date__gte=since, activity__start_date__lte=TODAY)))
        if row["r"] is not None or row["s"] is not None or row["recent"]
    }


def test_record_follows_each_deployment_change():
    expert = ExpertFactory()
    old = ActivityFactory(start_date=datetime.date(2020, 3, 1), end_date=datetime.date(2020, 3, 2))
    recent = ActivityFactory(start_date=datetime.date(2026, 3, 1), end_date=datetime.date(2026, 3, 2))
    first = DeploymentFactory(expert=expert, activity=old, status=DeploymentStatus.COMPLETED, staff_rating=4,
                              satisfaction=5)
    assert track_records(TODAY) == {expert.pk: (4.0, 5.0, 0)}
    second = DeploymentFactory(expert=expert, activity=recent, status=DeploymentStatus.CONFIRMED)
    assert track_records(TODAY) == {expert.pk: (4.0, 5.0, 1)}
    second.status, second.staff_rating = DeploymentStatus.COMPLETED, 2
    second.save()
    assert track_records(TODAY) == {expert.pk: (3.0, 5.0, 1)}
    assert TrackRecord.objects.get(expert=expert).completed == 2
    first.delete()
    assert track_records(TODAY) == {expert.pk: (2.0, None, 1)}
    assert track_records(TODAY) == aggregate_directly()


def test_rebuild_after_a_bulk_load_matches_the_deployments():
    experts = [ExpertFactory() for _ in range(3)]
    activity = ActivityFactory(start_date=datetime.date(2026, 1, 10), end_date=datetime.date(2026, 1, 11))
    Deployment.objects.bulk_create([
        Deployment(activity=activity, expert=experts[0], status=DeploymentStatus.COMPLETED, staff_rating=5),
        Deployment(activity=activity, expert=experts[1], status=DeploymentStatus.ACCEPTED),
    ])
    assert track_records(TODAY) != aggregate_directly()  # bulk writes send no signal...
    assert refresh_all() == 3
    assert track_records(TODAY) == aggregate_directly()  # ...the rebuild catches up


def test_moving_an_activity_updates_its_experts_workload():
    expert = ExpertFactory()
    activity = ActivityFactory(start_date=datetime.date(2024, 1, 10), end_date=datetime.date(2024, 1, 11))
    DeploymentFactory(expert=expert, activity=activity, status=DeploymentStatus.CONFIRMED)
    today = timezone.localdate()
    assert track_records(today).get(expert.pk, (None, None, 0))[2] == 0
    activity.start_date = activity.end_date = today - datetime.timedelta(days=10)
    activity.save()
    assert track_records(today)[expert.pk] == (None, None, 1)
