import pytest

from experts.models import Deployment, DeploymentStatus, Expert

pytestmark = pytest.mark.django_db


def test_demo_roster_is_idempotent_realistic_and_links_the_demo_expert():
    from actions import demo as actions_demo
    from experts import demo as experts_demo
    from mieux import demo as mieux_demo

    mieux_demo.seed()
    actions_demo.seed()
    experts_demo.seed()
    counts = (Expert.objects.count(), Deployment.objects.count())
    experts_demo.seed()
    assert (Expert.objects.count(), Deployment.objects.count()) == counts
    assert counts[0] >= 40
    non_eu = sum(e.is_non_eu for e in Expert.objects.all())
    assert 0.3 <= non_eu / counts[0] <= 0.45
    demo = Expert.objects.get(user__email="expert@demo.mieux-initiative.eu")
    statuses = set(demo.deployments.values_list("status", flat=True))
    assert {DeploymentStatus.COMPLETED, DeploymentStatus.CONFIRMED} <= statuses
    assert demo.deployments.filter(status=DeploymentStatus.COMPLETED, feedback_at__isnull=False).exists()
    # No expert is held twice on overlapping dates.
    for expert in Expert.objects.all():
        held = sorted(
            expert.deployments.filter(status__in=("accepted", "confirmed", "completed")).values_list(
                "activity__start_date", "activity__end_date"
            )
        )
        assert all(a[1] < b[0] for a, b in zip(held, held[1:], strict=False)), expert
