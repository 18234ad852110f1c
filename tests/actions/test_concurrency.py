"""Two staff members turning the same request into an Action at the same moment (real threads, PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from actions import services
from actions.evaluation import send_due_follow_ups
from actions.models import Action, ActionStatus
from actions.results_models import FollowUpSchedule, PartnerFollowUp
from mieux.models import Notification
from requests_app.models import RequestStatus
from tests.conftest import require_service
from tests.factories import ActionFactory, InstitutionFactory, MembershipFactory, RequestFactory, UserFactory

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


def test_follow_up_job_run_by_two_workers_at_once_sends_once(transactional_db):
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    institution = InstitutionFactory()
    for _ in range(3):
        MembershipFactory(institution=institution)
    staff = UserFactory(staff=True)
    action = ActionFactory(institution=institution, status=ActionStatus.ONGOING)
    services.action_complete(actor=staff, action=action)
    due = FollowUpSchedule.objects.get(action=action).due_on

    results = run_in_threads(lambda: send_due_follow_ups(due), lambda: send_due_follow_ups(due))

    assert sorted(results) == [0, 3]
    assert PartnerFollowUp.objects.filter(action=action).count() == 3
    assert Notification.objects.filter(kind="partner_follow_up_invitation").count() == 3
