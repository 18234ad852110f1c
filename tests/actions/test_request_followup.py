"""An approved request leads to its Action (partner and staff), staff create the Action from the
request's page, and publishing without a public summary takes staff to the summary."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import services
from actions.models import ActionStatus
from tests.factories import ActionFactory, ActivityFactory

pytestmark = pytest.mark.django_db


def detail(req):
    return reverse("requests:detail", args=[req.pk])


# --- 14.11 -----------------------------------------------------------------------------------------


def test_before_the_action_exists_the_partner_is_told_it_is_being_prepared(client_for, partner_user, approved_request):
    body = client_for(partner_user).get(detail(approved_request)).content.decode()
    assert "The MIEUX+ team will contact you to plan the Action." in body
    assert "Create the Action" not in body


def test_staff_create_the_action_from_the_approved_requests_page(client_for, staff_user, approved_request):
    client = client_for(staff_user)
    body = client.get(detail(approved_request)).content.decode()
    create_url = reverse("actions:create_from_request", args=[approved_request.pk])
    assert "Create the Action" in body and create_url in body
    response = client.post(create_url)
    approved_request.refresh_from_db()
    action = approved_request.action
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    body = client.get(detail(approved_request)).content.decode()
    assert action.code in body and action.get_absolute_url() in body and "Create the Action" not in body


def test_partner_page_and_dashboard_lead_to_the_action_with_status_and_next_activity(
    client_for, partner_user, staff_user, approved_request
):
    action = services.action_create_from_request(actor=staff_user, request=approved_request)
    start = timezone.localdate() + datetime.timedelta(days=30)
    ActivityFactory(action=action, title="Inception workshop in Nairobi", start_date=start,
                    end_date=start + datetime.timedelta(days=1))
    ActivityFactory(action=action, title="Closing conference", start_date=start + datetime.timedelta(days=200),
                    end_date=start + datetime.timedelta(days=201))
    client = client_for(partner_user)
    for url in (detail(approved_request), reverse("requests:dashboard")):
        body = client.get(url).content.decode()
        assert action.get_absolute_url() in body, url
        assert action.code in body
        assert str(ActionStatus(action.status).label) in body
        assert "Next activity: Inception workshop in Nairobi" in body
        assert "The MIEUX+ team will contact you to plan the Action." not in body
    assert client.get(action.get_absolute_url()).status_code == 200


def test_another_institutions_partner_sees_no_followup(client_for, other_partner, staff_user, approved_request):
    services.action_create_from_request(actor=staff_user, request=approved_request)
    assert client_for(other_partner).get(detail(approved_request)).status_code == 404


# --- 14.12 -----------------------------------------------------------------------------------------


def test_publish_without_summary_offers_the_field_in_place(client_for, staff_user):
    action = ActionFactory(summary="", status=ActionStatus.ONGOING)
    client = client_for(staff_user)
    body = client.get(action.get_absolute_url()).content.decode()
    assert 'name="summary"' in body and "Save the summary and publish" in body
    client.post(reverse("actions:publish", args=[action.code]),
                {"publish": "1", "summary": "Officials trained on labour migration data."})
    action.refresh_from_db()
    assert action.is_public and action.summary == "Officials trained on labour migration data."


def test_publish_with_a_blank_summary_takes_staff_to_the_field(client_for, staff_user):
    action = ActionFactory(summary="", status=ActionStatus.ONGOING)
    client = client_for(staff_user)
    response = client.post(reverse("actions:publish", args=[action.code]), {"publish": "1", "summary": "  "})
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:edit", args=[action.code]) + "#id_summary"
    page = client.get(response["Location"]).content.decode()
    assert 'id="id_summary"' in page and "Write the public summary before publishing" in page
    action.refresh_from_db()
    assert not action.is_public


def test_the_service_refuses_to_publish_without_summary(staff_user):
    action = ActionFactory(summary="")
    with pytest.raises(services.SummaryMissing):
        services.action_publish(actor=staff_user, action=action)
    action.refresh_from_db()
    assert not action.is_public
