import pytest
from django.utils import timezone

from requests_app.models import RequestStatus
from tests.factories import ActionFactory, RequestFactory, area


@pytest.fixture
def approved_request(institution):
    return RequestFactory(
        institution=institution,
        status=RequestStatus.APPROVED,
        reference="REQ-2026-0042",
        countries=["KE", "UG"],
        title="Labour migration policy for Kenya",
        submitted_at=timezone.now(),
        decided_at=timezone.now(),
        thematic_areas=[area("LMM"), area("MD")],
    )


@pytest.fixture
def action(institution):
    """An Action of the partner institution of `partner_user`."""
    return ActionFactory(institution=institution, staff_notes="Minister hard to reach; go through the DG.")
