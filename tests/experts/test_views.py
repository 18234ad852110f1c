import datetime
import io
import json
import zipfile

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from experts import services
from experts.models import Deployment, DeploymentStatus, Expert
from experts.services import invitations
from tests.factories import (
    ActivityFactory,
    DeploymentFactory,
    ExpertFactory,
    UnavailabilityFactory,
    UserFactory,
    area,
    employer_type,
    region,
)

pytestmark = pytest.mark.django_db

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def expert(expert_user):
    return ExpertFactory(user=expert_user, email=expert_user.email, first_name="Eva", last_name="Expert", consented=True)


# --- denied cases ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,args",
    [("experts:roster", []), ("experts:create", [])],
)
def test_staff_pages_are_404_for_partner_and_expert(client_for, partner_user, expert, name, args):
    for user in (partner_user, expert.user):
        assert client_for(user).get(reverse(name, args=args)).status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("experts:roster"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_expert_sees_only_own_profile(client_for, expert):
    other = ExpertFactory()
    client = client_for(expert.user)
    assert client.get(reverse("experts:detail", args=[expert.pk])).status_code == 200
    assert client.get(reverse("experts:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("experts:edit", args=[expert.pk])).status_code == 404


def test_partner_cannot_see_any_profile(client_for, partner_user, expert):
    assert client_for(partner_user).get(reverse("experts:detail", args=[expert.pk])).status_code == 404


def test_own_pages_are_404_for_non_experts(client_for, staff_user, partner_user):
    for user in (staff_user, partner_user):
        client = client_for(user)
        for name in ("experts:dashboard", "experts:profile_edit", "experts:my_data"):
            assert client.get(reverse(name)).status_code == 404


def test_match_page_is_404_for_partner_and_expert(client_for, partner_user, expert):
    activity = ActivityFactory()
    for user in (partner_user, expert.user):
        assert client_for(user).get(reverse("experts:match", args=[activity.pk])).status_code == 404


def test_other_expert_cannot_act_on_a_deployment(client_for, expert):
    deployment = DeploymentFactory()
    response = client_for(expert.user).post(reverse("experts:transition", args=[deployment.pk, "accept"]))
    assert response.status_code == 404
    assert client_for(expert.user).post(reverse("experts:rate", args=[deployment.pk]), {"rating": 5}).status_code == 404
    assert client_for(expert.user).post(reverse("experts:feedback", args=[deployment.pk]), {}).status_code == 404


# --- staff profile management ------------------------------------------------------------------------


def test_staff_create_profile_with_languages(client_for, staff_user):
    data = {
        "ref": "EXP-900", "first_name": "Kwame", "last_name": "Mensah", "email": "kwame@example.org",
        "gender": "M", "nationality": "GH", "employer_type": employer_type("non_eu_admin").pk,
        "employer": "Ghana Immigration Service", "thematic_areas": [area("IRR").pk], "status": "active",
        "languages-TOTAL_FORMS": "2", "languages-INITIAL_FORMS": "0", "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "12", "languages-0-language": "en", "languages-0-level": "C2",
        "languages-1-language": "fr", "languages-1-level": "B1",
    }
    response = client_for(staff_user).post(reverse("experts:create"), data)
    expert = Expert.objects.get(ref="EXP-900")
    assert response.status_code == 302 and response["Location"] == expert.get_absolute_url()
    assert sorted(expert.languages.values_list("language", "level")) == [("en", "C2"), ("fr", "B1")]
    assert list(expert.thematic_areas.values_list("code", flat=True)) == ["IRR"]


def test_staff_invite_to_claim_and_erase_from_the_profile_page(client_for, staff_user):
    person = ExpertFactory(email="person@example.org")
    client = client_for(staff_user)
    client.post(reverse("experts:invite_claim", args=[person.pk]))
    person.refresh_from_db()
    assert person.user is not None
    client.post(reverse("experts:erase", args=[person.pk]))
    person.refresh_from_db()
    assert person.erased_at and person.email is None


# --- the expert's own profile ---------------------------------------------------------------------


def own_profile_data(expert, **extra):
    data = {
        "first_name": expert.first_name, "last_name": expert.last_name, "email": expert.email, "gender": "F",
        "nationality": "FR", "employer_type": expert.employer_type_id, "employer": "Ministère de l'Intérieur",
        "biography": "Border management expert.",
        "languages-TOTAL_FORMS": "1", "languages-INITIAL_FORMS": "0", "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "12", "languages-0-language": "en", "languages-0-level": "native",
    }
    data.update(extra)
    return data


def test_consent_is_required_before_the_profile_is_saved(client_for, expert_user):
    expert = ExpertFactory(user=expert_user, email=expert_user.email)
    client = client_for(expert_user)
    response = client.post(reverse("experts:profile_edit"), own_profile_data(expert))
    assert response.status_code == 200 and "consent" in response.context["form"].errors
    expert.refresh_from_db()
    assert expert.consent_at is None and expert.biography == ""
    response = client.post(reverse("experts:profile_edit"), own_profile_data(expert, consent="on"))
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.consent_at and expert.consent_version and expert.biography == "Border management expert."


def test_profile_with_current_consent_saves_without_asking_again(client_for, expert):
    response = client_for(expert.user).post(reverse("experts:profile_edit"), own_profile_data(expert))
    assert response.status_code == 302


@pytest.mark.parametrize("name,content", [("cv.pdf", PDF), ("cv.docx", None)])
def test_cv_pdf_or_docx_accepted_and_downloadable_by_owner_and_staff(client_for, expert, staff_user, name, content):
    content = content or docx_bytes()
    client = client_for(expert.user)
    client.post(reverse("experts:profile_cv"), {"cv": SimpleUploadedFile(name, content)})
    expert.refresh_from_db()
    assert expert.cv.name.endswith(name)
    response = client.get(reverse("experts:cv", args=[expert.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == content
    assert client_for(staff_user).get(reverse("experts:cv", args=[expert.pk])).status_code == 200


@pytest.mark.parametrize("name,content", [("cv.pdf", b"MZ\x90\x00 not a pdf"), ("cv.png", b"\x89PNG\r\n\x1a\n0000")])
def test_cv_of_another_type_is_refused_by_content(client_for, expert, name, content):
    response = client_for(expert.user).post(reverse("experts:profile_cv"), {"cv": SimpleUploadedFile(name, content)}, follow=True)
    expert.refresh_from_db()
    assert not expert.cv
    assert "not an accepted file" in response.content.decode()


def test_cv_of_another_expert_is_404(client_for, expert):
    other = ExpertFactory()
    other.cv.save("cv.pdf", SimpleUploadedFile("cv.pdf", PDF), save=True)
    assert client_for(expert.user).get(reverse("experts:cv", args=[other.pk])).status_code == 404


def test_unavailability_added_and_removed_by_the_expert_only(client_for, expert):
    client = client_for(expert.user)
    client.post(reverse("experts:unavailability_add"), {"start_date": "2026-12-20", "end_date": "2027-01-05", "reason": "Holidays"})
    period = expert.unavailabilities.get()
    other = UnavailabilityFactory()
    assert client.post(reverse("experts:unavailability_delete", args=[other.pk])).status_code == 404
    client.post(reverse("experts:unavailability_delete", args=[period.pk]))
    assert not expert.unavailabilities.exists()


def test_data_export_downloads_json_of_own_data(client_for, expert):
    DeploymentFactory(expert=expert, completed=True)
    response = client_for(expert.user).get(reverse("experts:my_data"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == expert.email and len(data["deployments"]) == 1


def test_erasure_request_records_and_tells_staff(client_for, expert, staff_user):
    client_for(expert.user).post(reverse("experts:erasure_request"))
    expert.refresh_from_db()
    assert expert.erasure_requested_at
    assert staff_user.notifications.filter(kind="expert_erasure_requested").count() == 1


# --- roster filters and search ---------------------------------------------------------------------


def roster_ids(client, **params):
    response = client.get(reverse("experts:roster"), params)
    assert response.status_code == 200
    return {e.pk for e in response.context["page"].object_list}


def test_roster_filters(client_for, staff_user):
    fr = ExpertFactory(nationality="FR", languages=[("en", "C1"), ("fr", "native")], thematic_areas=[area("LMM")],
                       countries_experience=["KE"])
    ma = ExpertFactory(non_eu=True, languages=[("en", "B1"), ("ar", "native")], thematic_areas=[area("IRR")])
    ma.regions_experience.set([region("SOU")])
    inactive = ExpertFactory(inactive=True)
    client = client_for(staff_user)
    assert roster_ids(client) == {fr.pk, ma.pk}
    assert roster_ids(client, status="inactive") == {inactive.pk}
    assert roster_ids(client, status="all") == {fr.pk, ma.pk, inactive.pk}
    assert roster_ids(client, thematic_area=area("IRR").pk) == {ma.pk}
    assert roster_ids(client, language="en") == {fr.pk, ma.pk}
    assert roster_ids(client, language="en", min_level="B2") == {fr.pk}
    assert roster_ids(client, nationality="MA") == {ma.pk}
    assert roster_ids(client, eu="non_eu") == {ma.pk}
    assert roster_ids(client, eu="eu") == {fr.pk}
    assert roster_ids(client, employer_type=employer_type("non_eu_admin").pk) == {ma.pk}
    assert roster_ids(client, region=region("AFR").pk) == {fr.pk}
    assert roster_ids(client, region=region("SOU").pk) == {ma.pk}
    assert roster_ids(client, country="KE") == {fr.pk}


def test_roster_available_between_two_dates(client_for, staff_user):
    free = ExpertFactory()
    away = ExpertFactory()
    booked = ExpertFactory()
    UnavailabilityFactory(expert=away, start_date=D(2027, 3, 1), end_date=D(2027, 3, 10))
    DeploymentFactory(expert=booked, confirmed=True, activity=ActivityFactory(start_date=D(2027, 3, 9), end_date=D(2027, 3, 12)))
    client = client_for(staff_user)
    assert roster_ids(client, available_from="2027-03-05", available_to="2027-03-09") == {free.pk}
    assert roster_ids(client, available_from="2027-03-11", available_to="2027-03-20") == {free.pk, away.pk}
    assert roster_ids(client, available_from="2027-04-01", available_to="2027-04-02") == {free.pk, away.pk, booked.pk}


def test_roster_search_over_names_biography_and_employer(client_for, staff_user):
    a = ExpertFactory(first_name="Amadou", last_name="Diallo", biography="Expert in diaspora engagement", employer="OIM")
    b = ExpertFactory(first_name="Lena", last_name="Berg", biography="Asylum reception", employer="Swedish Migration Agency")
    client = client_for(staff_user)
    assert roster_ids(client, q="Diallo") == {a.pk}
    assert roster_ids(client, q="diaspora") == {a.pk}
    assert roster_ids(client, q="Swedish") == {b.pk}
    assert roster_ids(client, q="nothing-like-this") == set()


def test_roster_query_count_constant(client_for, staff_user, django_assert_max_num_queries):
    client = client_for(staff_user)
    ExpertFactory(languages=[("en", "C1")], thematic_areas=[area("LMM")])
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("experts:roster"))
    for _ in range(29):
        ExpertFactory(languages=[("en", "C1"), ("fr", "B2")], thematic_areas=[area("LMM"), area("IRR")])
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("experts:roster"))
    assert len(response.context["page"].object_list) == 30


# --- matching page ---------------------------------------------------------------------------------


def test_match_page_query_count_constant_and_propose_invite(client_for, staff_user, django_assert_max_num_queries):
    activity = ActivityFactory(start_date=D(2027, 5, 1), end_date=D(2027, 5, 2))
    client = client_for(staff_user)
    first = ExpertFactory(languages=[("en", "C1")], thematic_areas=[area("LMM")])
    url = reverse("experts:match", args=[activity.pk])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(29):
        ExpertFactory(languages=[("en", "C1")], thematic_areas=[area("LMM")])
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    # The top 20 first, compactly; "Show more candidates" brings the rest.
    assert len(response.context["candidates"]) == 20
    assert "Thematic fit" in response.content.decode()
    assert "Show more candidates" in response.content.decode()
    assert len(client.get(url, {"limit": 40}).context["candidates"]) == 30

    client.post(reverse("experts:propose", args=[activity.pk]), {"expert": first.pk, "do": "propose"})
    assert Deployment.objects.get(activity=activity, expert=first).status == DeploymentStatus.PROPOSED
    second = ExpertFactory()
    client.post(reverse("experts:propose", args=[activity.pk]), {"expert": second.pk, "do": "invite"})
    assert Deployment.objects.get(activity=activity, expert=second).status == DeploymentStatus.INVITED


def test_match_page_show_unavailable_lists_the_reason(client_for, staff_user):
    activity = ActivityFactory(start_date=D(2027, 5, 1), end_date=D(2027, 5, 2))
    away = ExpertFactory(last_name="Faraway")
    UnavailabilityFactory(expert=away, start_date=D(2027, 4, 1), end_date=D(2027, 5, 30))
    client = client_for(staff_user)
    assert "Faraway" not in client.get(reverse("experts:match", args=[activity.pk])).content.decode()
    page = client.get(reverse("experts:match", args=[activity.pk]), {"show_unavailable": "1"}).content.decode()
    assert "Faraway" in page and "unavailable from 2027-04-01" in page


# --- deployments through the portal ----------------------------------------------------------------


def test_staff_confirm_and_expert_accept_through_views(client_for, staff_user, expert):
    deployment = DeploymentFactory(expert=expert)
    client_for(expert.user).post(reverse("experts:transition", args=[deployment.pk, "accept"]))
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.ACCEPTED
    response = client_for(staff_user).post(reverse("experts:transition", args=[deployment.pk, "confirm"]))
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.CONFIRMED
    assert response["Location"] == deployment.activity.get_absolute_url()


def test_refused_booking_shows_the_reason(client_for, expert):
    DeploymentFactory(expert=expert, confirmed=True, activity=ActivityFactory(title="Busy week", start_date=D(2027, 1, 1), end_date=D(2027, 1, 5)))
    deployment = DeploymentFactory(expert=expert, activity=ActivityFactory(start_date=D(2027, 1, 3), end_date=D(2027, 1, 4)))
    response = client_for(expert.user).post(reverse("experts:transition", args=[deployment.pk, "accept"]), follow=True)
    assert "Busy week" in response.content.decode()
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.INVITED


def test_feedback_and_rating_forms(client_for, staff_user, expert):
    deployment = DeploymentFactory(expert=expert, completed=True)
    client_for(expert.user).post(reverse("experts:feedback", args=[deployment.pk]), {"beneficial": "yes", "satisfaction": "4", "comment": "Good"})
    client_for(staff_user).post(reverse("experts:rate", args=[deployment.pk]), {"rating": "5", "comment": "Excellent"})
    deployment.refresh_from_db()
    assert (deployment.beneficial, deployment.satisfaction, deployment.staff_rating) == (True, 4, 5)


# --- signed invitation links ----------------------------------------------------------------------


def test_accept_through_the_signed_link_without_logging_in(client, expert):
    deployment = DeploymentFactory(expert=expert)
    url = reverse("experts:invitation", args=[services.invitation_token(deployment)])
    page = client.get(url)
    assert page.status_code == 200 and deployment.activity.title in page.content.decode()
    client.post(url, {"answer": "accept"})
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.ACCEPTED
    assert deployment.events.get(transition="accept").data == {"via_link": True}


def test_decline_through_the_signed_link(client, expert):
    deployment = DeploymentFactory(expert=expert)
    url = reverse("experts:invitation", args=[services.invitation_token(deployment)])
    answered = client.post(url, {"answer": "decline", "note": "On leave"})
    assert "Your answer is recorded" in answered.content.decode()
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.DECLINED
    # The answer retired the link: it now says so instead of offering the buttons again.
    again = client.get(url)
    assert again.status_code == 400 and "earlier invitation" in again.content.decode()


def test_link_of_a_declined_invitation_does_not_accept_the_next_one(client, expert, staff_user):
    deployment = DeploymentFactory(expert=expert)
    first_link = reverse("experts:invitation", args=[services.invitation_token(deployment)])
    client.post(first_link, {"answer": "decline"})
    services.deployment_repropose(actor=staff_user, deployment=deployment)
    services.deployment_invite(actor=staff_user, deployment=deployment)
    refused = client.post(first_link, {"answer": "accept"})
    assert refused.status_code == 400 and "earlier invitation" in refused.content.decode()
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.INVITED
    second_link = reverse("experts:invitation", args=[services.invitation_token(deployment)])
    assert client.post(second_link, {"answer": "accept"}).status_code == 200
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.ACCEPTED


def test_tampered_link_is_refused(client, expert):
    deployment = DeploymentFactory(expert=expert)
    token = services.invitation_token(deployment)
    forged = signing.TimestampSigner(salt="another").sign_object({"d": deployment.pk, "e": deployment.expert_id})
    for bad in (token[:-2] + ("aa" if not token.endswith("aa") else "bb"), forged, "garbage"):
        response = client.post(reverse("experts:invitation", args=[bad]), {"answer": "accept"})
        assert response.status_code == 400 and "not valid" in response.content.decode()
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.INVITED


def test_expired_link_is_refused(client, expert, settings, monkeypatch):
    deployment = DeploymentFactory(expert=expert)
    token = services.invitation_token(deployment)
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() + (settings.INVITATION_LINK_MAX_AGE_DAYS + 1) * 86400)
    response = client.post(reverse("experts:invitation", args=[token]), {"answer": "accept"})
    assert response.status_code == 400 and "expired" in response.content.decode()
    deployment.refresh_from_db()
    assert deployment.status == DeploymentStatus.INVITED


def test_link_of_another_expert_pair_is_refused(client, expert):
    deployment = DeploymentFactory(expert=expert)
    token = signing.TimestampSigner(salt=invitations.INVITATION_SALT).sign_object({"d": deployment.pk, "e": deployment.expert_id + 999})
    assert client.get(reverse("experts:invitation", args=[token])).status_code == 400


# --- dashboard and calendar -----------------------------------------------------------------------


def test_dashboard_lists_invitations_upcoming_past_and_calendar(client_for, expert):
    invited = DeploymentFactory(expert=expert, activity=ActivityFactory(title="Invited workshop", start_date=D(2030, 1, 1), end_date=D(2030, 1, 2)))
    upcoming = DeploymentFactory(expert=expert, confirmed=True, activity=ActivityFactory(title="Upcoming training", start_date=D(2030, 2, 1), end_date=D(2030, 2, 2)))
    past = DeploymentFactory(expert=expert, completed=True, activity=ActivityFactory(title="Past visit", start_date=D(2020, 2, 1), end_date=D(2020, 2, 2)))
    DeploymentFactory(expert=expert, proposed=True, activity=ActivityFactory(title="Internal proposal"))
    response = client_for(expert.user).get(reverse("experts:dashboard"))
    ctx = response.context
    assert ctx["invitations"] == [invited] and ctx["upcoming"] == [upcoming] and ctx["past"] == [past]
    body = response.content.decode()
    assert "Internal proposal" not in body and expert.user.calendar_token in body
    assert "Tell us how it went" in body


def test_calendar_feed_by_token(client, expert):
    DeploymentFactory(expert=expert, confirmed=True, activity=ActivityFactory(title="Training in Accra"))
    DeploymentFactory(expert=expert, activity=ActivityFactory(title="Only invited"))
    response = client.get(reverse("experts:calendar", args=[expert.user.calendar_token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VCALENDAR" in body and "Training in Accra" in body and "Only invited" not in body
    assert client.get(reverse("experts:calendar", args=["wrong-token"])).status_code == 404


# --- includes on the actions pages -----------------------------------------------------------------


def render_include(template, **context):
    return Template("{% include '" + template + "' %}").render(Context(context))


def test_activity_deployments_include_staff_sees_all_partner_sees_confirmed(staff_user, partner_user):
    activity = ActivityFactory()
    DeploymentFactory(activity=activity, confirmed=True, expert=ExpertFactory(last_name="Confirmedova"))
    DeploymentFactory(activity=activity, proposed=True, expert=ExpertFactory(last_name="Proposedson"))
    staff_html = render_include("experts/_activity_deployments.html", activity=activity, user=staff_user)
    assert "Confirmedova" in staff_html and "Proposedson" in staff_html and "Find experts" in staff_html
    partner_html = render_include("experts/_activity_deployments.html", activity=activity, user=partner_user)
    assert "Confirmedova" in partner_html and "Proposedson" not in partner_html and "Find experts" not in partner_html


def test_complete_button_is_offered_only_once_the_activity_took_place(staff_user):
    from experts.templatetags.experts_tags import activity_deployments

    activity = ActivityFactory(confirmed=True)
    DeploymentFactory(activity=activity, confirmed=True)
    names = [b.name for b in activity_deployments(activity, staff_user)["rows"][0]["buttons"]]
    assert "complete" not in names and "cancel" in names
    activity.status = "delivered"
    names = [b.name for b in activity_deployments(activity, staff_user)["rows"][0]["buttons"]]
    assert "complete" in names


def test_action_experts_include_constant_queries(staff_user, partner_user, django_assert_num_queries):
    activity = ActivityFactory()
    DeploymentFactory(activity=activity, confirmed=True, expert=ExpertFactory(last_name="Shown"))
    DeploymentFactory(activity=activity, proposed=True, expert=ExpertFactory(last_name="Hidden"))
    with django_assert_num_queries(1):
        html = render_include("experts/_action_experts.html", action=activity.action, user=partner_user)
    assert "Shown" in html and "Hidden" not in html
    for _ in range(5):
        DeploymentFactory(activity=ActivityFactory(action=activity.action), confirmed=True)
    with django_assert_num_queries(1):
        html = render_include("experts/_action_experts.html", action=activity.action, user=staff_user)
    assert "Hidden" in html


def test_activity_deployments_include_constant_queries(staff_user, django_assert_num_queries):
    activity = ActivityFactory()
    for _ in range(6):
        DeploymentFactory(activity=activity)
    with django_assert_num_queries(1):
        render_include("experts/_activity_deployments.html", activity=activity, user=staff_user)


def test_other_user_is_not_an_expert_without_role(client_for):
    stranger = UserFactory()
    assert client_for(stranger).get(reverse("experts:dashboard")).status_code == 404


def test_profile_page_shows_languages_and_staff_only_rating(client_for, staff_user, expert):
    expert.languages.create(language="en", level="C2")
    DeploymentFactory(expert=expert, completed=True, staff_rating=2)
    staff_page = client_for(staff_user).get(reverse("experts:detail", args=[expert.pk])).content.decode()
    assert "English (C2)" in staff_page and "rated 2/5" in staff_page
    own_page = client_for(expert.user).get(reverse("experts:detail", args=[expert.pk])).content.decode()
    assert "English (C2)" in own_page and "rated 2/5" not in own_page


def test_propose_with_htmx_returns_only_the_button_cell(client_for, staff_user):
    activity = ActivityFactory(start_date=D(2027, 5, 1), end_date=D(2027, 5, 2))
    expert = ExpertFactory(last_name="Swapped")
    response = client_for(staff_user).post(
        reverse("experts:propose", args=[activity.pk]), {"expert": expert.pk, "do": "invite"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "On this activity: Invited" in body
    again = client_for(staff_user).post(
        reverse("experts:propose", args=[activity.pk]), {"expert": expert.pk, "do": "propose"}, HTTP_HX_REQUEST="true"
    )
    assert "already on this activity" in again.content.decode()


def test_roster_with_an_invalid_date_still_answers(client_for, staff_user):
    ExpertFactory()
    response = client_for(staff_user).get(reverse("experts:roster"), {"available_to": "not-a-date"})
    assert response.status_code == 200


def test_invitation_link_opened_by_another_logged_in_expert_records_the_invited_expert(client_for, expert):
    deployment = DeploymentFactory(expert=expert)
    other = UserFactory(expert=True)
    client_for(other).post(reverse("experts:invitation", args=[services.invitation_token(deployment)]), {"answer": "decline"})
    event = deployment.events.get(transition="decline")
    assert event.actor == expert.user
