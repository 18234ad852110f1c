# ruff: noqa: F811 - pytest fixtures imported from review_factories are redefined as arguments
"""The whole review cycle through the HTTP layer: screening, committee, decision."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mieux.models import Notification
from requests_app.models import Opinion, Request, RequestEvent, RequestStatus
from requests_app.workflow import apply_transition
from tests.requests_app.review_factories import submitted  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

FIVE_OPINIONS = [
    ("INTPA", "support", ""),
    ("HOME", "conditions", "Include the border police academy."),
    ("NEAR", "support", ""),
    ("EEAS", "abstain", ""),
    ("ICMPD", "support", "Complements the MTM dialogue."),
]


def post(client, user, name, pk, data):
    client.force_login(user)
    return client.post(reverse(name, args=[pk]), data)


def test_full_cycle_submitted_info_resubmitted_forwarded_five_opinions_approved(
    client, submitted, staff_user, partner_user, committee_members, django_capture_on_commit_callbacks
):
    pk = submitted.pk
    # Staff asks for more information.
    response = post(client, staff_user, "requests:staff_ask_info", pk, {"message": "Please attach the ministry's endorsement."})
    assert response.status_code == 302
    assert Request.objects.get(pk=pk).status == RequestStatus.INFO_REQUESTED

    # The partner answers and resubmits (the intake side's transition).
    apply_transition(pk, "resubmit", actor=partner_user, note="Endorsement letter attached.")

    # Staff writes the complementarity note and forwards with a cover note and the default deadline.
    post(client, staff_user, "requests:staff_complementarity_note", pk, {"note": "No overlap with the ILO project."})
    deadline = (timezone.localdate() + timedelta(days=14)).isoformat()
    response = post(client, staff_user, "requests:staff_forward", pk, {"deadline": deadline, "cover_note": "Eligible."})
    assert response.status_code == 302
    obj = Request.objects.get(pk=pk)
    assert obj.status == RequestStatus.IN_REVIEW and obj.review_round == 1
    assert obj.review_deadline.isoformat() == deadline

    # Five bodies declare no conflict and give their opinion.
    for code, value, comment in FIVE_OPINIONS:
        member = committee_members[code]
        response = post(client, member, "requests:review_declare", pk, {"has_conflict": "no"})
        assert response.status_code == 302
        response = post(client, member, "requests:review_opinion", pk, {"value": value, "comment": comment})
        assert response.status_code == 302
    assert Opinion.objects.filter(request_id=pk, review_round=1).count() == 5

    # The committee member now sees the other bodies' opinions and the recommendation.
    client.force_login(committee_members["INTPA"])
    page = client.get(reverse("requests:review", args=[pk])).content.decode()
    assert "Include the border police academy." in page
    assert "Recommended outcome" in page

    # Staff records the decision; the partner is notified by e-mail.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, staff_user, "requests:staff_decide", pk,
                        {"outcome": "approve", "explanation": "Approved: well targeted and complementary."})
    assert response.status_code == 302
    obj = Request.objects.get(pk=pk)
    assert obj.status == RequestStatus.APPROVED and obj.decided_at is not None
    assert [m.to for m in mail.outbox if "approved" in m.subject] == [[partner_user.email]]

    transitions = list(RequestEvent.objects.filter(request_id=pk).order_by("created_at", "pk").values_list("transition", flat=True))
    assert transitions[:3] == ["request_info", "resubmit", "complementarity_note"]
    assert "forward" in transitions and transitions[-2:] == ["approve", "decision_basis"]
    partner_visible = set(RequestEvent.objects.filter(request_id=pk, visible_to_partner=True).values_list("transition", flat=True))
    assert partner_visible == {"request_info", "resubmit", "forward", "approve"}


def test_rejection_path_through_http(client, submitted, staff_user, partner_user, committee_members):
    pk = submitted.pk
    post(client, staff_user, "requests:staff_forward", pk,
         {"deadline": (timezone.localdate() + timedelta(days=10)).isoformat(), "cover_note": ""})
    member = committee_members["NEAR"]
    post(client, member, "requests:review_declare", pk, {"has_conflict": "no"})
    post(client, member, "requests:review_opinion", pk, {"value": "object", "comment": "Duplicates an EU-funded project."})
    response = post(client, staff_user, "requests:staff_decide", pk,
                    {"outcome": "reject", "explanation": "The subject is already covered by an ongoing EU project."})
    assert response.status_code == 302
    assert Request.objects.get(pk=pk).status == RequestStatus.REJECTED
    assert Notification.objects.filter(recipient=partner_user, kind="request_rejected").exists()


def test_ineligible_path_through_http(client, submitted, staff_user, partner_user):
    response = post(client, staff_user, "requests:staff_close_ineligible", submitted.pk,
                    {"reason": "Requests from private companies are not eligible."})
    assert response.status_code == 302
    obj = Request.objects.get(pk=submitted.pk)
    assert obj.status == RequestStatus.INELIGIBLE
    event = RequestEvent.objects.get(request=obj, transition="close_ineligible")
    assert event.visible_to_partner and "private companies" in event.note
    assert Notification.objects.filter(recipient=partner_user, kind="request_ineligible").exists()


def test_decision_against_recommendation_without_justification_is_refused_on_the_form(
    client, submitted, staff_user, committee_members
):
    pk = submitted.pk
    post(client, staff_user, "requests:staff_forward", pk,
         {"deadline": (timezone.localdate() + timedelta(days=10)).isoformat()})
    member = committee_members["EEAS"]
    post(client, member, "requests:review_declare", pk, {"has_conflict": "no"})
    post(client, member, "requests:review_opinion", pk, {"value": "object", "comment": "Political risk."})
    response = post(client, staff_user, "requests:staff_decide", pk, {"outcome": "approve", "explanation": "Approved."})
    assert response.status_code == 400
    assert "justification" in response.content.decode()
    assert Request.objects.get(pk=pk).status == RequestStatus.IN_REVIEW
    response = post(client, staff_user, "requests:staff_decide", pk,
                    {"outcome": "approve", "explanation": "Approved.", "justification": "Risk mitigated by EEAS advice."})
    assert response.status_code == 302
    assert Request.objects.get(pk=pk).decision_justification == "Risk mitigated by EEAS advice."


def test_staff_action_pages_show_forms(client_for, submitted, staff_user):
    client = client_for(staff_user)
    for name in ("requests:staff_ask_info", "requests:staff_close_ineligible", "requests:staff_forward",
                 "requests:staff_complementarity_note"):
        response = client.get(reverse(name, args=[submitted.pk]))
        assert response.status_code == 200, name
        assert "<form" in response.content.decode()


def test_refused_transition_shows_message_not_error(client_for, submitted, staff_user):
    response = client_for(staff_user).post(reverse("requests:staff_decide", args=[submitted.pk]),
                                           {"outcome": "approve", "explanation": "x", "justification": "y"})
    assert response.status_code == 400
    assert Request.objects.get(pk=submitted.pk).status == RequestStatus.SUBMITTED


@pytest.mark.parametrize("name", ["requests:staff_ask_info", "requests:staff_close_ineligible", "requests:staff_forward",
                                  "requests:staff_complementarity_note", "requests:staff_decide"])
@pytest.mark.parametrize("who", ["partner_user", "committee_user", "expert_user"])
def test_staff_actions_are_404_for_others(request, client_for, submitted, name, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse(name, args=[submitted.pk])).status_code == 404
    assert client.post(reverse(name, args=[submitted.pk]), {"message": "x", "reason": "x"}).status_code == 404
    assert Request.objects.get(pk=submitted.pk).status == RequestStatus.SUBMITTED
