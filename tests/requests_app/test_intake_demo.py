"""The partner side's demo data: every state present, idempotent, the demo partner sees their own."""

import pytest

from mieux import demo as mieux_demo
from requests_app import demo
from requests_app.models import Institution, Membership, Request, RequestStatus

pytestmark = pytest.mark.django_db


def test_demo_has_requests_in_every_state_and_runs_twice_without_change(client):
    mieux_demo.seed()
    demo.seed()
    counts = (Request.objects.count(), Institution.objects.count(), Membership.objects.count())
    assert set(Request.objects.values_list("status", flat=True)) == set(RequestStatus.values)
    assert Request.objects.filter(status=RequestStatus.IN_REVIEW, opinions__isnull=False).exists()
    assert Institution.objects.filter(verified_at__isnull=True).exists()
    demo.seed()
    assert (Request.objects.count(), Institution.objects.count(), Membership.objects.count()) == counts

    partner = Membership.objects.get(user__email="partner@demo.mieux-initiative.eu").user
    client.force_login(partner)
    page = client.get("/requests/").content.decode()
    assert "Diaspora engagement strategy" in page
    assert "Free movement protocol" not in page  # another institution's request
    assert "1 person waiting to join" in page


def test_demo_scale_adds_older_requests(client):
    mieux_demo.seed()
    demo.seed(scale=2)
    assert Request.objects.filter(reference__startswith="REQ-2024-").count() == len(demo.REQUESTS)
