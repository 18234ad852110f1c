"""Institutions: register, join, approve or refuse members, staff verification."""

import pytest

from mieux.models import InstitutionType
from requests_app.models import Institution, Membership, RequestEvent
from requests_app.services import institutions, intake
from requests_app.services.intake import IntakeError
from tests.factories import InstitutionFactory, MembershipFactory, RequestFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(db):
    return UserFactory(email="newcomer@example.org", full_name="Nuno Newcomer")


def test_new_partner_registers_an_institution_and_becomes_its_member(client_for, newcomer):
    client = client_for(newcomer)
    assert "Register a new institution" in client.get("/requests/institution/").content.decode()
    response = client.post("/requests/institution/", {
        "create": "1", "create-name": "Secretaría de Migración", "create-type": InstitutionType.objects.get(code="ministry").pk,
        "create-country": "PY", "create-city": "Asunción", "create-website": "migraciones.gov.py", "create-address": "",
    })
    assert response["Location"] == "/requests/"
    institution = Institution.objects.get(name="Secretaría de Migración")
    assert institution.website == "https://migraciones.gov.py"
    assert Membership.objects.get(user=newcomer).status == Membership.Status.ACTIVE
    assert not institution.is_verified


def test_registering_a_name_already_taken_in_the_country_suggests_joining(client_for, newcomer, institution):
    response = client_for(newcomer).post("/requests/institution/", {
        "create": "1", "create-name": "ministry of labour", "create-type": institution.type.pk, "create-country": "KE",
    })
    assert response.status_code == 200
    assert "ask to join it instead" in response.content.decode()
    assert Institution.objects.filter(country="KE").count() == 1


def test_join_approve_flow(client_for, newcomer, partner_user, institution, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(newcomer).post("/requests/institution/", {"join": "1", "join-institution": institution.pk})
    membership = Membership.objects.get(user=newcomer)
    assert membership.status == Membership.Status.PENDING
    assert any(m.to == [partner_user.email] and "newcomer@example.org" in m.body for m in mailoutbox)

    page = client_for(partner_user).get(f"/requests/institutions/{institution.pk}/members/").content.decode()
    assert "newcomer@example.org" in page
    with django_capture_on_commit_callbacks(execute=True):
        client_for(partner_user).post(f"/requests/institutions/{institution.pk}/members/{membership.pk}/approve/")
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE and membership.approved_by == partner_user
    assert any(m.to == [newcomer.email] for m in mailoutbox)
    assert client_for(newcomer).get("/requests/").status_code == 200


def test_member_refuses_a_newcomer_who_then_sees_nothing(client_for, newcomer, partner_user, institution):
    obj = RequestFactory(institution=institution, submitted=True)
    membership = institutions.membership_request(actor=newcomer, institution=institution)
    client_for(partner_user).post(f"/requests/institutions/{institution.pk}/members/{membership.pk}/refuse/")
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REFUSED
    assert client_for(newcomer).get(f"/requests/{obj.pk}/").status_code == 404


def test_staff_can_approve_members_of_any_institution(client_for, staff_user, newcomer, institution):
    membership = institutions.membership_request(actor=newcomer, institution=institution)
    client_for(staff_user).post(f"/requests/institutions/{institution.pk}/members/{membership.pk}/approve/")
    assert Membership.objects.get(pk=membership.pk).status == Membership.Status.ACTIVE


def test_outsider_cannot_see_or_answer_requests_to_join(client_for, other_partner, newcomer, institution):
    membership = institutions.membership_request(actor=newcomer, institution=institution)
    client = client_for(other_partner)
    assert client.get(f"/requests/institutions/{institution.pk}/members/").status_code == 404
    assert client.post(f"/requests/institutions/{institution.pk}/members/{membership.pk}/approve/").status_code == 404
    assert Membership.objects.get(pk=membership.pk).status == Membership.Status.PENDING


def test_pending_member_cannot_approve_another_pending_member(newcomer, institution):
    other = UserFactory()
    institutions.membership_request(actor=newcomer, institution=institution)
    pending = institutions.membership_request(actor=other, institution=institution)
    with pytest.raises(IntakeError):
        institutions.membership_approve(actor=newcomer, membership=pending)


def test_a_join_request_is_answered_once(partner_user, newcomer, institution):
    membership = institutions.membership_request(actor=newcomer, institution=institution)
    institutions.membership_approve(actor=partner_user, membership=membership)
    with pytest.raises(IntakeError, match="already been answered"):
        institutions.membership_refuse(actor=partner_user, membership=membership)


def test_institution_without_members_asks_staff_to_approve(staff_user, newcomer):
    lonely = InstitutionFactory(name="Parliament of Ghana", country="GH")
    institutions.membership_request(actor=newcomer, institution=lonely)
    assert staff_user.notifications.filter(kind="membership_requested").count() == 1


def test_member_updates_the_profile_which_prefills_new_requests(client_for, partner_user, institution):
    client = client_for(partner_user)
    client.post(f"/requests/institutions/{institution.pk}/members/", {
        "profile-name": "Ministry of Labour and Social Protection", "profile-type": institution.type.pk,
        "profile-country": "UG", "profile-city": "Kampala", "profile-website": "", "profile-address": "Plot 2",
    })
    institution.refresh_from_db()
    assert institution.name == "Ministry of Labour and Social Protection" and institution.country == "UG"
    client.post("/requests/new/")
    obj = institution.requests.get()
    assert obj.countries == ["UG"] and obj.contact_name == "Amina Partner"


def test_staff_verify_the_institution_from_the_request_page(client_for, staff_user, partner_user, institution):
    obj = RequestFactory(institution=institution, submitted=True)
    response = client_for(staff_user).post(f"/requests/{obj.pk}/verify-institution/", follow=True)
    assert "The institution has been verified." in response.content.decode()
    institution.refresh_from_db()
    assert institution.is_verified and institution.verified_by == staff_user
    event = RequestEvent.objects.get(request=obj, transition="institution_verified")
    assert not event.visible_to_partner
    assert "Institution verified" in client_for(staff_user).get(f"/requests/{obj.pk}/").content.decode()
    with pytest.raises(IntakeError):
        institutions.institution_verify(actor=staff_user, institution=institution)


def test_partner_cannot_verify_an_institution(client_for, partner_user, institution):
    obj = RequestFactory(institution=institution, submitted=True)
    assert client_for(partner_user).post(f"/requests/{obj.pk}/verify-institution/").status_code == 404
    with pytest.raises(IntakeError):
        institutions.institution_verify(actor=partner_user, institution=institution)
    institution.refresh_from_db()
    assert not institution.is_verified


def test_verification_never_blocks_a_submission(partner_user, institution):
    obj = RequestFactory(institution=institution)
    intake.request_submit(actor=partner_user, request_obj=obj)
    obj.refresh_from_db()
    assert obj.status == "submitted" and not institution.is_verified


def test_a_member_cannot_register_a_second_institution(partner_user):
    with pytest.raises(IntakeError):
        institutions.institution_create(
            actor=partner_user, name="Another", type=InstitutionType.objects.first(), country="KE"
        )
    assert MembershipFactory._meta.model.objects.filter(user=partner_user).count() == 1
