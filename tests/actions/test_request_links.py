"""The staff Action list's "Approved requests without an Action" reads a flag kept on the request:
whatever the door an Action comes through or leaves by, the list must stay true."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actions import request_links, services
from actions.models import Action
from requests_app.models import Request, RequestStatus
from tests.factories import ActionFactory, RequestFactory
from tests.reporting.import_helpers import portfolio, run_ok

pytestmark = pytest.mark.django_db


def waiting(client):
    body = client.get(reverse("actions:list")).content.decode()
    section = body.split('id="pending-heading"', 1)[1].split("</section>", 1)[0] if 'id="pending-heading"' in body else ""
    return {ref for ref in ("REQ-2026-0901", "REQ-2026-0902") if ref in section}


@pytest.fixture
def approved(institution):
    return [
        RequestFactory(institution=institution, status=RequestStatus.APPROVED, reference=f"REQ-2026-090{i}",
                       submitted_at=timezone.now(), decided_at=timezone.now())
        for i in (1, 2)
    ]


def test_creating_moving_and_deleting_an_action_keeps_the_waiting_list_true(client_for, staff_user, approved):
    client = client_for(staff_user)
    assert waiting(client) == {"REQ-2026-0901", "REQ-2026-0902"}
    action = services.action_create_from_request(actor=staff_user, request=approved[0])
    assert waiting(client) == {"REQ-2026-0902"}
    moved = Action.objects.get(pk=action.pk)  # read back, as the admin would
    moved.request = approved[1]
    moved.save()
    assert waiting(client) == {"REQ-2026-0901"}
    Action.objects.get(pk=action.pk).delete()
    assert waiting(client) == {"REQ-2026-0901", "REQ-2026-0902"}


def test_bulk_inserted_actions_are_caught_up_by_refresh_derived_data(client_for, staff_user, approved):
    other = ActionFactory()  # its region and phase, for the bulk-inserted one
    Action.objects.bulk_create([ActionFactory.build(request=approved[0], institution=approved[0].institution,
                                                    region=other.region, phase=other.phase)])
    client = client_for(staff_user)
    assert waiting(client) == {"REQ-2026-0901", "REQ-2026-0902"}  # bulk inserts send no save()
    call_command("refresh_derived_data", skip_files=True, stdout=io.StringIO())
    assert waiting(client) == {"REQ-2026-0902"}
    assert request_links.refresh_all() == 0


def test_imported_actions_mark_their_requests(tmp_path):
    run_ok(portfolio(tmp_path))
    with_action = Request.objects.filter(action__isnull=False)
    assert with_action.exists()
    assert set(Request.objects.filter(has_action=True).values_list("pk", flat=True)) == set(
        with_action.values_list("pk", flat=True))
    assert not request_links.awaiting_action().filter(action__isnull=False).exists()


def test_actions_deleted_in_bulk_send_their_requests_back_to_the_list(client_for, staff_user, approved):
    services.action_create_from_request(actor=staff_user, request=approved[0])
    client = client_for(staff_user)
    assert waiting(client) == {"REQ-2026-0902"}
    Action.objects.filter(request=approved[0]).delete()  # the admin's "delete selected" does this
    assert waiting(client) == {"REQ-2026-0901", "REQ-2026-0902"}
