"""iCalendar (RFC 5545) feeds of activities; `activity_vevent` is reused by the experts' feed."""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from actions.models import ActivityFormat, ActivityStatus
from actions.workflow import TENTATIVE_ACTIVITY_STATUSES

PRODID = "-//ICMPD//MIEUX+ portal//EN"
UID_DOMAIN = "mieux-initiative.eu"


def activity_uid(activity):
    # Stable for the activity's whole life, so a calendar app updates the event instead of adding one.
    return f"activity-{activity.pk}@{UID_DOMAIN}"


def activity_status(activity):
    if activity.status == ActivityStatus.CANCELLED:
        return "CANCELLED"
    if activity.status in TENTATIVE_ACTIVITY_STATUSES:
        return "TENTATIVE"
    return "CONFIRMED"


def exclusive_end(end_date):
    """The day after `end_date`; the last representable day stays itself, so one odd date (imported or
    typed before dates were bounded) cannot break a whole feed."""
    try:
        return end_date + datetime.timedelta(days=1)
    except OverflowError:
        return end_date


def activity_vevent(activity, *, summary_prefix="", extra_description=""):
    """One VEVENT for an activity: all-day dates, SEQUENCE from `activity.sequence`, STATUS from its state.

    A postponed activity keeps its last dates with STATUS:TENTATIVE until it is re-planned; a cancelled
    one stays in the feed with STATUS:CANCELLED so subscribed calendars remove or strike it.
    """
    action = activity.action
    event = Event()
    event.add("uid", activity_uid(activity))
    event.add("dtstamp", timezone.now())
    event.add("last-modified", activity.updated_at)
    event.add("created", activity.created_at)
    event.add("sequence", activity.sequence)
    event.add("dtstart", activity.start_date)
    # DTEND of an all-day event is exclusive (RFC 5545 3.6.1).
    event.add("dtend", exclusive_end(activity.end_date))
    title = f"{summary_prefix}{activity.title} ({action.code})"
    if activity.status == ActivityStatus.POSTPONED:
        title = f"[{activity.get_status_display()}] {title}"
    event.add("summary", title)
    event.add("status", activity_status(activity))
    event.add("transp", "TRANSPARENT")
    if activity.format == ActivityFormat.ONLINE:
        event.add("location", str(activity.get_format_display()))
    else:
        place = ", ".join(p for p in (activity.city, activity.country.name if activity.country else "") if p)
        if place:
            event.add("location", place)
    event.add("categories", [str(activity.type.localized_name)])
    lines = [
        f"{action.code} – {action.title}",
        f"{activity.type.localized_name} · {activity.get_format_display()} · {activity.get_status_display()}",
    ]
    if activity.description:
        lines += ["", activity.description]
    if extra_description:
        lines += ["", extra_description]
    url = settings.SITE_URL.rstrip("/") + activity.get_absolute_url()
    lines += ["", url]
    event.add("description", "\n".join(lines))
    event.add("url", url)
    return event


def build_calendar(activities, *, name, description=""):
    """A VCALENDAR with one VEVENT per activity, as bytes ready for a `text/calendar` response."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    if description:
        cal.add("x-wr-caldesc", description)
    # Calendar apps poll at most hourly; activities rarely move faster than that.
    cal.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for activity in activities:
        cal.add_component(activity_vevent(activity))
    return cal.to_ical()
