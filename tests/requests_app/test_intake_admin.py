"""The admin of requests_app: every model listed, events read-only, statuses changed only by services."""

import pytest

from requests_app.models import Membership, RequestEvent
from tests.factories import MembershipFactory, RequestFactory, UserFactory

pytestmark = pytest.mark.django_db

MODELS = ["institution", "membership", "request", "requestevent", "attachment", "message", "conflictdeclaration",
          "opinion"]


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelist_and_search_work(client_for, admin_user, model, partner_user):
    RequestFactory(institution=partner_user.memberships.get().institution, submitted=True)
    client = client_for(admin_user)
    assert client.get(f"/admin/requests_app/{model}/").status_code == 200
    assert client.get(f"/admin/requests_app/{model}/?q=labour").status_code == 200


def test_events_cannot_be_added_or_changed_in_the_admin(client_for, admin_user, partner_user):
    obj = RequestFactory(institution=partner_user.memberships.get().institution, submitted=True)
    event = RequestEvent.objects.create(request=obj, transition="submit", from_status="draft", to_status="submitted")
    client = client_for(admin_user)
    assert client.get("/admin/requests_app/requestevent/add/").status_code == 403
    response = client.post(f"/admin/requests_app/requestevent/{event.pk}/change/", {"note": "rewritten"})
    assert response.status_code in (200, 403)
    event.refresh_from_db()
    assert event.note == ""


def test_request_status_is_read_only_in_the_admin(client_for, admin_user, partner_user):
    obj = RequestFactory(institution=partner_user.memberships.get().institution, submitted=True)
    page = client_for(admin_user).get(f"/admin/requests_app/request/{obj.pk}/change/").content.decode()
    assert 'name="status"' not in page


def test_admin_action_approves_pending_members_through_the_service(client_for, admin_user, institution):
    pending = MembershipFactory(user=UserFactory(), institution=institution, status=Membership.Status.PENDING)
    client_for(admin_user).post(
        "/admin/requests_app/membership/", {"action": "approve", "_selected_action": [pending.pk]}
    )
    pending.refresh_from_db()
    assert pending.status == Membership.Status.ACTIVE and pending.approved_by == admin_user
