"""Partner pages: who sees what (404 otherwise), the dashboard, editing rules, double submission."""

import pytest

from requests_app.models import Membership, Request, RequestEvent, RequestStatus
from tests.factories import InstitutionFactory, MembershipFactory, RequestFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_request(partner_user):
    return RequestFactory(institution=partner_user.memberships.get().institution, submitted=True)


@pytest.fixture
def draft(partner_user):
    return RequestFactory(institution=partner_user.memberships.get().institution)


PARTNER_URLS = [
    ("get", "/requests/{pk}/"),
    ("get", "/requests/{pk}/edit/1/"),
    ("post", "/requests/{pk}/edit/1/"),
    ("get", "/requests/{pk}/submit/"),
    ("post", "/requests/{pk}/submit/"),
    ("get", "/requests/{pk}/answer/"),
    ("get", "/requests/{pk}/withdraw/"),
    ("post", "/requests/{pk}/withdraw/"),
    ("post", "/requests/{pk}/messages/"),
    ("post", "/requests/{pk}/discard/"),
    ("post", "/requests/{pk}/attachments/"),
]


@pytest.mark.parametrize(("method", "url"), PARTNER_URLS)
def test_other_institutions_partner_gets_404_everywhere(client_for, other_partner, draft, method, url):
    client = client_for(other_partner)
    response = getattr(client, method)(url.format(pk=draft.pk))
    assert response.status_code == 404
    assert Request.objects.get(pk=draft.pk).status == RequestStatus.DRAFT


