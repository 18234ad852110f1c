"""Twenty members of one body submitting at once leave one opinion and one event (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from requests_app.models import ConflictDeclaration, Opinion, RequestEvent
from requests_app.services import committee
from requests_app.services.review import ReviewError
from tests.conftest import require_service
from tests.factories import InstitutionFactory, UserFactory, body
from tests.requests_app.review_factories import forwarded_request


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_opinions_of_one_body_leave_one_opinion_and_one_event(transactional_db):
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    staff = UserFactory(staff=True)
    obj = forwarded_request(InstitutionFactory(), staff)
    members = [UserFactory(role="committee", committee_body=body("HOME")) for _ in range(20)]
    for member in members:
        ConflictDeclaration.objects.create(request=obj, member=member, has_conflict=False)

    barrier = threading.Barrier(len(members))
    results, errors = [], []

    def submit(member, index):
        try:
            barrier.wait(timeout=30)
            value = "object" if index % 2 else "support"
            committee.opinion_give(actor=member, request_id=obj.pk, value=value, comment=f"Comment {index}")
            results.append(member.pk)
        except ReviewError:
            errors.append(member.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(m, i)) for i, m in enumerate(members)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(results) == 1
    assert len(errors) == 19
    assert Opinion.objects.filter(request=obj, body__code="HOME").count() == 1
    assert RequestEvent.objects.filter(request=obj, transition="opinion_given").count() == 1
    assert Opinion.objects.get(request=obj).member_id == results[0]
