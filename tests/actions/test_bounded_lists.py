"""The staff Action list and calendar stay bounded however many rows there are: a few per day in the
calendar with a count and a link for the rest, a paginated list, and a bounded list of approved
requests still without an Action (with their total)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from requests_app.models import RequestStatus
from tests.factories import ActivityFactory, RequestFactory

pytestmark = pytest.mark.django_db
BUSY_DAY = datetime.date(2026, 4, 15)


def test_a_busy_day_shows_four_activities_and_links_to_the_others(client_for, staff_user, action):
    for i in range(7):
        ActivityFactory(action=action, title=f"Busy workshop {i}", start_date=BUSY_DAY, end_date=BUSY_DAY)
    client = client_for(staff_user)
    body = client.get(reverse("actions:calendar"), {"month": "2026-04"}).content.decode()
    assert body.count('class="calendar-item') == 4
    assert "and 3 more" in body
    assert "?month=2026-04&amp;day=2026-04-15#activity-list" in body
    day = client.get(reverse("actions:calendar"), {"month": "2026-04", "day": "2026-04-15"}).content.decode()
    assert "Activities on 15 April 2026" in day
    assert all(f"Busy workshop {i}</a>" in day for i in range(7))


def test_the_month_list_is_paginated(client_for, staff_user, action, settings):
    for i in range(55):
        ActivityFactory(action=action, title=f"Session {i:02d}", start_date=BUSY_DAY, end_date=BUSY_DAY)
    client = client_for(staff_user)
    first = client.get(reverse("actions:calendar"), {"month": "2026-04"}).content.decode()
    assert "Page 1 of 2" in first and "Session 49</a>" in first and "Session 50</a>" not in first
    second = client.get(reverse("actions:calendar"), {"month": "2026-04", "page": 2}).content.decode()
    assert "Session 54</a>" in second


def test_action_list_shows_ten_waiting_requests_and_their_total(client_for, staff_user, institution):
    for i in range(12):
        RequestFactory(institution=institution, status=RequestStatus.APPROVED, reference=f"REQ-2026-9{i:03d}",
                       submitted_at=timezone.now(), decided_at=timezone.now())
    body = client_for(staff_user).get(reverse("actions:list")).content.decode()
    assert body.count("Create the Action") == 10
    assert "The 10 longest waiting of 12 are shown" in body
