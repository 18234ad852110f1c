# ruff: noqa: F811 - pytest fixtures imported from review_factories are redefined as arguments
"""The review services: working days, staff screening, recommendation, decision."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from mieux.models import Notification
from requests_app.models import Opinion, RequestEvent, RequestStatus
from requests_app.services import committee
from requests_app.services import review as services
from requests_app.services.review import ReviewError
from tests.factories import UserFactory
from tests.requests_app.review_factories import (  # noqa: F401 - fixtures
    OPINIONS_ALL_SUPPORT,
    declare,
    give,
    give_opinions,
    in_review,
    second_member,
    submitted,
)

pytestmark = pytest.mark.django_db


# --- working days ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 23), 10, date(2026, 12, 7)),  # Monday + 10 working days = Monday two weeks on
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday + 1 = Monday
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # Saturday + 1 = Monday
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
    ],
)
def test_add_working_days_skips_weekends(start, days, expected):
    assert services.add_working_days(start, days) == expected


# --- screening ------------------------------------------------------------------------------------


def test_staff_asks_for_information_and_partner_is_notified(submitted, staff_user, partner_user):
    obj = services.request_ask_info(actor=staff_user, request_id=submitted.pk, message="Please attach the endorsement letter.")
    assert obj.status == RequestStatus.INFO_REQUESTED
    assert obj.info_requested_at is not None
    event = RequestEvent.objects.get(request=obj, transition="request_info")
    assert event.visible_to_partner and event.note == "Please attach the endorsement letter."
    note = Notification.objects.get(recipient=partner_user, kind="request_info_requested")
    assert "endorsement letter" in note.body


def test_information_request_needs_a_message(submitted, staff_user):
    with pytest.raises(ReviewError):
        services.request_ask_info(actor=staff_user, request_id=submitted.pk, message="   ")
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.SUBMITTED


def test_partner_cannot_use_staff_services(submitted, partner_user):
    with pytest.raises(ReviewError):
        services.request_forward(actor=partner_user, request_id=submitted.pk)
    with pytest.raises(ReviewError):
        services.request_close_ineligible(actor=partner_user, request_id=submitted.pk, reason="x")


def test_close_ineligible_records_reason_and_counts_as_decision(submitted, staff_user, partner_user):
    obj = services.request_close_ineligible(
        actor=staff_user, request_id=submitted.pk, reason="Private companies are not eligible requesters."
    )
    assert obj.status == RequestStatus.INELIGIBLE
    assert obj.closing_reason.startswith("Private companies")
    assert obj.decided_at is not None and obj.days_to_decision == 0
    assert RequestEvent.objects.get(request=obj, transition="close_ineligible").visible_to_partner
    assert Notification.objects.filter(recipient=partner_user, kind="request_ineligible").count() == 1


def test_close_ineligible_needs_a_reason(submitted, staff_user):
    with pytest.raises(ReviewError):
        services.request_close_ineligible(actor=staff_user, request_id=submitted.pk, reason="")


def test_forward_sets_round_deadline_and_hides_cover_note_from_partner(
    submitted, staff_user, partner_user, committee_members, settings
):
    settings.REVIEW_DEADLINE_WORKING_DAYS = 10
    obj = services.request_forward(actor=staff_user, request_id=submitted.pk, cover_note="Strong ownership; check ILO overlap.")
    assert obj.status == RequestStatus.IN_REVIEW
    assert obj.review_round == 1
    assert obj.review_deadline == services.add_working_days(timezone.localdate(), 10)
    assert obj.cover_note.startswith("Strong ownership")
    forwarded = RequestEvent.objects.get(request=obj, transition="forward")
    assert forwarded.visible_to_partner and "ILO" not in forwarded.note
    cover = RequestEvent.objects.get(request=obj, transition="cover_note")
    assert not cover.visible_to_partner
    assert Notification.objects.filter(kind="review_requested").count() == len(committee_members)
    assert Notification.objects.filter(recipient=partner_user, kind="request_forwarded").count() == 1


def test_forward_refuses_past_deadline(submitted, staff_user):
    with pytest.raises(ReviewError):
        services.request_forward(actor=staff_user, request_id=submitted.pk, deadline=timezone.localdate())


def test_forward_twice_is_refused(in_review, staff_user):
    with pytest.raises(ReviewError):
        services.request_forward(actor=staff_user, request_id=in_review.pk)


def test_complementarity_note_is_recorded_and_hidden_from_partner(submitted, staff_user):
    obj = services.request_set_complementarity_note(
        actor=staff_user, request_id=submitted.pk, note="Complements the ICMPD MTM dialogue; no overlap."
    )
    assert obj.complementarity_note.startswith("Complements")
    assert not RequestEvent.objects.get(request=obj, transition="complementarity_note").visible_to_partner


# --- recommendation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, "pending"),
        ({"INTPA": "support", "HOME": "support"}, "pending"),
        ({"INTPA": "support", "HOME": "abstain", "NEAR": "conditions"}, "approve"),
        ({"INTPA": "object"}, "reject"),
        ({"INTPA": "support", "HOME": "support", "NEAR": "support", "EEAS": "object"}, "reject"),
    ],
)
def test_default_recommendation_rule(in_review, committee_members, values, expected):
    give_opinions(committee_members, in_review, values)
    assert services.recommended_outcome(in_review).outcome == expected


def test_quorum_is_a_setting(in_review, committee_members, settings):
    settings.RECOMMENDATION_QUORUM = 5
    give_opinions(committee_members, in_review, {"INTPA": "support", "HOME": "support", "NEAR": "support"})
    assert services.recommended_outcome(in_review).outcome == "pending"


def test_objection_may_be_configured_not_to_reject(in_review, committee_members, settings):
    settings.RECOMMENDATION_REJECT_ON_OBJECTION = False
    give_opinions(committee_members, in_review, {"INTPA": "support", "HOME": "support", "NEAR": "object"})
    assert services.recommended_outcome(in_review).outcome == "approve"


def always_reject(opinions):
    return services.Recommendation(services.REJECT, "house rule", {}, len(opinions))


def test_recommendation_rule_is_pluggable(in_review, settings):
    settings.RECOMMENDATION_RULE = "tests.requests_app.services.test_review.always_reject"
    assert services.recommended_outcome(in_review).outcome == "reject"


# --- decision -----------------------------------------------------------------------------------


def test_decision_following_recommendation_needs_no_justification(in_review, committee_members, staff_user, partner_user):
    give_opinions(committee_members, in_review, OPINIONS_ALL_SUPPORT)
    obj = services.request_decide(
        actor=staff_user, request_id=in_review.pk, outcome="approve", explanation="Approved: well targeted."
    )
    assert obj.status == RequestStatus.APPROVED and obj.decided_at and obj.decision_justification == ""
    event = RequestEvent.objects.get(request=obj, transition="approve")
    assert event.visible_to_partner and event.note == "Approved: well targeted."
    basis = RequestEvent.objects.get(request=obj, transition="decision_basis")
    assert not basis.visible_to_partner and basis.data["against_recommendation"] is False
    assert Notification.objects.filter(recipient=partner_user, kind="request_approved").count() == 1


def test_decision_against_recommendation_without_justification_is_refused(in_review, committee_members, staff_user):
    give_opinions(committee_members, in_review, {"INTPA": "object"})
    with pytest.raises(ReviewError, match="justification"):
        services.request_decide(actor=staff_user, request_id=in_review.pk, outcome="approve", explanation="Approved.")
    in_review.refresh_from_db()
    assert in_review.status == RequestStatus.IN_REVIEW


def test_decision_against_recommendation_logs_the_justification(in_review, committee_members, staff_user):
    give_opinions(committee_members, in_review, {"INTPA": "object"})
    obj = services.request_decide(
        actor=staff_user, request_id=in_review.pk, outcome="approve", explanation="Approved.",
        justification="The objection was answered by the partner's revised scope.",
    )
    assert obj.decision_justification.startswith("The objection")
    basis = RequestEvent.objects.get(request=obj, transition="decision_basis")
    assert basis.data["against_recommendation"] is True and basis.note.startswith("The objection")
    assert not basis.visible_to_partner


def test_decision_needs_an_explanation(in_review, committee_members, staff_user):
    give_opinions(committee_members, in_review, OPINIONS_ALL_SUPPORT)
    with pytest.raises(ReviewError):
        services.request_decide(actor=staff_user, request_id=in_review.pk, outcome="approve", explanation="")


def test_decision_is_recorded_once(in_review, committee_members, staff_user):
    give_opinions(committee_members, in_review, OPINIONS_ALL_SUPPORT)
    services.request_decide(actor=staff_user, request_id=in_review.pk, outcome="approve", explanation="Yes.")
    with pytest.raises(ReviewError):
        services.request_decide(actor=staff_user, request_id=in_review.pk, outcome="reject", explanation="No.",
                                justification="Changed our mind.")
    assert RequestEvent.objects.filter(request=in_review, transition__in=["approve", "reject"]).count() == 1


def test_partner_is_notified_of_decision_in_their_language(in_review, committee_members, staff_user, partner_user):
    partner_user.language = "fr"
    partner_user.save()
    give_opinions(committee_members, in_review, {"INTPA": "object"})
    services.request_decide(actor=staff_user, request_id=in_review.pk, outcome="reject", explanation="Hors mandat.")
    note = Notification.objects.get(recipient=partner_user, kind="request_rejected")
    assert note.subject == f"MIEUX+ : décision sur votre demande {in_review.reference}"
    assert "Hors mandat." in note.body


def test_new_round_after_information_request_needs_new_opinions(in_review, committee_members, staff_user, partner_user):
    from requests_app.workflow import apply_transition

    give_opinions(committee_members, in_review, {"INTPA": "support"})
    services.request_ask_info(actor=staff_user, request_id=in_review.pk, message="Committee asks for the budget.",
                              on_behalf_of_committee=True)
    apply_transition(in_review.pk, "resubmit", actor=partner_user, note="Budget attached.")
    obj = services.request_forward(actor=staff_user, request_id=in_review.pk,
                                   deadline=timezone.localdate() + timedelta(days=7))
    assert obj.review_round == 2
    assert services.current_opinions(obj) == []
    # The declaration of round 1 still holds: no second declaration is asked.
    committee.opinion_give(actor=committee_members["INTPA"], request_id=obj.pk, value="support")
    assert Opinion.objects.filter(request=obj).count() == 2


def test_staff_member_of_no_body_cannot_declare(in_review, staff_user):
    with pytest.raises(ReviewError):
        committee.conflict_declare(actor=staff_user, request_id=in_review.pk, has_conflict=False)


def test_committee_member_without_body_is_not_committee(in_review):
    loose = UserFactory(role="committee", committee_body=None)
    with pytest.raises(ReviewError):
        committee.conflict_declare(actor=loose, request_id=in_review.pk, has_conflict=False)


def test_staff_told_once_when_all_five_opinions_are_in(in_review, committee_members, staff_user):
    give_opinions(committee_members, in_review, {"INTPA": "support", "HOME": "support", "NEAR": "support", "EEAS": "support"})
    assert not Notification.objects.filter(kind="review_complete").exists()
    give(committee_members["ICMPD"], in_review, "abstain")
    committee.opinion_change(actor=committee_members["ICMPD"], request_id=in_review.pk, value="support")
    note = Notification.objects.get(kind="review_complete", recipient=staff_user)
    assert "Approve" in note.body
