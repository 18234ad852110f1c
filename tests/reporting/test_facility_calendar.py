"""Requests received and days to decision: one definition each, on the facility's calendar, used by
the request page, the staff dashboard (and its CSV export) and the key facts."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.checks import run_checks
from django.urls import reverse

from mieux import facility_time
from reporting.dashboard import Scope, decisions_table
from reporting.keyfacts import compute_key_facts
from requests_app import selectors
from requests_app.models import Request, RequestStatus
from requests_app.services import intake
from requests_app.services.review import add_working_days
from tests.factories import InstitutionFactory, RequestFactory, UserFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


def brussels(*args):
    return datetime.datetime(*args, tzinfo=BRUSSELS)


# --- 14.7 requests received ------------------------------------------------------------------------


def test_a_draft_withdrawn_without_ever_being_submitted_is_not_a_request_received():
    draft = RequestFactory()
    member = UserFactory(role="partner")
    draft.institution.memberships.create(user=member, status="active")
    intake.request_withdraw(actor=member, request_obj=draft, reason="We will apply next year.")
    draft.refresh_from_db()
    assert draft.status == RequestStatus.WITHDRAWN and draft.submitted_at is None
    RequestFactory(submitted=True, status=RequestStatus.WITHDRAWN)  # withdrawn after submission: counts

    assert list(Request.objects.received()) != [draft]
    assert draft not in Request.objects.received()
    assert compute_key_facts()["requests_received"] == 1
    assert Scope().requests().count() == 1
    assert draft.pk not in {r.pk for r in selectors.staff_queue()}


# --- 14.8 days to decision -------------------------------------------------------------------------


def test_days_to_decision_counts_the_facilitys_dates_not_utc_dates(settings):
    settings.FACILITY_TIME_ZONE = "Europe/Brussels"
    # 00:30 in Brussels is 23:30 UTC the day before: on UTC dates this would count 1 day.
    obj = RequestFactory(submitted=True, status=RequestStatus.APPROVED,
                         submitted_at=brussels(2026, 3, 10, 0, 30), decided_at=brussels(2026, 3, 10, 16, 0))
    assert obj.submitted_at.astimezone(datetime.UTC).date() == datetime.date(2026, 3, 9)
    assert facility_time.days_to_decision(obj.submitted_at, obj.decided_at) == 0
    assert obj.days_to_decision == 0
    assert selectors.days_to_decision(obj.submitted_at, obj.decided_at) == 0
    assert compute_key_facts()["median_days_to_decision"] == 0
    overall = selectors.pipeline_figures()
    assert overall["overall"].median_days == 0
    row = decisions_table(Scope()).rows[0]
    assert row[6] in ("0", "0.0", 0)


def test_the_dashboard_csv_export_uses_the_same_days(client, settings):
    settings.FACILITY_TIME_ZONE = "Europe/Brussels"
    RequestFactory(submitted=True, status=RequestStatus.REJECTED,
                   submitted_at=brussels(2026, 3, 10, 0, 30), decided_at=brussels(2026, 3, 12, 23, 30))
    client.force_login(UserFactory(role="staff"))
    response = client.get(reverse("staff_dashboard"), {"export": "decisions"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "2026" in body
    line = next(line for line in body.splitlines() if line.startswith("2026"))
    assert line.split(",")[6] in ("2", "2.0")


def test_the_request_page_shows_the_same_days(client, settings):
    settings.FACILITY_TIME_ZONE = "Europe/Brussels"
    obj = RequestFactory(submitted=True, status=RequestStatus.APPROVED, decision_explanation="Approved.",
                         submitted_at=brussels(2026, 3, 10, 0, 30), decided_at=brussels(2026, 3, 10, 16, 0))
    client.force_login(UserFactory(role="staff"))
    page = client.get(reverse("requests:detail", args=[obj.pk])).content.decode()
    assert "0 days after submission" in page


def test_another_facility_time_zone_gives_another_day(settings):
    settings.FACILITY_TIME_ZONE = "America/New_York"
    submitted, decided = brussels(2026, 3, 10, 0, 30), brussels(2026, 3, 10, 16, 0)
    assert facility_time.days_to_decision(submitted, decided) == 1  # 9 March 18:30 -> 10 March 11:00 there


# --- 14.8 working days and the holiday calendar ----------------------------------------------------


def test_working_days_skip_the_calendars_public_holidays(settings):
    settings.HOLIDAY_CALENDAR = "BE"
    # Tuesday 10 November 2026 + 1 working day: 11 November (Armistice) is a Belgian holiday.
    assert add_working_days(datetime.date(2026, 11, 10), 1) == datetime.date(2026, 11, 12)
    # Christmas week: Thursday 24 December + 1 = Monday 28 December.
    assert add_working_days(datetime.date(2026, 12, 24), 1) == datetime.date(2026, 12, 28)
    settings.HOLIDAY_CALENDAR = "FR"
    assert add_working_days(datetime.date(2026, 7, 20), 1) == datetime.date(2026, 7, 21)  # BE's 21 July is not FR's


def test_an_unknown_holiday_calendar_is_a_system_check_error(settings):
    settings.HOLIDAY_CALENDAR = "ZZ"
    facility_time._calendar.cache_clear()
    errors = [e.id for e in run_checks()]
    assert "mieux.E012" in errors


def test_the_deadline_shown_says_which_calendar(client, settings):
    from tests.requests_app.review_factories import forwarded_request

    settings.HOLIDAY_CALENDAR = "BE"
    staff = UserFactory(role="staff")
    obj = forwarded_request(InstitutionFactory(), staff)
    client.force_login(staff)
    page = client.get(reverse("requests:detail", args=[obj.pk])).content.decode()
    assert "weekends and public holidays of BE" in page
