import datetime

import pytest
from django.urls import reverse

from actions.models import Action, ActionStatus, ActivityStatus
from requests_app.models import RequestStatus
from tests.factories import (
    ActionFactory,
    ActivityFactory,
    DeploymentFactory,
    ExpertFactory,
    RequestFactory,
    UserFactory,
    activity_type,
)

pytestmark = pytest.mark.django_db


def detail_url(action):
    return reverse("actions:detail", args=[action.code])


# --- who sees what -----------------------------------------------------------------------------------

def test_staff_sees_action_page_with_staff_notes(client_for, staff_user, action):
    response = client_for(staff_user).get(detail_url(action))
    assert response.status_code == 200
    assert "Minister hard to reach" in response.content.decode()


def test_partner_of_the_institution_sees_page_without_staff_notes(client_for, partner_user, action):
    ActivityFactory(action=action, title="Workshop on recruitment agencies")
    response = client_for(partner_user).get(detail_url(action))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Workshop on recruitment agencies" in body
    assert "Minister hard to reach" not in body


def test_partner_of_another_institution_gets_404(client_for, other_partner, action):
    activity = ActivityFactory(action=action)
    client = client_for(other_partner)
    assert client.get(detail_url(action)).status_code == 404
    assert client.get(activity.get_absolute_url()).status_code == 404


def test_expert_not_deployed_gets_404_and_deployed_expert_sees(client_for, expert_user, action):
    activity = ActivityFactory(action=action)
    client = client_for(expert_user)
    assert client.get(detail_url(action)).status_code == 404
    DeploymentFactory(activity=activity, expert=ExpertFactory(user=expert_user), status="invited")
    assert client.get(detail_url(action)).status_code == 200
    assert client.get(activity.get_absolute_url()).status_code == 200


def test_proposed_but_not_invited_expert_gets_404(client_for, expert_user, action):
    activity = ActivityFactory(action=action)
    DeploymentFactory(activity=activity, expert=ExpertFactory(user=expert_user), status="proposed")
    assert client_for(expert_user).get(detail_url(action)).status_code == 404


def test_anonymous_gets_404_on_staff_pages(client, action):
    activity = ActivityFactory(action=action)
    for url in (detail_url(action), activity.get_absolute_url(), reverse("actions:list"), reverse("actions:calendar"),
                reverse("actions:edit", args=[action.code])):
        assert client.get(url).status_code == 404, url


def test_anonymous_sees_only_published_public_pages(client):
    published = ActionFactory(published=True)
    hidden = ActionFactory()
    assert client.get(reverse("public_action", args=[published.code])).status_code == 200
    assert client.get(reverse("public_action", args=[hidden.code])).status_code == 404


@pytest.mark.parametrize("name", ["list", "calendar"])
def test_partner_gets_404_on_staff_only_pages(client_for, partner_user, name):
    assert client_for(partner_user).get(reverse(f"actions:{name}")).status_code == 404


def test_partner_cannot_edit_or_move_own_action(client_for, partner_user, action):
    client = client_for(partner_user)
    activity = ActivityFactory(action=action, confirmed=True)
    assert client.get(reverse("actions:edit", args=[action.code])).status_code == 404
    assert client.post(reverse("actions:transition", args=[action.code, "cancel"])).status_code == 404
    assert client.post(reverse("actions:activity_transition", args=[action.code, activity.pk, "postpone"])).status_code == 404
    assert client.get(reverse("actions:activity_delivery", args=[action.code, activity.pk])).status_code == 404
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED


