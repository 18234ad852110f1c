"""A verified institution renamed (or moved, or retyped) by a partner loses its verification; staff are
told, and the history says who changed what."""

import pytest
from django.urls import reverse
from django.utils import timezone

from requests_app.services import institutions as intake

pytestmark = pytest.mark.django_db


def profile(institution, **changes):
    data = {
        "profile-name": institution.name, "profile-type": institution.type.pk, "profile-country": str(institution.country),
        "profile-city": institution.city, "profile-website": institution.website, "profile-address": institution.address,
    }
    data.update({f"profile-{k}": v for k, v in changes.items()})
    return data


@pytest.fixture
def verified(institution, staff_user):
    institution.verified_at, institution.verified_by = timezone.now(), staff_user
    institution.save()
    return institution


@pytest.mark.parametrize("change", [{"name": "Ministry of Truth"}, {"country": "UG"}])
def test_partner_changing_a_verified_field_drops_the_verification_and_tells_staff(
    client_for, partner_user, staff_user, verified, change
):
    client_for(partner_user).post(reverse("requests:members", args=[verified.pk]), profile(verified, **change))
    verified.refresh_from_db()
    assert not verified.is_verified and verified.verified_by is None
    note = staff_user.notifications.get(kind="institution_unverified")
    assert "verify it again" in note.subject and list(change.values())[0] in note.body
    latest = verified.history.first()
    assert latest.history_user == partner_user
    assert any(c.field in change for c in latest.diff_against(latest.prev_record).changes)


def test_partner_changing_the_type_drops_the_verification(partner_user, verified):
    from mieux.models import InstitutionType

    other = InstitutionType.objects.exclude(pk=verified.type_id).first()
    intake.institution_update(actor=partner_user, institution=verified, data={"type": other})
    verified.refresh_from_db()
    assert not verified.is_verified


def test_partner_changing_only_the_address_keeps_the_verification(client_for, partner_user, staff_user, verified):
    client_for(partner_user).post(reverse("requests:members", args=[verified.pk]), profile(verified, address="New street 1"))
    verified.refresh_from_db()
    assert verified.is_verified and verified.address == "New street 1"
    assert not staff_user.notifications.filter(kind="institution_unverified").exists()


def test_staff_correcting_the_name_keeps_the_verification(staff_user, verified):
    intake.institution_update(actor=staff_user, institution=verified, data={"name": "Ministry of Labour (corrected)"})
    verified.refresh_from_db()
    assert verified.is_verified


def test_admin_history_of_an_institution_opens(client_for, admin_user, partner_user, verified):
    intake.institution_update(actor=partner_user, institution=verified, data={"name": "Renamed ministry"})
    page = client_for(admin_user).get(reverse("admin:requests_app_institution_history", args=[verified.pk]))
    assert page.status_code == 200 and "Amina Partner" in page.content.decode()