@pytest.mark.parametrize(("method", "url"), PARTNER_URLS)
def test_expert_gets_404_everywhere(client_for, expert_user, own_request, method, url):
    assert getattr(client_for(expert_user), method)(url.format(pk=own_request.pk)).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(client, own_request):
    response = client.get(f"/requests/{own_request.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_pending_member_sees_nothing_of_the_institution(client_for, partner_user, own_request):
    newcomer = UserFactory(email="new@example.org")
    MembershipFactory(user=newcomer, institution=own_request.institution, status=Membership.Status.PENDING)
    client = client_for(newcomer)
    assert client.get(f"/requests/{own_request.pk}/").status_code == 404
    response = client.get("/requests/")
    assert response.status_code == 302 and response["Location"] == "/requests/institution/"
    page = client.get("/requests/institution/").content.decode()
    assert "Waiting for approval" in page
    assert own_request.title not in page
    assert client.post("/requests/new/").status_code == 404
    assert client.get(f"/requests/institutions/{own_request.institution_id}/members/").status_code == 404


def test_non_partner_cannot_create_requests(client_for, staff_user, committee_user, expert_user):
    for user in (staff_user, committee_user, expert_user):
        assert client_for(user).post("/requests/new/").status_code == 404
        assert client_for(user).get("/requests/").status_code == 404
    assert not Request.objects.exists()


def test_staff_see_every_request_with_the_unverified_badge_and_all_events(client_for, staff_user, own_request):
    RequestEvent.objects.create(request=own_request, transition="note", visible_to_partner=False, note="Internal check")
    page = client_for(staff_user).get(f"/requests/{own_request.pk}/").content.decode()
    assert "Institution not yet verified" in page
    assert "Internal check" in page
    assert "Verify the institution" in page


def test_partner_timeline_shows_only_events_addressed_to_them(client_for, partner_user, own_request):
    RequestEvent.objects.create(request=own_request, transition="note", visible_to_partner=False, note="Internal check")
    RequestEvent.objects.create(request=own_request, transition="submit", note="Sent")
    page = client_for(partner_user).get(f"/requests/{own_request.pk}/").content.decode()
    assert "Internal check" not in page
    assert "Institution not yet verified" not in page
    assert "Submitted" in page


def test_committee_member_is_sent_to_the_review_page(client_for, committee_user, own_request):
    own_request.review_round = 1
    own_request.status = RequestStatus.IN_REVIEW
    own_request.save()
    response = client_for(committee_user).get(f"/requests/{own_request.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/requests/{own_request.pk}/review/"


def test_committee_member_gets_404_for_a_request_not_forwarded(client_for, committee_user, own_request):
    assert client_for(committee_user).get(f"/requests/{own_request.pk}/").status_code == 404


def test_text_is_stored_as_given_and_rendered_escaped(client_for, partner_user, draft):
    client = client_for(partner_user)
    client.post(f"/requests/{draft.pk}/edit/2/", {"background": "<script>alert(1)</script> & co", "go": "stay"})
    draft.refresh_from_db()
    assert draft.background == "<script>alert(1)</script> & co"
    page = client.get(f"/requests/{draft.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "<script>alert(1)" not in page


def test_double_submit_submits_once_and_says_so(client_for, partner_user, draft, django_capture_on_commit_callbacks):
    client = client_for(partner_user)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/requests/{draft.pk}/submit/")
        second = client.post(f"/requests/{draft.pk}/submit/", follow=True)
    assert first.status_code == 302
    assert second.status_code == 200
    assert "already been submitted" in second.content.decode()
    assert RequestEvent.objects.filter(request=draft, transition="submit").count() == 1
    assert partner_user.notifications.filter(kind="request_submitted").count() == 1


def test_submit_with_missing_fields_lists_every_missing_item(client_for, partner_user):
    institution = partner_user.memberships.get().institution
    obj = Request.objects.create(institution=institution, title="Only a title")
    response = client_for(partner_user).post(f"/requests/{obj.pk}/submit/", follow=True)
    page = response.content.decode()
    assert "The request is not complete yet" in page
    for anchor in ("1/#div_id_thematic_areas", "1/#div_id_countries", "2/#div_id_background",
                   "3/#div_id_activity_types", "4/#div_id_contact_email"):
        assert f"/requests/{obj.pk}/edit/{anchor}" in page
    assert "#div_id_title" not in page
    obj.refresh_from_db()
    assert obj.status == RequestStatus.DRAFT and obj.reference is None


def test_edit_after_submit_is_refused_with_a_message(client_for, partner_user, own_request):
    response = client_for(partner_user).post(f"/requests/{own_request.pk}/edit/2/", {"background": "x"}, follow=True)
    assert response.status_code == 200
    assert "can no longer be changed" in response.content.decode()
    own_request.refresh_from_db()
    assert own_request.background != "x"


def test_autosave_by_htmx_saves_the_step_without_reload(client_for, partner_user, draft):
    response = client_for(partner_user).post(
        f"/requests/{draft.pk}/edit/1/", {"title": "Autosaved title"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Saved at" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Autosaved title"
    assert draft.thematic_areas.count() == 0  # an unchecked box list means "none chosen"


def test_message_thread_between_partner_and_staff(
    client_for, partner_user, staff_user, own_request, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(partner_user).post(f"/requests/{own_request.pk}/messages/", {"body": "Is a letter needed?"})
    assert any(m.to == [staff_user.email] for m in mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff_user).post(f"/requests/{own_request.pk}/messages/", {"body": "Yes, from the minister."})
    assert any(m.to == [partner_user.email] and "Yes, from the minister." in m.body for m in mailoutbox)
    page = client_for(partner_user).get(f"/requests/{own_request.pk}/").content.decode()
    assert "Is a letter needed?" in page and "Yes, from the minister." in page


def test_no_message_on_a_draft(client_for, partner_user, draft):
    assert client_for(partner_user).post(f"/requests/{draft.pk}/messages/", {"body": "hi"}).status_code == 404


def test_partner_deletes_a_draft_never_submitted(client_for, partner_user, draft):
    response = client_for(partner_user).post(f"/requests/{draft.pk}/discard/")
    assert response["Location"] == "/requests/"
    assert not Request.objects.filter(pk=draft.pk).exists()


def test_withdraw_needs_a_reason(client_for, partner_user, own_request):
    response = client_for(partner_user).post(f"/requests/{own_request.pk}/withdraw/", {"reason": " "})
    assert response.status_code == 200
    own_request.refresh_from_db()
    assert own_request.status == RequestStatus.SUBMITTED


def test_decided_request_can_no_longer_be_withdrawn(client_for, partner_user, own_request):
    own_request.status = RequestStatus.APPROVED
    own_request.save()
    response = client_for(partner_user).post(f"/requests/{own_request.pk}/withdraw/", {"reason": "late"}, follow=True)
    assert "can no longer be withdrawn" in response.content.decode()
    own_request.refresh_from_db()
    assert own_request.status == RequestStatus.APPROVED


def _dashboard_queries(client, django_assert_max_num_queries, n):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/requests/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_dashboard_query_count_is_the_same_for_1_and_30_requests(client_for, partner_user, django_assert_max_num_queries):
    institution = partner_user.memberships.get().institution
    client = client_for(partner_user)
    RequestFactory(institution=institution, submitted=True)
    one, _ = _dashboard_queries(client, django_assert_max_num_queries, 1)
    for i in range(29):
        RequestFactory(institution=institution, submitted=i % 2 == 0)
    thirty, response = _dashboard_queries(client, django_assert_max_num_queries, 30)
    assert one == thirty
    assert response.content.decode().count('href="/requests/') >= 30
    with django_assert_max_num_queries(one):
        client.get("/requests/")


def test_dashboard_says_what_is_expected_next(client_for, partner_user):
    institution = partner_user.memberships.get().institution
    RequestFactory(institution=institution, info_requested=True, title="Needs an answer")
    RequestFactory(institution=institution, title="Half-written")
    RequestFactory(institution=InstitutionFactory(), title="Someone else's")
    page = client_for(partner_user).get("/requests/").content.decode()
    assert "Answer the MIEUX+ team" in page
    assert "Complete the draft and submit it." in page
    assert "2 requests need something from you." in page
    assert "Someone else" not in page


def test_step_one_shows_the_prefilled_country_selected(client_for, partner_user):
    client = client_for(partner_user)
    client.post("/requests/new/")
    obj = Request.objects.get()
    page = client.get(f"/requests/{obj.pk}/edit/1/").content.decode()
    assert '<option value="KE" selected>' in page


@pytest.mark.parametrize(("language", "phrases"), [
    ("fr", ["Demandes d’assistance", "Ce que l’on attend de vous", "Nouvelle demande"]),
    ("es", ["Solicitudes de asistencia", "Lo que se espera de usted", "Nueva solicitud"]),
])
def test_partner_pages_speak_french_and_spanish(client_for, partner_user, draft, language, phrases):
    partner_user.language = language
    partner_user.save()
    client = client_for(partner_user)
    page = client.get("/requests/").content.decode()
    for phrase in phrases:
        assert phrase in page
    step = client.get(f"/requests/{draft.pk}/edit/1/").content.decode()
    assert {"fr": "Étape 1 sur 5", "es": "Paso 1 de 5"}[language] in step
