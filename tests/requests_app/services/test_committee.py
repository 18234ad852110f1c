# ruff: noqa: F811 - pytest fixtures imported from review_factories are redefined as arguments
"""The committee services: conflict-of-interest declarations, opinions."""

import pytest
from django.db import IntegrityError, transaction

from requests_app.models import ConflictDeclaration, Opinion, RequestEvent
from requests_app.services import committee
from requests_app.services import review as services
from requests_app.services.review import ReviewError
from tests.factories import body
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


# --- conflict of interest and opinions -----------------------------------------------------------


def test_conflict_declaration_is_made_once(in_review, committee_user):
    declare(committee_user, in_review)
    with pytest.raises(ReviewError):
        declare(committee_user, in_review, conflict=True)
    assert ConflictDeclaration.objects.filter(member=committee_user).count() == 1


def test_opinion_requires_a_declaration_first(in_review, committee_user):
    with pytest.raises(ReviewError):
        committee.opinion_give(actor=committee_user, request_id=in_review.pk, value="support")


def test_member_with_conflict_cannot_give_opinion_but_colleague_can(in_review, committee_user):
    declare(committee_user, in_review, conflict=True)
    with pytest.raises(ReviewError, match="conflict"):
        committee.opinion_give(actor=committee_user, request_id=in_review.pk, value="support")
    colleague = second_member("INTPA")
    opinion = give(colleague, in_review, "support")
    assert opinion.body.code == "INTPA" and opinion.member == colleague


def test_second_opinion_from_same_body_is_refused(in_review, committee_user):
    give(committee_user, in_review, "support")
    colleague = second_member("INTPA")
    declare(colleague, in_review)
    with pytest.raises(ReviewError, match="already"):
        committee.opinion_give(actor=colleague, request_id=in_review.pk, value="object", comment="No.")
    assert Opinion.objects.filter(request=in_review).count() == 1
    assert RequestEvent.objects.filter(request=in_review, transition="opinion_given").count() == 1


def test_database_constraint_refuses_a_second_opinion_per_body_and_round(in_review, committee_user):
    Opinion.objects.create(request=in_review, review_round=1, body=body("INTPA"), member=committee_user, value="support")
    with pytest.raises(IntegrityError), transaction.atomic():
        Opinion.objects.create(request=in_review, review_round=1, body=body("INTPA"), value="abstain")


@pytest.mark.parametrize("value", ["conditions", "object"])
def test_comment_required_for_conditions_and_objection(in_review, committee_user, value):
    declare(committee_user, in_review)
    with pytest.raises(ReviewError, match="comment"):
        committee.opinion_give(actor=committee_user, request_id=in_review.pk, value=value, comment="")


def test_opinion_can_be_changed_until_decision(in_review, committee_user, committee_members, staff_user):
    give(committee_user, in_review, "support")
    changed = committee.opinion_change(
        actor=committee_user, request_id=in_review.pk, value="conditions", comment="Add a gender focus."
    )
    assert changed.value == "conditions"
    assert Opinion.objects.filter(request=in_review).count() == 1
    assert RequestEvent.objects.filter(request=in_review, transition="opinion_changed").count() == 1
    for code in ("HOME", "NEAR"):
        give(committee_members[code], in_review, "support")
    services.request_decide(actor=staff_user, request_id=in_review.pk, outcome="approve", explanation="Approved.")
    with pytest.raises(ReviewError):
        committee.opinion_change(actor=committee_user, request_id=in_review.pk, value="object", comment="Too late")


def test_expert_and_partner_cannot_give_opinions(in_review, expert_user, partner_user):
    for actor in (expert_user, partner_user):
        with pytest.raises(ReviewError):
            committee.opinion_give(actor=actor, request_id=in_review.pk, value="support")


def test_opinion_events_are_hidden_from_partner(in_review, committee_user):
    give(committee_user, in_review, "support")
    assert not RequestEvent.objects.filter(
        request=in_review, transition__in=["opinion_given", "no_conflict_declared"], visible_to_partner=True
    ).exists()
