"""Helpers of the review tests: requests in a given review state, built through the services."""

import pytest

from requests_app.models import Request
from requests_app.services import committee
from requests_app.services import review as services
from tests.factories import RequestFactory, UserFactory, body

OPINIONS_ALL_SUPPORT = {"INTPA": "support", "HOME": "support", "NEAR": "conditions", "EEAS": "support", "ICMPD": "abstain"}


def submitted_request(institution, **kwargs):
    return RequestFactory(submitted=True, institution=institution, **kwargs)


def forwarded_request(institution, staff, **kwargs):
    obj = submitted_request(institution, **kwargs)
    services.request_forward(actor=staff, request_id=obj.pk, cover_note="Screened: eligible, strong ownership.")
    return Request.objects.get(pk=obj.pk)


def declare(member, obj, conflict=False):
    return committee.conflict_declare(actor=member, request_id=obj.pk, has_conflict=conflict)


def give(member, obj, value="support", comment=""):
    declare(member, obj)
    return committee.opinion_give(actor=member, request_id=obj.pk, value=value, comment=comment)


def give_opinions(members, obj, values):
    for code, value in values.items():
        give(members[code], obj, value, comment="See comment." if value in ("conditions", "object") else "")


def second_member(code):
    return UserFactory(role="committee", committee_body=body(code), email=f"second-{code.lower()}@example.org")


@pytest.fixture
def submitted(institution):
    return submitted_request(institution)


@pytest.fixture
def in_review(institution, staff_user):
    return forwarded_request(institution, staff_user)
