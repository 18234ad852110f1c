import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from actions import services
from tests.factories import ActionFactory, ActivityFactory, DeploymentFactory, ExpertFactory

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events_by_summary(cal):
    return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}


def test_action_feed_parses_and_holds_the_activities(client, staff_user, action):
    ActivityFactory(action=action, title="Training of trainers", start_date=datetime.date(2026, 4, 6),
                    end_date=datetime.date(2026, 4, 8), city="Kisumu")
    ActivityFactory(title="Someone else's activity")
    url = reverse("actions:action_feed", args=[staff_user.calendar_token, action.code])

    cal = parse(client.get(url))

    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == f"Training of trainers ({action.code})"
    assert event.decoded("DTSTART") == datetime.date(2026, 4, 6)
    assert event.decoded("DTEND") == datetime.date(2026, 4, 9)  # exclusive end of an all-day event
    assert "Kisumu" in str(event["LOCATION"])
    assert str(event["STATUS"]) == "TENTATIVE"
    assert str(event["UID"]).startswith("activity-")


def test_postponed_and_cancelled_activities_update_the_feed(client, staff_user, action):
    moved = ActivityFactory(action=action, title="Study visit to Lisbon", confirmed=True)
    dropped = ActivityFactory(action=action, title="Conference in Mombasa", confirmed=True)
    url = reverse("actions:programme_feed", args=[staff_user.calendar_token])
    before = events_by_summary(parse(client.get(url)))
    uid = str(before[f"Study visit to Lisbon ({action.code})"]["UID"])

    services.activity_postpone(actor=staff_user, activity=moved)
    services.activity_replan(actor=staff_user, activity=moved, start_date=datetime.date(2026, 10, 5),
                             end_date=datetime.date(2026, 10, 9))
    services.activity_cancel(actor=staff_user, activity=dropped, note="Budget")

    after = events_by_summary(parse(client.get(url)))
    visit = after[f"Study visit to Lisbon ({action.code})"]
    assert str(visit["UID"]) == uid
    assert visit.decoded("DTSTART") == datetime.date(2026, 10, 5)
    assert int(visit["SEQUENCE"]) == 2
    cancelled = after[f"Conference in Mombasa ({action.code})"]
    assert str(cancelled["STATUS"]) == "CANCELLED" and int(cancelled["SEQUENCE"]) == 1


def test_wrong_token_gives_404(client, action):
    assert client.get(reverse("actions:programme_feed", args=["not-a-token"])).status_code == 404
    assert client.get(reverse("actions:action_feed", args=["not-a-token", action.code])).status_code == 404


def test_feed_shows_only_what_the_user_may_see(client, partner_user, other_partner, expert_user, action):
    ActivityFactory(action=action, title="Own workshop")
    other = ActivityFactory(action=ActionFactory(), title="Other workshop")

    mine = events_by_summary(parse(client.get(reverse("actions:programme_feed", args=[partner_user.calendar_token]))))
    assert [s.split(" (")[0] for s in mine] == ["Own workshop"]

    assert not list(parse(client.get(reverse("actions:programme_feed", args=[other_partner.calendar_token]))).walk("VEVENT"))
    assert client.get(reverse("actions:action_feed", args=[other_partner.calendar_token, action.code])).status_code == 404

    DeploymentFactory(activity=other, expert=ExpertFactory(user=expert_user), status="accepted")
    expert_feed = events_by_summary(parse(client.get(reverse("actions:programme_feed", args=[expert_user.calendar_token]))))
    assert [s.split(" (")[0] for s in expert_feed] == ["Other workshop"]


def test_inactive_user_token_gives_404(client, staff_user):
    staff_user.is_active = False
    staff_user.save()
    assert client.get(reverse("actions:programme_feed", args=[staff_user.calendar_token])).status_code == 404
