"""The facility's calendar: its time zone, its public holidays, and the day arithmetic built on them.

One definition of "days to decision" (DESIGN section 4): the number of calendar days between the
date of first submission and the date of the decision, both taken in the facility's time zone
(`FACILITY_TIME_ZONE`, Brussels by default). A request submitted at 00:30 and decided at 16:00 on
the same Brussels day took 0 days, whatever UTC says. The request page, the staff dashboard, the key
facts and every export call `days_to_decision`.

Working days (review deadlines) skip weekends and the public holidays of `HOLIDAY_CALENDAR`, taken
from the maintained `holidays` package: an ISO country code (optionally `HOLIDAY_SUBDIVISION`) or a
financial calendar such as `ECB`.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _


def facility_zone() -> ZoneInfo:
    return ZoneInfo(settings.FACILITY_TIME_ZONE)


def facility_date(moment: datetime | date) -> date:
    """The calendar date of `moment` in the facility's time zone (naive datetimes count as UTC)."""
    if isinstance(moment, datetime):
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, ZoneInfo("UTC"))
        return moment.astimezone(facility_zone()).date()
    return moment


def facility_today() -> date:
    return facility_date(timezone.now())


def days_to_decision(submitted_at, decided_at) -> int | None:
    """Calendar days from first submission to decision, on the facility's dates."""
    if submitted_at is None or decided_at is None:
        return None
    return (facility_date(decided_at) - facility_date(submitted_at)).days


@functools.lru_cache(maxsize=8)
def _calendar(code: str, subdivision: str):
    if code.upper() in holidays.list_supported_financial():
        return holidays.financial_holidays(code.upper())
    return holidays.country_holidays(code.upper(), subdiv=subdivision or None)


def holiday_calendar():
    """The `holidays` calendar of `HOLIDAY_CALENDAR` (raises NotImplementedError for an unknown code)."""
    return _calendar(settings.HOLIDAY_CALENDAR, settings.HOLIDAY_SUBDIVISION)


def holiday_calendar_name() -> str:
    """How the calendar is named next to a deadline, e.g. "public holidays of BE"."""
    code = settings.HOLIDAY_CALENDAR.upper()
    if settings.HOLIDAY_SUBDIVISION:
        code = f"{code}-{settings.HOLIDAY_SUBDIVISION.upper()}"
    return _("weekends and public holidays of %(calendar)s") % {"calendar": code}


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holiday_calendar()


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (weekends and the calendar's holidays skipped)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current
