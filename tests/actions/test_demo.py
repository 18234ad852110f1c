import pytest

from actions import demo, results_demo
from actions.models import Action, ActionStatus, Activity, ActivityStatus
from actions.results_models import Indicator, PartnerEvaluation, PartnerFollowUp
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


def test_demo_results_are_idempotent():
    mieux_demo.seed()
    demo.seed()
    results_demo.seed()
    counts = (Indicator.objects.count(), PartnerEvaluation.objects.count(), PartnerFollowUp.objects.count())
    results_demo.seed()
    assert (Indicator.objects.count(), PartnerEvaluation.objects.count(), PartnerFollowUp.objects.count()) == counts
    assert counts[0] >= 3 * 5 and counts[1] >= 3 and counts[2] >= 3
    assert Action.objects.filter(documents__is_public=True, is_public=True).exists()
