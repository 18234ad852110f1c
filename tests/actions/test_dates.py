"""The date rules of Actions and activities (actions/dates.py), through the services and the admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import services
from actions.dates import check_actual_dates
from actions.models import Action, ActionStatus, Activity, ActivityStatus
from tests.factories import ActionFactory, ActivityFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


# --- 1. delivery only once the activity has started -------------------------------------------------


def test_delivery_of_a_future_activity_is_refused_naming_its_start(staff_user, action):
    activity = ActivityFactory(action=action, confirmed=True, title="Regional workshop",
                               start_date=days(60), end_date=days(63))
    with pytest.raises(services.ActionError, match="Regional workshop"):
        services.activity_deliver(actor=staff_user, activity=activity, participants_total=20)
    activity.refresh_from_db()
    action.refresh_from_db()
    assert activity.status == ActivityStatus.CONFIRMED and activity.participants_total is None
    assert action.status == ActionStatus.PLANNED and action.actual_start is None


def test_delivery_is_recorded_from_the_start_day_on(staff_user, action):
    activity = ActivityFactory(action=action, confirmed=True, start_date=today(), end_date=days(2))
    services.activity_deliver(actor=staff_user, activity=activity, participants_total=20)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DELIVERED


def test_staff_page_offers_delivery_only_from_the_start_date_and_the_form_refuses_before(
    client_for, staff_user, action
):
    activity = ActivityFactory(action=action, confirmed=True, title="Regional workshop",
                               start_date=days(30), end_date=days(31))
    client = client_for(staff_user)
    page = client.get(reverse("actions:activity", args=[action.code, activity.pk])).content.decode()
    assert "Record delivery" not in page and "Its delivery can be recorded from" in page
    url = reverse("actions:activity_delivery", args=[action.code, activity.pk])
    response = client.post(url, {"participants_total": 10}, follow=True)
    assert "Regional workshop" in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.CONFIRMED
    Activity.objects.filter(pk=activity.pk).update(start_date=today(), end_date=days(1))
    page = client.get(reverse("actions:activity", args=[action.code, activity.pk])).content.decode()
    assert "Record delivery" in page


def test_a_delivered_activity_cannot_be_moved_into_the_future(staff_user, action):
    activity = ActivityFactory(action=action, delivered=True)
    with pytest.raises(services.ActionError, match="starts on"):
        services.activity_update(actor=staff_user, activity=activity,
                                 data={"start_date": days(10), "end_date": days(11)})
    activity.refresh_from_db()
    assert activity.start_date == D(2026, 3, 10)


# --- 5. closed Actions take no new, re-planned or confirmed activity -------------------------------------


@pytest.mark.parametrize("status", [ActionStatus.COMPLETED, ActionStatus.CANCELLED])
def test_closed_action_refuses_confirming_and_replanning(staff_user, status):
    action = ActionFactory(status=status, code="MIEUX-2026-900-KE")
    planned = ActivityFactory(action=action)
    postponed = ActivityFactory(action=action, postponed=True)
    with pytest.raises(services.ActionError, match="MIEUX-2026-900-KE"):
        services.activity_confirm(actor=staff_user, activity=planned)
    with pytest.raises(services.ActionError, match="MIEUX-2026-900-KE"):
        services.activity_replan(actor=staff_user, activity=postponed, start_date=days(5), end_date=days(6))
    assert set(Activity.objects.filter(action=action).values_list("status", flat=True)) == {"planned", "postponed"}


def test_completion_is_refused_while_an_activity_is_postponed(staff_user, action):
    ActivityFactory(action=action, delivered=True)
    postponed = ActivityFactory(action=action, postponed=True)
    services.action_start(actor=staff_user, action=action)
    with pytest.raises(services.ActionError, match="postponed"):
        services.action_complete(actor=staff_user, action=action)
    services.activity_cancel(actor=staff_user, activity=postponed)
    services.action_complete(actor=staff_user, action=action)
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETED


def test_admin_cannot_add_an_activity_to_a_completed_action(client_for, admin_user):
    action = ActionFactory(status=ActionStatus.COMPLETED, code="MIEUX-2026-901-KE")
    template = ActivityFactory(action=ActionFactory())
    response = client_for(admin_user).post(reverse("admin:actions_activity_add"), _admin_activity_data(
        template, action=action.pk, ref="MIEUX-2026-901-KE-A01"))
    assert response.status_code == 200
    assert "MIEUX-2026-901-KE" in str(response.context["adminform"].form.non_field_errors())
    assert not action.activities.exists()


# --- 6. the Action's actual dates come from its delivered activities, never in the future ---------------


def test_late_delivery_sets_actual_start_to_the_activitys_start_date(staff_user, action):
    activity = ActivityFactory(action=action, confirmed=True, start_date=D(2026, 3, 10), end_date=D(2026, 3, 12))
    services.activity_deliver(actor=staff_user, activity=activity, participants_total=12)
    action.refresh_from_db()
    assert action.status == ActionStatus.ONGOING and action.actual_start == D(2026, 3, 10)
    activity.refresh_from_db()
    activity.action = action
    assert not activity.outside_action_dates


def test_an_earlier_activity_delivered_later_moves_the_actual_start_back(staff_user, action):
    later = ActivityFactory(action=action, confirmed=True, start_date=D(2026, 5, 4), end_date=D(2026, 5, 5))
    earlier = ActivityFactory(action=action, confirmed=True, start_date=D(2026, 4, 1), end_date=D(2026, 4, 2))
    services.activity_deliver(actor=staff_user, activity=later, participants_total=10)
    services.activity_deliver(actor=staff_user, activity=earlier, participants_total=10)
    action.refresh_from_db()
    assert action.actual_start == D(2026, 4, 1)


def test_completion_sets_actual_end_to_the_last_delivered_end_date(staff_user, action):
    for start, end in ((D(2026, 3, 10), D(2026, 3, 12)), (D(2026, 6, 1), D(2026, 6, 3))):
        services.activity_deliver(actor=staff_user, participants_total=5, activity=ActivityFactory(
            action=action, confirmed=True, start_date=start, end_date=end))
    services.action_complete(actor=staff_user, action=action)
    action.refresh_from_db()
    assert (action.actual_start, action.actual_end) == (D(2026, 3, 10), D(2026, 6, 3))


def test_actual_end_is_never_in_the_future(staff_user, action):
    activity = ActivityFactory(action=action, confirmed=True, start_date=today(), end_date=days(3))
    services.activity_deliver(actor=staff_user, activity=activity, participants_total=5)
    services.action_complete(actor=staff_user, action=action)
    action.refresh_from_db()
    assert action.actual_start == today() and action.actual_end == today()


def test_staff_typed_future_actual_dates_are_refused(staff_user, action):
    with pytest.raises(services.ActionError, match="future"):
        services.action_update(actor=staff_user, action=action, data={"actual_start": days(1)})
    with pytest.raises(services.ActionError, match="before the actual start"):
        services.action_update(actor=staff_user, action=action,
                               data={"actual_start": D(2026, 3, 1), "actual_end": D(2026, 2, 1)})
    action.refresh_from_db()
    assert action.actual_start is None


def test_staff_form_shows_the_future_actual_date_refusal(client_for, staff_user, action):
    client = client_for(staff_user)
    url = reverse("actions:edit", args=[action.code])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"thematic_areas": [a.pk for a in action.thematic_areas.all()], "countries": ["KE"],
                 "actual_start": days(5).isoformat()})
    data["lead"] = staff_user.pk
    response = client.post(url, data)
    assert response.status_code == 200 and "in the future" in response.content.decode()
    action.refresh_from_db()
    assert action.actual_start is None


def test_admin_refuses_future_actual_dates(client_for, admin_user, action):
    client = client_for(admin_user)
    url = reverse("admin:actions_action_change", args=[action.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("thematic_areas",)}
    data.update({"thematic_areas": [a.pk for a in action.thematic_areas.all()], "countries": "KE",
                 "region": action.region.pk, "phase": action.phase.pk, "actual_end": days(30).isoformat(),
                 "activities-TOTAL_FORMS": 0, "activities-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "in the future" in str(response.context["adminform"].form.non_field_errors())
    assert Action.objects.get(pk=action.pk).actual_end is None


def test_check_actual_dates_accepts_today_and_the_past():
    check_actual_dates(today(), today())
    check_actual_dates(None, None)


def _admin_activity_data(activity, **overrides):
    data = {
        "action": activity.action.pk, "ref": activity.ref or "X-A01", "type": activity.type.pk,
        "title": activity.title, "description": "", "start_date": activity.start_date.isoformat(),
        "end_date": activity.end_date.isoformat(), "format": "in_person", "country": "KE", "city": "Nairobi",
        "languages": '["en"]', "required_languages": '["en"]', "experts_needed": 1, "planned_participants": 20,
        "historical_feedback_answers": 0, "historical_feedback_yes": 0, "agenda": "",
    }
    data.update(overrides)
    return data
