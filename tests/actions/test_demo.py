import pytest

from actions import demo
from actions.models import Action, ActionStatus, Activity, ActivityStatus
from mieux import demo as mieux_demo
from requests_app.models import RequestStatus
from tests.factories import RequestFactory

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_realistic():
    mieux_demo.seed()
    approved = RequestFactory(status=RequestStatus.APPROVED, reference="REQ-DEMO-1", countries=["KE"])

    demo.seed()
    counts = (Action.objects.count(), Activity.objects.count())
    demo.seed()

    assert (Action.objects.count(), Activity.objects.count()) == counts
    assert Action.objects.filter(request=approved).exists()
    assert Action.objects.filter(status=ActionStatus.COMPLETED).exists()
    assert Action.objects.filter(status=ActionStatus.ONGOING).exists()
    assert Action.objects.published().count() >= 5
    assert Action.objects.values("region").distinct().count() == 5
    for action in Action.objects.filter(request__isnull=True):
        assert 4 <= action.activities.count() <= 7
    delivered = Activity.objects.filter(status=ActivityStatus.DELIVERED)
    assert delivered.exists() and not delivered.filter(participants_total__isnull=True).exists()


def test_demo_scale_multiplies_the_portfolio():
    mieux_demo.seed()
    demo.seed(scale=2)
    assert Action.objects.filter(request__isnull=True).count() == 2 * len(demo.PORTFOLIO)
