"""PostgreSQL-only: concurrent bookings of one expert (real threads, real transactions) and full-text search."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from experts import services
from experts.models import Deployment, DeploymentStatus
from tests.conftest import require_service
from tests.factories import ActivityFactory, DeploymentFactory, ExpertFactory, UserFactory

D = datetime.date


def run_concurrently(*calls):
    """Run each call in its own thread and database connection, released together by a barrier."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[index] = "ok"
        except services.DeploymentError as exc:
            outcomes[index] = exc
        except Exception as exc:  # noqa: BLE001 - surfaced by the assertions below
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_staff_confirming_one_expert_on_overlapping_activities_at_once_only_one_wins(transactional_db):
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    staff_a = UserFactory(staff=True)
    staff_b = UserFactory(staff=True)
    expert = ExpertFactory()
    # Both accepted (the second activity was moved onto the first one's dates after acceptance).
    first = DeploymentFactory(expert=expert, accepted=True, activity=ActivityFactory(start_date=D(2027, 6, 1), end_date=D(2027, 6, 3)))
    second = DeploymentFactory(expert=expert, accepted=True, activity=ActivityFactory(start_date=D(2027, 6, 2), end_date=D(2027, 6, 4)))

    for _attempt in range(3):
        outcomes = run_concurrently(
            lambda: services.deployment_confirm(actor=staff_a, deployment=first),
            lambda: services.deployment_confirm(actor=staff_b, deployment=second),
        )
        assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
        refused = next(o for o in outcomes if o != "ok")
        assert isinstance(refused, services.DeploymentError) and "overlap" in str(refused)
        statuses = sorted(Deployment.objects.filter(expert=expert).values_list("status", flat=True))
        assert statuses == [DeploymentStatus.ACCEPTED, DeploymentStatus.CONFIRMED]
        # Reset and race again: the result must not depend on luck.
        Deployment.objects.filter(expert=expert).update(status=DeploymentStatus.ACCEPTED)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_acceptances_on_overlapping_dates_only_one_wins(transactional_db):
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    user = UserFactory(expert=True)
    expert = ExpertFactory(user=user)
    first = DeploymentFactory(expert=expert, activity=ActivityFactory(start_date=D(2027, 7, 1), end_date=D(2027, 7, 3)))
    second = DeploymentFactory(expert=expert, activity=ActivityFactory(start_date=D(2027, 7, 3), end_date=D(2027, 7, 5)))
    outcomes = run_concurrently(
        lambda: services.deployment_accept(actor=user, deployment=first),
        lambda: services.deployment_accept(actor=user, deployment=second),
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    assert Deployment.objects.filter(expert=expert, status=DeploymentStatus.ACCEPTED).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_full_text_search_matches_stems_and_names(transactional_db, client):
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    staff = UserFactory(staff=True)
    trafficking = ExpertFactory(first_name="Ines", last_name="Moreau", biography="Investigated trafficking networks for ten years.")
    reception = ExpertFactory(first_name="Paul", last_name="Keller", biography="Runs reception centres.", employer="Fedasil")
    client.force_login(staff)

    def ids(q):
        return {e.pk for e in client.get(reverse("experts:roster"), {"q": q}).context["page"].object_list}

    assert ids("investigating networks") == {trafficking.pk}  # English stemming
    assert ids("moreau") == {trafficking.pk}
    assert ids("Fedasil") == {reception.pk}
    assert ids("reception OR trafficking") == {trafficking.pk, reception.pk}
    assert ids("asylum") == set()
