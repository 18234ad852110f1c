"""Two staff members turning the same request into an Action at the same moment (real threads, PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from actions import services
from actions.models import Action
from requests_app.models import RequestStatus
from tests.conftest import require_service
from tests.factories import InstitutionFactory, RequestFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_in_threads(*targets):
    barrier = threading.Barrier(len(targets))
    results = [None] * len(targets)

    def runner(i, target):
        try:
            barrier.wait()
            results[i] = target()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, t)) for i, t in enumerate(targets)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_concurrent_creation_from_one_request_makes_one_action(transactional_db):
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    staff = [UserFactory(staff=True), UserFactory(staff=True)]
    req = RequestFactory(institution=InstitutionFactory(), status=RequestStatus.APPROVED, reference="REQ-C-1",
                         decided_at=timezone.now())

    results = run_in_threads(*(lambda s=s: services.action_create_from_request(actor=s, request=req) for s in staff))

    assert Action.objects.filter(request=req).count() == 1
    assert sum(isinstance(r, Action) for r in results) == 1
    assert sum(isinstance(r, services.ActionError) for r in results) == 1


def test_concurrent_creation_from_two_requests_draws_two_codes(transactional_db):
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    staff = UserFactory(staff=True)
    requests = [
        RequestFactory(institution=InstitutionFactory(), status=RequestStatus.APPROVED, reference=f"REQ-C-{i}",
                       decided_at=timezone.now())
        for i in (2, 3)
    ]

    results = run_in_threads(*(lambda r=r: services.action_create_from_request(actor=staff, request=r) for r in requests))

    assert all(isinstance(r, Action) for r in results), results
    assert len({r.code for r in results}) == 2
