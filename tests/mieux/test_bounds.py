"""Out-of-range input answers with a message (a form error or a 400 page), never a 500."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from actions.models import ActivityStatus
from tests.factories import ActivityFactory, RequestFactory

pytestmark = pytest.mark.django_db
HUGE_ID = str(2**64)


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1989-12", "2101-01", "2026-13", "abc"])
def test_calendar_month_out_of_range_is_a_400_with_a_message(client_for, staff_user, month):
    response = client_for(staff_user).get(reverse("actions:calendar"), {"month": month})
    assert response.status_code == 400
    assert "YYYY-MM" in response.content.decode()


def test_calendar_month_in_range_opens(client_for, staff_user):
    assert client_for(staff_user).get(reverse("actions:calendar"), {"month": "2026-03"}).status_code == 200


def test_feed_with_the_last_representable_date_still_renders(client_for, staff_user):
    activity = ActivityFactory(title="Far future", end_date=datetime.date(9999, 12, 31))
    client = client_for(staff_user)
    response = client.get(reverse("actions:action_feed", args=[staff_user.calendar_token, activity.action.code]))
    assert response.status_code == 200
    assert any(e.get("summary").startswith("Far future") for e in Calendar.from_ical(response.content).walk("VEVENT"))


def test_activity_date_beyond_2100_is_a_form_error(client_for, staff_user):
    activity = ActivityFactory()
    url = reverse("actions:activity_edit", args=[activity.action.code, activity.pk])
    response = client_for(staff_user).post(url, {
        "type": activity.type_id, "title": activity.title, "start_date": "2026-03-10", "end_date": "9999-12-31",
        "format": activity.format, "country": "KE", "city": "Nairobi", "languages": ["en"], "status": activity.status,
    })
    assert response.status_code == 200 and "Enter a date between 1990-01-01 and 2100-12-31" in response.content.decode()
    activity.refresh_from_db()
    assert activity.end_date == datetime.date(2026, 3, 12)


def test_participants_beyond_an_integer_column_is_a_form_error(client_for, staff_user):
    activity = ActivityFactory(status=ActivityStatus.CONFIRMED)
    url = reverse("actions:activity_delivery", args=[activity.action.code, activity.pk])
    response = client_for(staff_user).post(url, {"participants_total": "3000000000"})
    assert response.status_code == 200 and "less than or equal to 2147483647" in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.CONFIRMED and activity.participants_total is None


def test_huge_ids_in_multiple_choice_fields_are_form_errors(client_for, partner_user):
    draft = RequestFactory(institution=partner_user.memberships.get().institution)
    url = reverse("requests:edit", args=[draft.pk, 1])
    response = client_for(partner_user).post(url, {"title": "T", "thematic_areas": [HUGE_ID]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("params", [{"thematic_area": HUGE_ID}, {"date_from": "0001-01-01"}, {"lead": HUGE_ID}])
def test_huge_ids_and_dates_in_filters_do_not_break_lists(client_for, staff_user, params):
    assert client_for(staff_user).get(reverse("actions:list"), params).status_code == 200
    assert client_for(staff_user).get(reverse("requests:staff_queue"), {"thematic_area": HUGE_ID}).status_code == 200