def test_staff_only_documents_hidden_from_partner(client_for, staff_user, partner_user, action, tmp_path):
    from django.core.files.base import ContentFile

    from actions.models import ActionDocument

    secret = ActionDocument(action=action, title="Internal budget", visible_to_partner=False)
    secret.file.save("budget.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    shared = ActionDocument(action=action, title="Agenda of the workshop", visible_to_partner=True)
    shared.file.save("agenda.pdf", ContentFile(b"%PDF-1.4 y"), save=True)
    client = client_for(partner_user)
    body = client.get(detail_url(action)).content.decode()
    assert "Agenda of the workshop" in body and "Internal budget" not in body
    assert client.get(reverse("actions:document", args=[action.code, secret.pk])).status_code == 404
    assert client.get(reverse("actions:document", args=[action.code, shared.pk])).status_code == 200


# --- staff flows --------------------------------------------------------------------------------------

def test_staff_creates_action_from_request_page(client_for, staff_user, approved_request):
    client = client_for(staff_user)
    url = reverse("actions:create_from_request", args=[approved_request.pk])
    assert approved_request.title in client.get(url).content.decode()
    response = client.post(url)
    action = Action.objects.get(request=approved_request)
    assert response.status_code == 302 and response.url == detail_url(action)
    again = client.post(url, follow=True)
    assert "already became the Action" in again.content.decode()
    assert Action.objects.filter(request=approved_request).count() == 1


def test_list_offers_approved_requests_without_action(client_for, staff_user, approved_request):
    body = client_for(staff_user).get(reverse("actions:list")).content.decode()
    assert reverse("actions:create_from_request", args=[approved_request.pk]) in body


def test_create_from_request_404_for_partner(client_for, partner_user, approved_request):
    url = reverse("actions:create_from_request", args=[approved_request.pk])
    assert client_for(partner_user).post(url).status_code == 404
    assert not Action.objects.exists()


def test_staff_adds_activity_and_form_rejects_end_before_start(client_for, staff_user, action):
    client = client_for(staff_user)
    url = reverse("actions:activity_create", args=[action.code])
    data = {"type": activity_type().pk, "title": "Regional workshop on return", "start_date": "2026-05-10",
            "end_date": "2026-05-08", "format": "in_person", "country": "KE", "city": "Nairobi", "languages": ["en"],
            "experts_needed": 2}
    response = client.post(url, data)
    assert response.status_code == 200 and not action.activities.exists()
    response = client.post(url, {**data, "end_date": "2026-05-12"})
    assert response.status_code == 302
    activity = action.activities.get()
    assert activity.title == "Regional workshop on return" and activity.experts_needed == 2


def test_staff_delivery_form_refuses_parts_above_total(client_for, staff_user, action):
    activity = ActivityFactory(action=action, confirmed=True)
    url = reverse("actions:activity_delivery", args=[action.code, activity.pk])
    client = client_for(staff_user)
    response = client.post(url, {"participants_total": 10, "participants_women": 8, "participants_men": 5})
    assert response.status_code == 200
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.CONFIRMED
    assert client.post(url, {"participants_total": 13, "participants_women": 8, "participants_men": 5}).status_code == 302
    activity.refresh_from_db()
    action.refresh_from_db()
    assert activity.status == ActivityStatus.DELIVERED and action.status == ActionStatus.ONGOING


def test_ongoing_unpublished_action_proposes_publishing(client_for, staff_user, action):
    action.status = ActionStatus.ONGOING
    action.save()
    body = client_for(staff_user).get(detail_url(action)).content.decode()
    assert "Publish now" in body


def test_activities_outside_action_dates_are_flagged(client_for, staff_user, action):
    ActivityFactory(action=action, start_date=datetime.date(2028, 1, 1), end_date=datetime.date(2028, 1, 2))
    body = client_for(staff_user).get(detail_url(action)).content.decode()
    assert "Outside the Action" in body


def test_action_list_filters(client_for, staff_user):
    ActionFactory(title="Asylum reception in Morocco", countries=["MA"], status=ActionStatus.ONGOING)
    ActionFactory(title="Diaspora engagement in Ghana", countries=["GH"])
    client = client_for(staff_user)
    body = client.get(reverse("actions:list"), {"country": "MA"}).content.decode()
    assert "Asylum reception" in body and "Diaspora engagement" not in body
    body = client.get(reverse("actions:list"), {"status": "planned"}).content.decode()
    assert "Asylum reception" not in body and "Diaspora engagement" in body
    body = client.get(reverse("actions:list"), {"q": "diaspora"}).content.decode()
    assert "Diaspora engagement" in body and "Asylum reception" not in body


def test_calendar_shows_month_activities(client_for, staff_user, action):
    ActivityFactory(action=action, title="Round-table on data", start_date=datetime.date(2026, 3, 30), end_date=datetime.date(2026, 4, 2))
    ActivityFactory(action=action, title="Far away training", start_date=datetime.date(2026, 6, 1), end_date=datetime.date(2026, 6, 2))
    body = client_for(staff_user).get(reverse("actions:calendar"), {"month": "2026-04"}).content.decode()
    assert "Round-table on data" in body and "Far away training" not in body


# --- query counts -------------------------------------------------------------------------------------

def _count_queries(client, url, django_assert_max_num_queries, n):
    with django_assert_max_num_queries(n) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_action_list_query_count_constant(client_for, staff_user, django_assert_max_num_queries):
    client = client_for(staff_user)
    ActivityFactory()
    RequestFactory(status=RequestStatus.APPROVED, reference="REQ-1")
    one = _count_queries(client, reverse("actions:list"), django_assert_max_num_queries, 30)
    for _ in range(24):
        ActivityFactory(action=ActionFactory(lead=UserFactory(staff=True)))
    RequestFactory(status=RequestStatus.APPROVED, reference="REQ-2")
    many = _count_queries(client, reverse("actions:list"), django_assert_max_num_queries, one)
    assert many == one


def test_action_page_query_count_constant(client_for, staff_user, action, django_assert_max_num_queries):
    client = client_for(staff_user)
    ActivityFactory(action=action, delivered=True)
    one = _count_queries(client, detail_url(action), django_assert_max_num_queries, 40)
    for i in range(29):
        ActivityFactory(action=action, confirmed=bool(i % 2))
    many = _count_queries(client, detail_url(action), django_assert_max_num_queries, one)
    assert many == one


def test_list_filter_answers_htmx_with_the_table_only(client_for, staff_user):
    ActionFactory(title="Asylum reception in Morocco", countries=["MA"])
    response = client_for(staff_user).get(
        reverse("actions:list"), {"country": "MA"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="action-results"
    )
    body = response.content.decode()
    assert "Asylum reception" in body and "<html" not in body


def test_action_page_in_french(client_for, staff_user, action):
    from django.conf import settings

    client = client_for(staff_user)
    staff_user.language = "fr"
    staff_user.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    body = client.get(detail_url(action)).content.decode()
    assert "Ajouter une activité" in body and "Domaines thématiques" in body


def test_report_download_404_for_other_partner(client_for, staff_user, other_partner, partner_user, action):
    from django.core.files.base import ContentFile

    activity = ActivityFactory(action=action, delivered=True)
    activity.report.save("report.pdf", ContentFile(b"%PDF-1.4 report"), save=True)
    url = reverse("actions:activity_report", args=[action.code, activity.pk])
    assert client_for(other_partner).get(url).status_code == 404
    assert client_for(partner_user).get(url).status_code == 200


def test_staff_edits_action_and_refuses_end_before_start(client_for, staff_user, action):
    from tests.factories import area

    client = client_for(staff_user)
    url = reverse("actions:edit", args=[action.code])
    assert client.get(url).status_code == 200
    data = {"title": "New title", "countries": ["KE"], "region": action.region.pk, "phase": action.phase.pk,
            "lead": staff_user.pk, "planned_start": "2026-01-01", "planned_end": "2025-01-01",
            "thematic_areas": [area("MD").pk]}
    assert client.post(url, data).status_code == 200
    assert client.post(url, {**data, "planned_end": "2027-01-01"}).status_code == 302
    action.refresh_from_db()
    assert action.title == "New title" and list(action.thematic_areas.values_list("code", flat=True)) == ["MD"]
    assert action.history.count() >= 2


def test_staff_postpones_then_replans_through_the_pages(client_for, staff_user, action):
    activity = ActivityFactory(action=action, confirmed=True)
    client = client_for(staff_user)
    client.post(reverse("actions:activity_transition", args=[action.code, activity.pk, "postpone"]), {"note": "Floods"})
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.POSTPONED
    response = client.post(reverse("actions:activity_replan", args=[action.code, activity.pk]),
                           {"start_date": "2026-06-01", "end_date": "2026-06-03"})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED and activity.start_date == datetime.date(2026, 6, 1)


def test_staff_publishes_from_the_page(client_for, staff_user, action):
    client = client_for(staff_user)
    client.post(reverse("actions:publish", args=[action.code]), {"publish": "1"})
    action.refresh_from_db()
    assert action.is_public
    client.post(reverse("actions:publish", args=[action.code]), {"publish": "0"})
    action.refresh_from_db()
    assert not action.is_public


def test_unknown_step_is_404(client_for, staff_user, action):
    assert client_for(staff_user).post(reverse("actions:transition", args=[action.code, "explode"])).status_code == 404


def test_survey_link_on_staff_activity_page_only(client_for, staff_user, partner_user, action):
    activity = ActivityFactory(action=action)
    sheet = reverse("survey_sheet", args=[activity.pk])
    assert sheet in client_for(staff_user).get(activity.get_absolute_url()).content.decode()
    assert sheet not in client_for(partner_user).get(activity.get_absolute_url()).content.decode()


def test_partner_follows_own_actions_only(client_for, partner_user, action):
    ActionFactory(title="Someone else's Action")
    ActivityFactory(action=action, title="Coming workshop", start_date=datetime.date.today() + datetime.timedelta(days=10),
                    end_date=datetime.date.today() + datetime.timedelta(days=11))
    body = client_for(partner_user).get(reverse("actions:mine")).content.decode()
    assert action.title in body and "Someone else" not in body and "Coming workshop" in body


def test_my_actions_empty_for_other_partner_and_404_for_anonymous(client_for, client, other_partner, action):
    assert client.get(reverse("actions:mine")).status_code == 404
    body = client_for(other_partner).get(reverse("actions:mine")).content.decode()
    assert action.title not in body


def test_calendar_and_feed_query_counts_constant(client_for, staff_user, action, django_assert_max_num_queries):
    client = client_for(staff_user)
    ActivityFactory(action=action)
    calendar_url = reverse("actions:calendar") + "?month=2026-03"
    feed_url = reverse("actions:programme_feed", args=[staff_user.calendar_token])
    calendar_one = _count_queries(client, calendar_url, django_assert_max_num_queries, 20)
    feed_one = _count_queries(client, feed_url, django_assert_max_num_queries, 10)
    for _ in range(29):
        ActivityFactory(action=ActionFactory())
    assert _count_queries(client, calendar_url, django_assert_max_num_queries, calendar_one) == calendar_one
    assert _count_queries(client, feed_url, django_assert_max_num_queries, feed_one) == feed_one


def test_staff_uploads_and_removes_a_document_partner_cannot(client_for, staff_user, partner_user, action):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from actions.models import ActionDocument

    client = client_for(staff_user)
    url = reverse("actions:document_upload", args=[action.code])
    fake = SimpleUploadedFile("agenda.pdf", b"not a pdf", content_type="application/pdf")
    assert client.post(url, {"title": "Agenda", "file": fake, "visible_to_partner": "on"}).status_code == 200
    real = SimpleUploadedFile("agenda.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert client.post(url, {"title": "Agenda", "file": real, "visible_to_partner": "on"}).status_code == 302
    document = ActionDocument.objects.get(action=action)
    assert document.content_type == "application/pdf" and document.uploaded_by == staff_user

    delete_url = reverse("actions:document_delete", args=[action.code, document.pk])
    assert client_for(partner_user).post(delete_url).status_code == 404
    assert client_for(staff_user).post(delete_url).status_code == 302
    assert not ActionDocument.objects.exists()
