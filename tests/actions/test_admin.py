import datetime

import pytest
from django.urls import reverse

from actions.models import ActionEvent, ActivityEvent
from mieux.models import ImmutableEventError
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

MODELS = ["action", "activity", "actionevent", "activityevent", "surveyresponse", "actiondocument"]


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_every_actions_model(client_for, admin_user, model):
    ActivityFactory()
    assert client_for(admin_user).get(reverse(f"admin:actions_{model}_changelist")).status_code == 200


@pytest.mark.parametrize("model", ["actionevent", "activityevent", "surveyresponse"])
def test_events_and_answers_cannot_be_added_in_admin(client_for, admin_user, model):
    assert client_for(admin_user).get(reverse(f"admin:actions_{model}_add")).status_code == 403


def test_action_and_activity_change_pages_show_history(client_for, admin_user):
    activity = ActivityFactory()
    client = client_for(admin_user)
    assert client.get(reverse("admin:actions_action_change", args=[activity.action.pk])).status_code == 200
    assert client.get(reverse("admin:actions_activity_history", args=[activity.pk])).status_code == 200


def test_event_rows_are_immutable():
    activity = ActivityFactory()
    event = ActivityEvent.objects.create(activity=activity, transition="created")
    with pytest.raises(ImmutableEventError):
        event.save()
    assert ActionEvent.objects.count() == 0


def test_admin_edit_of_activity_bumps_ical_sequence(client_for, admin_user):
    activity = ActivityFactory()
    client = client_for(admin_user)
    url = reverse("admin:actions_activity_change", args=[activity.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("required_thematic_areas", "report")}
    data.update({"action": activity.action.pk, "type": activity.type.pk, "city": "Mombasa", "languages": '["en"]',
                 "required_languages": '["en"]', "start_date": "2026-03-10", "end_date": "2026-03-12",
                 "country": "KE", "format": "in_person", "experts_needed": 1,
                 "historical_feedback_answers": 0, "historical_feedback_yes": 0})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    activity.refresh_from_db()
    assert activity.city == "Mombasa" and activity.sequence == 1


def test_admin_moving_an_activity_onto_an_experts_other_booking_is_refused(client_for, admin_user):
    from tests.factories import DeploymentFactory, ExpertFactory

    expert = ExpertFactory(first_name="Eva", last_name="Expert")
    other = ActivityFactory(title="Study visit to Lisbon", start_date=datetime.date(2026, 5, 4),
                            end_date=datetime.date(2026, 5, 6))
    DeploymentFactory(activity=other, expert=expert, confirmed=True)
    activity = ActivityFactory()
    DeploymentFactory(activity=activity, expert=expert, confirmed=True)
    client = client_for(admin_user)
    url = reverse("admin:actions_activity_change", args=[activity.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("required_thematic_areas", "report")}
    data.update({"action": activity.action.pk, "type": activity.type.pk, "languages": '["en"]',
                 "required_languages": '["en"]', "start_date": "2026-05-05", "end_date": "2026-05-07",
                 "country": "KE", "format": "in_person", "experts_needed": 1,
                 "historical_feedback_answers": 0, "historical_feedback_yes": 0})
    response = client.post(url, data)
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.non_field_errors())
    assert "Eva Expert" in errors and "Study visit to Lisbon" in errors
    activity.refresh_from_db()
    assert activity.start_date == datetime.date(2026, 3, 10)
